// The production shape without containers: Debian's caddy running deploy/Caddyfile as it is (only its placeholders
// set: loopback upstreams, high ports, Caddy's local CA), the jar, and the local stack's zooid emulator. The client
// here talks to it as one on the internet would: the names app.localhost and <subdomain>.relays.localhost, no port in
// any URL (so every Host header, NIP-98 `u` and NIP-42 `relay` tag is production's), only the socket is opened on the
// proxy's loopback port. Nothing needs root (beyond installing caddy) and nothing leaves the machine.
//   cd web && bun run e2e:deploy      (needs backend/target/caravel.jar and caddy: apt-get install -y caddy)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import WebSocket from "ws";
import { AbstractRelay } from "nostr-tools/abstract-relay";
import { getPublicKey, verifyEvent } from "nostr-tools/pure";
import { hexToBytes } from "@noble/hashes/utils.js";
import {
  JAR,
  ROOT,
  eventually,
  freePort,
  newKey,
  nip98,
  startBackend,
  startProgram,
  startStack,
  stopAll,
} from "./harness.mjs";
import * as nostr from "./nostr-client.mjs";

const APP = "app.localhost";
const RELAY_DOMAIN = "relays.localhost";
const RUN = Math.random().toString(36).slice(2, 6);
const T = { timeout: 60_000 };

/** @type {{httpsPort: number, ca: Buffer, caddyData: string, base: string, admin: ReturnType<typeof newKey>}} */
const env = /** @type {any} */ ({});
/** @type {import("./harness.mjs").StackInfo & {zooid_api_secret: string}} */
let stackInfo;
let dir = "";

function caddyBinary() {
  try {
    return execFileSync("bash", ["-c", "command -v caddy"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("caddy is not installed: apt-get install -y caddy (./caravel test does it)");
  }
}

before(async () => {
  const caddy = caddyBinary();
  dir = mkdtempSync(join(tmpdir(), "caravel-deploy-"));
  env.admin = newKey();
  const stack = await startStack();
  stackInfo = /** @type {any} */ (stack);
  const backend = await startBackend(stack, {
    admins: [env.admin.pubkey],
    env: {
      // as deploy/compose.yaml sets them: the public URL, the relay domain without a port, behind a trusted proxy
      PUBLIC_URL: `https://${APP}`,
      RELAY_DOMAIN,
      TRUST_PROXY: "true",
    },
  });
  env.httpsPort = await freePort();
  const zooid = new URL(stack.zooid_relay_origin);
  const proxy = startProgram(
    "caddy",
    caddy,
    ["run", "--adapter", "caddyfile", "--config", join(ROOT, "deploy", "Caddyfile")],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: dir,
        // Caddy keeps its certificates and its local CA under $XDG_DATA_HOME/caddy
        XDG_DATA_HOME: join(dir, "data"),
        XDG_CONFIG_HOME: join(dir, "config"),
        APP_DOMAIN: APP,
        RELAY_DOMAIN,
        CADDY_ISSUER: "local",
        CARAVEL_UPSTREAM: `127.0.0.1:${backend.port}`,
        ZOOID_UPSTREAM: `127.0.0.1:${zooid.port}`,
        CADDY_HTTP_PORT: String(await freePort()),
        CADDY_HTTPS_PORT: String(env.httpsPort),
        CADDY_ADMIN_LISTEN: `127.0.0.1:${await freePort()}`,
      },
    },
  );
  env.caddyData = join(dir, "data", "caddy");
  const root = join(env.caddyData, "pki", "authorities", "local", "root.crt");
  await eventually(
    "Caddy's local CA",
    async () => {
      if (!proxy.alive()) throw new Error(`caddy exited; ${proxy.log}:\n${proxy.tail()}`);
      return existsSync(root);
    },
    20_000,
    100,
  );
  env.ca = readFileSync(root);
  env.base = `https://${APP}`;
  await eventually(
    "the dashboard over https",
    async () => (await viaProxy(`${env.base}/healthz`).catch((e) => ({ status: String(e) }))).status === 200,
    20_000,
    200,
  );
});

after(
  async () => {
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
  { timeout: 60_000 },
);

/**
 * An https request to `url` as a client on the internet sends it (Host and TLS server name from the URL, port 443
 * implied), over a socket to the proxy's loopback port, trusting only Caddy's local CA.
 * @param {string} url
 * @param {{method?: string, headers?: Record<string, string>, body?: string | Buffer}} [o]
 * @returns {Promise<{status: number, headers: import("node:http").IncomingHttpHeaders, text: string, json: any,
 *   cert: import("node:tls").PeerCertificate}>}
 */
function viaProxy(url, o = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: "127.0.0.1",
        port: env.httpsPort,
        servername: u.hostname,
        ca: env.ca,
        agent: false,
        method: o.method ?? "GET",
        path: u.pathname + u.search,
        headers: { Host: u.host, ...(o.headers ?? {}) },
        timeout: 20_000,
      },
      (res) => {
        const cert = /** @type {import("node:tls").TLSSocket} */ (res.socket).getPeerCertificate();
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, cert });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${url}: timeout`)));
    req.on("error", reject);
    req.end(o.body);
  });
}

/** A JSON API call through the proxy, with a bearer token (or none). */
async function api(token, method, path, body) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return viaProxy(`${env.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Signs in over NIP-98 for the public URL, as the web app does, and opens the account. */
async function session(key) {
  const s = await viaProxy(`${env.base}/auth/session`, {
    method: "POST",
    headers: { Authorization: nip98(key.sk, `${env.base}/auth/session`, "POST") },
  });
  assert.equal(s.status, 201, s.text);
  const t = await api(s.json.token, "POST", "/tenants");
  assert.ok(t.status === 200 || t.status === 201, t.text);
  return s.json.token;
}

/** The TLS handshake alone for a name: the certificate Caddy presents, or the error that ended it. */
function handshake(servername) {
  return new Promise((resolve) => {
    const s = tlsConnect({ host: "127.0.0.1", port: env.httpsPort, servername, ca: env.ca, timeout: 20_000 });
    s.once("secureConnect", () => {
      const cert = s.getPeerCertificate();
      s.end();
      resolve({ ok: true, cert, error: null });
    });
    s.once("timeout", () => s.destroy(new Error("timeout")));
    s.once("error", (e) => resolve({ ok: false, cert: null, error: e.message }));
  });
}

/** nostr-tools' relay client on a wss:// URL as given (port 443), its socket opened on the proxy's port. */
async function connectRelay(url) {
  const ca = env.ca;
  const port = env.httpsPort;
  class ProxiedWebSocket extends WebSocket {
    constructor(/** @type {string} */ address, /** @type {any} */ protocols) {
      super(address, protocols, {
        createConnection: (/** @type {any} */ opts) =>
          tlsConnect({ ...opts, path: undefined, host: "127.0.0.1", port, servername: new URL(address).hostname, ca }),
      });
    }
  }
  // zooid is not loaded for a moment after each config write (a relay just made active is one) and refuses the
  // upgrade then, as a Nostr app finds it: like an app, try again shortly before calling it a failure
  for (let attempt = 0; ; attempt++) {
    const relay = new AbstractRelay(url, {
      verifyEvent,
      websocketImplementation: /** @type {any} */ (ProxiedWebSocket),
    });
    try {
      await relay.connect({ timeout: 10_000 });
      return relay;
    } catch (e) {
      if (attempt >= 4) throw e;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

/** A NIP-86 call through the proxy, signed for the relay's own https:// URL (its wss:// one, as NIP-86 says). */
async function nip86(relayUrl, key, method, params) {
  const url = relayUrl.replace(/^wss:/, "https:");
  const body = JSON.stringify({ method, params });
  const r = await viaProxy(url, {
    method: "POST",
    headers: { "Content-Type": "application/nostr+json+rpc", Authorization: nip98(key.sk, url, "POST", body) },
    body,
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

/** A free relay of a new owner, created through the proxy, active. */
async function ownerWithRelay(label) {
  const owner = newKey();
  const token = await session(owner);
  const created = await api(token, "POST", "/relays", {
    name: `Deploy ${label} ${RUN}`,
    subdomain: `deploy-${label}-${RUN}`,
    plan: "free",
  });
  assert.equal(created.status, 201, created.text);
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(token, "GET", `/relays/${created.json.relay.id}`);
    return r.json?.status === "active" && r.json?.sync?.state === "synced" ? r.json : { ok: false };
  });
  return { owner, token, relay };
}

const certFile = (host) => join(env.caddyData, "certificates", "local", host, `${host}.crt`);

describe("deploy/Caddyfile in front of the jar and zooid", () => {
  test("the jar prints the key zooid whitelists (docs/deploy.md, secrets)", T, () => {
    const pubkey = (/** @type {string} */ variable, /** @type {Record<string, string>} */ vars) =>
      execFileSync(
        "bash",
        ["-c", `source scripts/lib.sh && find_java >/dev/null && java -jar "$JAR" pubkey ${variable}`],
        {
          cwd: ROOT,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? dir, JAR, ...vars },
        },
      ).trim();
    const secret = stackInfo.zooid_api_secret;
    assert.equal(pubkey("", { ZOOID_API_SECRET: secret }), getPublicKey(hexToBytes(secret)));
    // an admin's own key from their nsec, read from a variable they name
    assert.equal(pubkey("K", { K: env.admin.nsec }), env.admin.pubkey);
  });

  test("the dashboard over https: the web app, the API, HSTS, a certificate for the app's name", T, async () => {
    const page = await viaProxy(`${env.base}/`, { headers: { Accept: "text/html" } });
    assert.equal(page.status, 200);
    assert.match(page.text, /<div id="root"|<!doctype html>/i);
    assert.match(String(page.headers["strict-transport-security"]), /max-age=31536000/);
    assert.match(page.cert.subjectaltname ?? "", new RegExp(`DNS:${APP.replace(".", "\\.")}\\b`));
    const config = await api(null, "GET", "/config");
    assert.equal(config.status, 200);
    assert.equal(config.json.relay_domain, RELAY_DOMAIN);
    // a NIP-98 sign-in for the public URL works through the proxy (the backend sees https://app.localhost)
    assert.ok(await session(newKey()));
    // the certificate question is the proxy's own: not open to the public through the app's site
    assert.equal((await api(null, "GET", `/tls/ask?domain=x.${RELAY_DOMAIN}`)).status, 404);
  });

  test("a relay over wss:// with a certificate issued on demand: NIP-42, NIP-86 and a member's post", T, async () => {
    const { owner, token, relay } = await ownerWithRelay("wss");
    const host = `${relay.subdomain}.${RELAY_DOMAIN}`;
    assert.equal(relay.url, `wss://${host}`);
    // no certificate for the relay until its first handshake
    assert.equal(existsSync(certFile(host)), false);

    const ownerSocket = await connectRelay(relay.url);
    try {
      assert.ok(existsSync(certFile(host)), "Caddy stored the certificate it got on demand");
      const h = await handshake(host);
      assert.equal(h.ok, true, h.error);
      assert.match(h.cert.subjectaltname ?? "", new RegExp(`DNS:${host.replaceAll(".", "\\.")}\\b`));
      assert.match(h.cert.issuer.CN ?? "", /Caddy Local Authority/);

      // NIP-42 through the proxy: the relay tag is the relay's wss:// URL
      await nostr.authenticate(ownerSocket, owner.sk);
      // NIP-86 through the proxy, signed for the relay's URL: the owner lets a member in
      const member = newKey();
      const methods = await nip86(relay.url, owner, "supportedmethods", []);
      assert.ok(methods.result?.includes("allowpubkey"), JSON.stringify(methods));
      assert.deepEqual(await nip86(relay.url, owner, "allowpubkey", [member.pubkey, "deploy test"]), { result: true });
      const allowed = await nip86(relay.url, owner, "listallowedpubkeys", []);
      assert.ok(
        allowed.result.some((/** @type {{pubkey: string}} */ p) => p.pubkey === member.pubkey),
        JSON.stringify(allowed),
      );

      // the member posts over wss://, the owner reads it back on their own socket
      const memberSocket = await connectRelay(relay.url);
      try {
        await nostr.authenticate(memberSocket, member.sk);
        const posted = await nostr.publish(memberSocket, member.sk, 1, [], `through Caddy ${RUN}`);
        assert.equal(posted.ok, true, posted.message);
        const read = await nostr.query(ownerSocket, [{ ids: [posted.event.id] }]);
        assert.equal(read.events.length, 1);
        assert.equal(read.events[0].content, `through Caddy ${RUN}`);
      } finally {
        memberSocket.close();
      }

      // and the dashboard, through the proxy, lists the member zooid has
      await eventually("the member on the relay's page", async () => {
        const m = await api(token, "GET", `/relays/${relay.id}/members`);
        return JSON.stringify(m.json ?? "").includes(member.pubkey);
      });
    } finally {
      ownerSocket.close();
    }
  });

  test(
    "no certificate for a name Caravel does not serve: unknown, deactivated, nested, another domain",
    T,
    async () => {
      const unknown = await handshake(`nobody-${RUN}.${RELAY_DOMAIN}`);
      assert.equal(unknown.ok, false, "a certificate for an unknown subdomain");
      assert.equal(existsSync(certFile(`nobody-${RUN}.${RELAY_DOMAIN}`)), false);
      // a relay that existed but is deactivated now: Caddy asks, Caravel says no
      const { token, relay } = await ownerWithRelay("off");
      const r = await api(token, "POST", `/relays/${relay.id}/deactivate`);
      assert.ok(r.status < 300, r.text);
      await eventually(
        "the relay inactive",
        async () => (await api(token, "GET", `/relays/${relay.id}`)).json?.status === "inactive",
      );
      const off = await handshake(`${relay.subdomain}.${RELAY_DOMAIN}`);
      assert.equal(off.ok, false, "a certificate for a deactivated relay");
      for (const name of [
        `a.${relay.subdomain}.${RELAY_DOMAIN}`,
        `${relay.subdomain}.${RELAY_DOMAIN}.evil.com`,
        "evil.com",
      ]) {
        const h = await handshake(name);
        assert.equal(h.ok, false, `a certificate for ${name}`);
      }
    },
  );

  test("bodies over the bound are refused by the proxy (413), before the backend", T, async () => {
    const big = await api(null, "POST", "/auth/session", "x".repeat(200 * 1024));
    assert.equal(big.status, 413);
    // the backend's answer, but from the proxy (the backend itself would have read the headers and answered alike)
    assert.equal(big.json?.code, "too_large", big.text);
    assert.match(big.json?.error, /refused by the proxy/);
    // just over: 65,537 bytes
    const over = await api(null, "PUT", "/tenants/x", "x".repeat(65537));
    assert.equal(over.status, 413);
    assert.match(over.json?.error, /refused by the proxy/);
    // an import's route lets more through (its own bound, 32 MiB): the backend sees it and asks who is asking
    const imp = await viaProxy(`${env.base}/relays/none/import`, {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson" },
      body: "{}\n".repeat(40 * 1024),
    });
    assert.equal(imp.status, 401, imp.text);
    // beyond 32 MiB the import is refused too, on its headers alone (nothing of the body needs to be sent)
    const status = await new Promise((resolve, reject) => {
      const s = tlsConnect({
        host: "127.0.0.1",
        port: env.httpsPort,
        servername: APP,
        ca: env.ca,
        ALPNProtocols: ["http/1.1"],
      });
      let head = "";
      s.once("secureConnect", () =>
        s.write(
          `POST /relays/none/import HTTP/1.1\r\nHost: ${APP}\r\nContent-Type: application/x-ndjson\r\n` +
            `Content-Length: ${32 * 1024 * 1024 + 1}\r\n\r\n{}\n`,
        ),
      );
      s.on("data", (c) => {
        head += c.toString("latin1");
        const m = head.match(/^HTTP\/1\.1 (\d{3})/);
        if (m) {
          s.destroy();
          resolve(Number(m[1]));
        }
      });
      s.once("error", reject);
      s.setTimeout(20_000, () => s.destroy(new Error("no answer to an import over 32 MiB")));
    });
    assert.equal(status, 413);
  });
});
