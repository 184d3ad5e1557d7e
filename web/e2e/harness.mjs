// End-to-end harness: the FULL local stack (stack/start.mjs: Nostr relay, NWC wallets, zooid emulator)
// plus the backend jar (which serves the built web app) on free 127.0.0.1 ports, a temp SQLite file and a
// generated admin key; Debian's Chromium through playwright-core. Everything started here is stopped by
// stopAll() — also on an uncaught error, a signal or process exit — and the backend JVM runs under
// e2e/guard.mjs, which stops it when this process goes away, so no run leaves orphans.
// e2e/run.mjs starts one stack and one backend for all the files it runs and names them in CARAVEL_E2E_ENV (a JSON
// file, see sharedEnv): startEnv then hands those out instead of starting its own, so a file run alone by hand still
// starts everything it needs and a file run by run.mjs starts nothing but its browser.
// Used by the e2e test files (node --test), e2e/flotilla (bun test) and bench/ (bun).
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { request as httpRequest } from "node:http";
import { createInterface } from "node:readline";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { nsecEncode, npubEncode } from "nostr-tools/nip19";

const here = dirname(fileURLToPath(import.meta.url));
export const WEB = resolve(here, "..");
export const ROOT = resolve(WEB, "..");
export const JAR = process.env.CARAVEL_JAR
  ? resolve(process.env.CARAVEL_JAR)
  : join(ROOT, "backend", "target", "caravel.jar");
// the backend's compiled tests beside the jar (mvn package and mvn verify both build them): the clock-controlled
// launcher (caravel.testing.ClockControlledMain) is there, never in the jar
export const TEST_CLASSES = join(dirname(JAR), "test-classes");
/** The environment variable naming run.mjs's shared environment (a JSON file, see sharedEnv). */
export const SHARED_ENV = "CARAVEL_E2E_ENV";
export const OUT = join(ROOT, "test-output");
export const SHOTS = join(OUT, "screenshots");
// E2E_LOGS: another folder for a suite's logs (the deploy test keeps its own, test-output/deploy)
export const LOGS = process.env.E2E_LOGS ? resolve(process.env.E2E_LOGS) : join(OUT, "e2e");
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// ---------------------------------------------------------------------------------------------
// process bookkeeping

/** @type {Set<{name: string, child: import("node:child_process").ChildProcess}>} */
const running = new Set();
const cleanups = [];

function alive(child) {
  return child.exitCode === null && child.signalCode === null;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

async function stopProcess(p, graceMs = 10_000) {
  const { child } = p;
  if (alive(child)) {
    const exited = new Promise((res) => child.once("exit", res));
    try {
      child.stdin?.end();
    } catch {
      /* closed */
    }
    killGroup(child, "SIGTERM");
    const t = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(t);
  }
  // Children of the group that outlived their leader (should not happen): make sure.
  killGroup(child, "SIGKILL");
  running.delete(p);
}

/** Stops every process started here (backend first, then the stack) and removes temp dirs. */
export async function stopAll() {
  const procs = [...running].reverse();
  for (const p of procs) await stopProcess(p);
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch {
      /* best effort */
    }
  }
}

process.once("exit", () => {
  for (const p of running) killGroup(p.child, "SIGKILL");
});
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(sig, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

function spawnTracked(name, cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  const p = { name, child };
  running.add(p);
  child.once("exit", () => {
    if (!alive(child)) running.delete(p);
  });
  return p;
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts another program (the deploy test's Caddy) tracked like the stack: stopped by stopAll(), killed when this
 * process exits. Its output goes to LOGS/<name>.log.
 * @param {string} name
 * @param {string} cmd
 * @param {string[]} args
 * @param {{env?: Record<string, string>, cwd?: string}} [o]
 */
export function startProgram(name, cmd, args, o = {}) {
  mkdirSync(LOGS, { recursive: true });
  const log = join(LOGS, `${name}.log`);
  const fd = openSync(log, "w");
  cleanups.push(() => closeSync(fd));
  const p = spawnTracked(name, cmd, args, { cwd: o.cwd, env: o.env, stdio: ["ignore", fd, fd] });
  return { child: p.child, log, alive: () => alive(p.child), tail: () => tail(log) };
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
      s.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// the local stack and the backend

/**
 * @typedef {{ready: true, relay_url: string, wallet_control_url: string, platform_nwc_url: string,
 *   tenant_nwc_url: string, zooid_api_url: string, zooid_api_secret: string, zooid_relay_origin: string,
 *   zooid_config_dir: string, relay_domain: string, stripe_api_base: string, stripe_secret_key: string,
 *   stripe_webhook_secret: string, stripe_price_basic: string, stripe_price_growth: string, price_url: string,
 *   price_control_url: string, dns_resolver: string | null, dns_control_url: string | null,
 *   zooid_line: "archived" | "newer"}} StackInfo
 */

/**
 * node stack/start.mjs --random-ports; resolves with its ready line.
 * @param {{dns?: boolean}} [o] dns: also the local DNS server (dns_resolver for the backend's DNS_RESOLVERS)
 */
export async function startStack(o = {}) {
  mkdirSync(LOGS, { recursive: true });
  const log = join(LOGS, "stack.log");
  const fd = openSync(log, "w");
  cleanups.push(() => closeSync(fd));
  const args = [join(ROOT, "stack", "start.mjs"), "--random-ports", ...(o.dns ? ["--dns"] : [])];
  const p = spawnTracked("stack", "node", args, {
    cwd: join(ROOT, "stack"),
    stdio: ["pipe", "pipe", fd],
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
  });
  const ready = await new Promise((res, rej) => {
    const rl = createInterface({ input: p.child.stdout });
    const timer = setTimeout(
      () => rej(new Error(`the local stack did not get ready in 60 s; see ${log}:\n${tail(log)}`)),
      60_000,
    );
    rl.on("line", (line) => {
      if (!line.startsWith('{"ready":true')) return;
      clearTimeout(timer);
      res(/** @type {StackInfo} */ (JSON.parse(line)));
    });
    p.child.once("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`the local stack exited (${code}) before it was ready; see ${log}:\n${tail(log)}`));
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  p.child.stdout.resume();
  return /** @type {StackInfo} */ (ready);
}

let javaHome;
function findJava() {
  if (javaHome) return javaHome;
  try {
    javaHome = execFileSync(
      "bash",
      ["-c", `source "${ROOT}/scripts/lib.sh" && find_java >/dev/null && printf %s "$JAVA_HOME"`],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    ).trim();
  } catch (e) {
    throw new Error(`no JDK 21+ found (scripts/lib.sh find_java): ${e.stderr || e.message}`);
  }
  return javaHome;
}

function hex(bytes) {
  return Buffer.from(bytes).toString("hex");
}

export function newKey() {
  return keyOf(generateSecretKey());
}

/** The key of a secret key: its public key, nsec and npub. */
export function keyOf(sk) {
  const pubkey = getPublicKey(sk);
  return { sk, pubkey, nsec: nsecEncode(sk), npub: npubEncode(pubkey) };
}

/**
 * The backend jar on a free port, wired to the stack the way scripts/run.sh does it.
 * @param {StackInfo} stack
 * @param {{admins?: string[], env?: Record<string, string>, name?: string, stripeWebhook?: boolean,
 *   clockControl?: boolean}} [o]  env: extra variables (e.g. WEB_DIR for the web bench); name: the log's name (default
 *   backend, LOGS/backend.log) and stripeWebhook: false (the Stripe emulator keeps sending its webhooks where it did)
 *   for a second backend of one run; clockControl: the backend on a clock the test moves forward (clock.advance), run
 *   from the jar and the test classes (caravel.testing.ClockControlledMain)
 * @returns the backend's base URL, port, log and data folder; stop() stops it and start() starts it again on the
 *   same port, database and secrets (a restart, as for the offline walk; a moved clock starts again at the real
 *   time); stopAll() stops it in any case; clock: null, or with clockControl the control of its clock
 */
export async function startBackend(stack, o = {}) {
  requireJar();
  if (o.clockControl) requireTestClasses();
  const java = join(findJava(), "bin", "java");
  const port = await freePort();
  const clockPort = o.clockControl ? await freePort() : null;
  const dir = mkdtempSync(join(tmpdir(), "caravel-e2e-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? dir,
    LANG: "C.UTF-8",
    JAVA_HOME: findJava(),
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: base,
    DATABASE_URL: `sqlite://${join(dir, "caravel.db")}`,
    ADMINS: (o.admins ?? []).join(","),
    RELAY_DOMAIN: stack.relay_domain,
    ZOOID_API_URL: stack.zooid_api_url,
    ZOOID_API_SECRET: stack.zooid_api_secret,
    ZOOID_RELAY_ORIGIN: stack.zooid_relay_origin,
    NWC_URL: stack.platform_nwc_url,
    STRIPE_API_BASE: stack.stripe_api_base,
    STRIPE_SECRET_KEY: stack.stripe_secret_key,
    STRIPE_WEBHOOK_SECRET: stack.stripe_webhook_secret,
    STRIPE_PRICE_BASIC: stack.stripe_price_basic,
    STRIPE_PRICE_GROWTH: stack.stripe_price_growth,
    ENCRYPTION_SECRET: hex(randomBytes(32)),
    ROBOT_SECRET: hex(generateSecretKey()),
    ROBOT_NAME: "Caravel (e2e)",
    ROBOT_OUTBOX_RELAYS: stack.relay_url,
    ROBOT_INDEXER_RELAYS: stack.relay_url,
    ROBOT_MESSAGING_RELAYS: stack.relay_url,
    OUTBOUND_ALLOW_LOCAL: "true",
    // the stack's wallets make regtest invoices
    LIGHTNING_NETWORK: "regtest",
    // CARAVEL_E2E_WEB_DIR=web/dist: the web app from a fresh `bun run build` instead of the copy in the jar, so a
    // web change can be tested without rebuilding the jar
    ...(process.env.CARAVEL_E2E_WEB_DIR ? { WEB_DIR: resolve(process.env.CARAVEL_E2E_WEB_DIR) } : {}),
    ...(o.env ?? {}),
    ...(clockPort ? { CLOCK_CONTROL_PORT: String(clockPort) } : {}),
  };
  const args = o.clockControl
    ? // the jar's manifest lets its native secp256k1 load without a warning; from a class path that is said here
      ["--enable-native-access=ALL-UNNAMED", "-cp", `${JAR}:${TEST_CLASSES}`, "caravel.testing.ClockControlledMain"]
    : ["-jar", JAR];
  mkdirSync(LOGS, { recursive: true });
  const log = join(LOGS, `${o.name ?? "backend"}.log`);
  const fd = openSync(log, "w");
  cleanups.push(() => closeSync(fd));
  let p = await launchBackend({ java, args, env, dir, fd, log, base });
  // the Stripe emulator learns where this backend takes its webhooks only now (its port was free until now)
  if (o.stripeWebhook !== false)
    await fetch(`${stack.stripe_api_base}/control/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: `${base}/stripe/webhook` }),
    });
  return {
    base,
    port,
    log,
    dbDir: dir,
    stop: () => stopProcess(p),
    start: async () => {
      if (alive(p.child)) throw new Error("the backend is running");
      p = await launchBackend({ java, args, env, dir, fd, log, base });
    },
    clock: clockPort ? clockControl(`http://127.0.0.1:${clockPort}`) : null,
  };
}

/**
 * The clock control of a backend started with clockControl (ClockControlledMain): now() and advance(seconds) both
 * resolve with {now_ms, offset_ms}, the backend's time and how far it is ahead of the real one.
 * @param {string} url
 */
function clockControl(url) {
  const call = async (method, path) => {
    const r = await fetch(url + path, { method });
    const body = await r.json().catch(() => null);
    if (r.status !== 200) throw new Error(`clock control ${method} ${path} → ${r.status} ${JSON.stringify(body)}`);
    return /** @type {{now_ms: number, offset_ms: number}} */ (body);
  };
  return {
    url,
    now: () => call("GET", "/clock"),
    /** @param {number} seconds */
    advance: (seconds) => call("POST", `/clock/advance?seconds=${Math.round(seconds)}`),
  };
}

/** Spawns the backend (the jar, or the clock-controlled launcher) under guard.mjs and waits until it answers /healthz. */
async function launchBackend({ java, args, env, dir, fd, log, base }) {
  writeSync(fd, `# ${java} ${args.join(" ")}  (PORT=${env.PORT}, DATABASE_URL=${env.DATABASE_URL})\n`);
  const p = spawnTracked("backend", "node", [join(here, "guard.mjs"), java, ...args], {
    cwd: dir,
    env,
    stdio: ["pipe", fd, fd],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (!alive(p.child))
      throw new Error(`the backend exited (${p.child.exitCode}) before /healthz answered; ${log}:\n${tail(log)}`);
    try {
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`the backend did not answer /healthz in 120 s; ${log}:\n${tail(log)}`);
    await sleep(250);
  }
  return p;
}

function requireJar() {
  if (!existsSync(JAR)) {
    throw new Error(
      `backend jar not found at ${JAR}.\nBuild it first: cd ${ROOT} && source scripts/lib.sh && find_java && ` +
        "mvn -q -B -ntp -f backend/pom.xml package -DskipTests",
    );
  }
}

function requireTestClasses() {
  if (!existsSync(join(TEST_CLASSES, "caravel", "testing", "ClockControlledMain.class"))) {
    throw new Error(
      `the backend's test classes are not in ${TEST_CLASSES} (the clock-controlled backend is there).\nBuild them: ` +
        `cd ${ROOT} && source scripts/lib.sh && find_java && mvn -q -B -ntp -f backend/pom.xml package -DskipTests`,
    );
  }
}

/**
 * run.mjs's environment when this process runs under it (CARAVEL_E2E_ENV names its JSON file), else null: the stack's
 * ready line, the admin's secret key, and the shared backend's base URL, port, log and data folder. The shared backend
 * belongs to run.mjs: stop() and start() refuse.
 */
export function sharedEnv() {
  const file = process.env[SHARED_ENV];
  if (!file) return null;
  const s = JSON.parse(readFileSync(file, "utf8"));
  const refuse = async () => {
    throw new Error("the shared backend is run.mjs's: a test that stops it starts a backend of its own (startBackend)");
  };
  return {
    stack: /** @type {StackInfo} */ (s.stack),
    admin: keyOf(Uint8Array.from(Buffer.from(s.admin_sk, "hex"))),
    base: /** @type {string} */ (s.base),
    port: /** @type {number} */ (s.port),
    log: /** @type {string} */ (s.log),
    dbDir: /** @type {string} */ (s.db_dir),
    stop: refuse,
    start: refuse,
    clock: null,
    shared: true,
  };
}

/**
 * Stack + backend with a generated admin key. Under run.mjs (sharedEnv) the shared stack and admin, and the shared
 * backend unless the file asks for settings of its own (env or clockControl): then a backend of its own on the shared
 * stack, which leaves the Stripe emulator's webhooks with the shared backend.
 * @param {{env?: Record<string, string>, dns?: boolean, clockControl?: boolean, name?: string}} [o] env: extra
 *   backend environment; dns: the stack's DNS server too, as the backend's DNS_RESOLVERS; clockControl: the backend
 *   on a clock the test moves (startBackend); name: its log's name when it is a backend of its own under run.mjs
 */
export async function startEnv(o = {}) {
  requireJar();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const shared = sharedEnv();
  if (shared) {
    if (o.dns && !shared.stack.dns_resolver) throw new Error("the shared stack runs without its DNS server (--dns)");
    const own = o.clockControl || Object.keys(o.env ?? {}).length > 0;
    if (!own) return shared;
  }
  const admin = shared?.admin ?? newKey();
  const stack = shared?.stack ?? (await startStack({ dns: o.dns }));
  const env = stack.dns_resolver ? { DNS_RESOLVERS: stack.dns_resolver, ...o.env } : o.env;
  const backend = await startBackend(stack, {
    admins: [admin.pubkey],
    env,
    clockControl: o.clockControl,
    // a backend of a file's own beside the shared one: its own log, and the Stripe webhooks stay with the shared one
    ...(shared ? { name: o.name ?? "backend-own", stripeWebhook: false } : {}),
  });
  return { stack, admin, ...backend, shared: false };
}

// ---------------------------------------------------------------------------------------------
// API helpers (set-up and independent checks, not a replacement for the UI)

/** NIP-98 `Authorization` header value. */
export function nip98(sk, url, method, body) {
  const tags = [
    ["u", url],
    ["method", method],
    ["nonce", hex(randomBytes(8))],
  ];
  if (body !== undefined) {
    tags.push(["payload", createHash("sha256").update(body).digest("hex")]);
  }
  const ev = finalizeEvent({ kind: 27235, created_at: Math.floor(Date.now() / 1000), tags, content: "" }, sk);
  return `Nostr ${Buffer.from(JSON.stringify(ev)).toString("base64")}`;
}

/** POST /auth/session (NIP-98) then POST /tenants; returns the session as the web app stores it. */
export async function apiSession(base, sk) {
  const r = await fetch(`${base}/auth/session`, {
    method: "POST",
    headers: { Authorization: nip98(sk, `${base}/auth/session`, "POST") },
  });
  if (r.status !== 201) throw new Error(`POST /auth/session → ${r.status} ${await r.text()}`);
  const s = await r.json();
  const t = await fetch(`${base}/tenants`, { method: "POST", headers: { Authorization: `Bearer ${s.token}` } });
  if (!t.ok) throw new Error(`POST /tenants → ${t.status} ${await t.text()}`);
  return { ...s, signer: "local" };
}

/** A JSON request with a bearer token; returns {status, body}. */
export async function api(base, token, method, path, body) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: r.status, body: json };
}

/** A relay host of the zooid emulator, asked directly (Host: <subdomain>.<relay_domain>): NIP-11. */
export function relayInfo(stack, host) {
  const origin = new URL(stack.zooid_relay_origin);
  return new Promise((res, rej) => {
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        path: "/",
        method: "GET",
        headers: { Host: host, Accept: "application/nostr+json" },
        timeout: 5000,
      },
      (r) => {
        let data = "";
        r.setEncoding("utf8");
        r.on("data", (c) => (data += c));
        r.on("end", () => {
          let body = data;
          try {
            body = JSON.parse(data);
          } catch {
            /* keep text */
          }
          res({ status: r.statusCode, body });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", rej);
    req.end();
  });
}

/** POST <wallet_control_url>/pay — pays a bolt11 from one of the stack's wallets. */
export async function payFromWallet(stack, bolt11, from = "tenant") {
  const r = await fetch(`${stack.wallet_control_url}/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ invoice: bolt11, from }),
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`wallet control POST /pay → ${r.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * POST <wallet_control_url>/wallets — a new wallet of the stack's wallet service; resolves with what the service says
 * of it ({name, nwc_url, balance, methods, ...}).
 * @param {StackInfo} stack
 * @param {string} name letters, digits, ".", "_" or "-"
 * @param {{balance?: number, methods?: string[], notifications?: boolean}} [o] balance in sats (the service's default
 *   when absent); methods: what its NWC connection may use (all when absent), e.g. ["get_info", "make_invoice",
 *   "lookup_invoice"]; notifications: false for a wallet that sends no payment notifications (its client must poll)
 */
export async function addWallet(stack, name, o = {}) {
  const r = await fetch(`${stack.wallet_control_url}/wallets`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, ...o }),
  });
  const body = await r.json().catch(() => null);
  if (r.status !== 201) throw new Error(`wallet control POST /wallets → ${r.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * A wallet of the stack for one test's tenant: its own balance and its own NWC connection, so what other files running
 * beside it do with the stack's shared "tenant" wallet (paying, autopay, faults) never meets this test's autopay.
 * @param {StackInfo} stack
 * @param {string} label a readable part of its name (letters, digits, "-")
 * @returns the wallet's NWC URL
 */
export async function tenantWallet(stack, label) {
  const w = await addWallet(stack, `${label}-${randomBytes(4).toString("hex")}`);
  return w.nwc_url;
}

/**
 * POST <price_control_url>/price — sets what one bitcoin costs in a currency at the stack's price API (the backend's
 * FIAT_RATE_URL), from the next request on.
 * @param {StackInfo} stack
 * @param {string} currency a 3-letter code, e.g. "USD"
 * @param {number} price of one bitcoin in that currency
 */
export async function setBitcoinPrice(stack, currency, price) {
  const r = await fetch(`${stack.price_control_url}/price`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ currency, price }),
  });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`price control POST /price → ${r.status} ${JSON.stringify(body)}`);
  return body;
}

export async function walletBalance(stack, name) {
  const r = await fetch(`${stack.wallet_control_url}/wallets/${name}`);
  return (await r.json()).balance;
}

/** Polls fn until it returns a truthy value; throws the last state after timeoutMs. */
export async function eventually(what, fn, timeoutMs = 30_000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last && last.ok !== false) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// browser

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = await import("playwright-core");
  // launch() gives the browser a fresh temporary user-data-dir, removed on close.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/**
 * Waits for what the page is still drawing: its fonts loaded and every transition or animation with an end (toasts
 * sliding in, dialogs opening) finished; endless ones (spinners) are not waited for.
 * @param {import("playwright-core").Page} page
 */
export async function settled(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    const ending = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    // bounded: an animation paused by the page would otherwise never finish
    const bound = new Promise((resolve) => setTimeout(resolve, 5_000));
    await Promise.race([Promise.all(ending.map((a) => a.finished.catch(() => {}))), bound]);
  });
}

/**
 * Waits for `locator` to be visible; when it is not, the error says what the page showed instead: its toasts (a write
 * the app refused says why there) and the text of `around`, so a failure on a busy machine explains itself.
 * @param {import("playwright-core").Page} page
 * @param {import("playwright-core").Locator} locator
 * @param {import("playwright-core").Locator} around
 */
export async function waitOrExplain(page, locator, around) {
  try {
    await locator.waitFor();
  } catch (e) {
    const toasts = await page
      .locator("[data-sonner-toast]")
      .allTextContents()
      .catch(() => []);
    const shown = await around.textContent({ timeout: 1_000 }).catch(() => "(not found)");
    throw new Error(
      `${e instanceof Error ? e.message : e}\nthe page's toasts: ${JSON.stringify(toasts)}\nit showed: ${shown}`,
    );
  }
}

/**
 * Picks `label` in one of the app's selects (Kobalte's Select: a trigger that opens a listbox in a portal) the way a
 * person does: opens it, waits for the list to be in place, clicks the option and waits for the trigger to name it.
 * The wait for the list matters on a loaded machine: the list fades and zooms in and is placed beside its trigger a
 * moment after it is drawn, and a click made while it still moves can land on the option above, which Kobalte keeps
 * selected and open (the list then covers the page, as seen in a run beside the fuzzing).
 * @param {import("playwright-core").Page} page
 * @param {import("playwright-core").Locator} trigger
 * @param {string} label
 */
export async function chooseOption(page, trigger, label) {
  await trigger.click();
  // (a CSS locator: the listbox sits in a portal outside any dialog, which may mark it aria-hidden)
  const option = page.locator('[role="option"]', { hasText: label });
  await option.waitFor();
  await settled(page);
  await option.click();
  await trigger.filter({ hasText: label }).waitFor();
  await page.locator('[role="listbox"]').waitFor({ state: "detached" });
}

/**
 * Waits until a prerendered page is hydrated and has played back the clicks made before (src/lib/hydration.ts sets
 * its early-click list to null then). Keys pressed before that can land on the painted page, which hydration replaces
 * when the page's own code comes later: a keyboard walk starts after it, as a person's would once the page responds.
 * @param {import("playwright-core").Page} page
 */
export async function hydrated(page) {
  // a page that was not prerendered for hydration is rendered by the app at once
  await page.waitForFunction(
    () => !document.querySelector("#root[data-hydrate]") || window.__caravelEarlyClicks === null,
  );
}

/**
 * Saves test-output/screenshots/<name>.png; returns a problem string when the page scrolls sideways.
 * @param {import("playwright-core").Page} page
 */
export async function shot(page, name, o = {}) {
  mkdirSync(SHOTS, { recursive: true });
  // A full-page capture of a scrolled page draws the sticky header mid-page: start from the top.
  if (o.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await settled(page);
  const [sw, vw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: o.fullPage ?? false });
  return sw > vw ? `${name}: the page is ${sw}px wide in a ${vw}px viewport` : null;
}

// ---------------------------------------------------------------------------------------------
// a test file's environment and pages

/**
 * What an e2e test file shares: the environment (startEnv) and a browser, started once by the first test that needs
 * them (when they cannot start, every test fails with that reason), and fresh pages on them. close() belongs in the
 * file's after().
 * @param {{ navigationTimeout?: number, env?: Record<string, string>, dns?: boolean, clockControl?: boolean,
 *   name?: string }} [o]  env: extra backend environment; dns: the stack's DNS server as the backend's resolver;
 *   clockControl and name: as startEnv's
 */
export function browserSuite(o = {}) {
  /** @type {import("playwright-core").BrowserContext[]} */
  const contexts = [];
  let ready;
  const suite = {
    /** @type {Awaited<ReturnType<typeof startEnv>>} */
    env: undefined,
    /** @type {import("playwright-core").Browser} */
    browser: undefined,
    setup() {
      ready ??= (async () => {
        suite.env = await startEnv({ env: o.env, dns: o.dns, clockControl: o.clockControl, name: o.name });
        suite.browser = await launchBrowser();
      })();
      return ready;
    },
    /** A fresh browser context (own storage) and page; uncaught page errors and sideways scrolling fail `done`. */
    /**
     * @param {{colorScheme?: "light" | "dark"}} [po] the page's preferred colour scheme (the app follows it until the
     *   theme toggle is used); console errors are collected in `consoleErrors` for the tests that want none
     */
    async openPage(viewport = DESKTOP, po = {}) {
      await suite.setup();
      const ctx = await suite.browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        colorScheme: po.colorScheme ?? "light",
      });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(20_000);
      if (o.navigationTimeout) page.setDefaultNavigationTimeout(o.navigationTimeout);
      const errors = [];
      const overflow = [];
      /** @type {string[]} */
      const consoleErrors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`);
      });
      return {
        page,
        consoleErrors,
        /** screenshot + horizontal overflow check */
        async snap(name, so) {
          const problem = await shot(page, name, so);
          if (problem) overflow.push(problem);
        },
        async done() {
          await ctx.close();
          assert.deepEqual(errors, [], "uncaught errors in the page");
          assert.deepEqual(overflow, [], "pages wider than the viewport");
        },
      };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await suite.browser?.close().catch(() => {});
    },
  };
  return suite;
}

/**
 * Logs in on `base` by pasting an nsec (the "Secret key" tab) and waits for the landing on /relays. The wait starts
 * before the click, so a navigation that ends at once is not missed.
 * @param {import("playwright-core").Page} page
 * @param {() => Promise<void>} [snap] called with the form filled in
 */
export async function loginWithNsec(page, base, nsec, snap) {
  await page.goto(`${base}/login`);
  await page.getByRole("tab", { name: /secret key/i }).click();
  await page.getByTestId("nsec-input").fill(nsec);
  if (snap) await snap();
  await Promise.all([page.waitForURL(/\/relays$/), page.getByTestId("login-nsec").click()]);
}

/**
 * Opens a section of the relay page the browser is on (overview, members, admission, moderation, settings) with its
 * link in the relay's bar, and waits for its address.
 * @param {import("playwright-core").Page} page
 * @param {"overview" | "members" | "admission" | "moderation" | "settings"} name
 */
export async function openSection(page, name) {
  const address =
    name === "overview" ? /\/relays\/(?!new$)[A-Za-z0-9_-]+$/ : new RegExp(`/relays/[A-Za-z0-9_-]+/${name}(\\?.*)?$`);
  await Promise.all([page.waitForURL(address), page.getByTestId(`section-${name}`).click()]);
}
