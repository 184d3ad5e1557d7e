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

/** @type {{httpsPort: number, ca: Buffer, caddyData: string, base: string, admin: ReturnType<typeof newKey>,
 *   backendUrl: string, dnsControl: string}} */
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
  // with the local DNS server: custom domains' records are asked of it (DNS_RESOLVERS), as of public DNS in production
  const stack = await startStack({ dns: true });
  stackInfo = /** @type {any} */ (stack);
  if (!stack.dns_resolver || !stack.dns_control_url) throw new Error("the local stack started no DNS server");
  env.dnsControl = stack.dns_control_url;
  // Caddy's admin API, where Caravel writes the custom domains' routes: its port is chosen before either starts
  const adminListen = `127.0.0.1:${await freePort()}`;
  const backend = await startBackend(stack, {
    admins: [env.admin.pubkey],
    env: {
      // as deploy/compose.yaml sets them: the public URL, the relay domain without a port, behind a trusted proxy
      PUBLIC_URL: `https://${APP}`,
      RELAY_DOMAIN,
      TRUST_PROXY: "true",
      CADDY_ADMIN_URL: `http://${adminListen}`,
      DNS_RESOLVERS: stack.dns_resolver,
    },
  });
  env.backendUrl = `http://127.0.0.1:${backend.port}`;
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
        CADDY_ADMIN_LISTEN: adminListen,
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
async function viaProxy(url, o = {}) {
  return await whenValid(() => viaProxyOnce(url, o));
}

/**
 * Caddy's local CA stamps a certificate it has just made (its root and intermediate at start, a site's on its first
 * handshake) as valid from the second it was made, rounded, so a client in the same second can find it "not yet
 * valid" (CERT_NOT_YET_VALID; once in a full run). A public CA's certificates start before they are issued. Tried
 * again for up to 3 s, as a client a moment later would succeed.
 * @template T
 * @param {() => Promise<T>} attempt
 * @returns {Promise<T>}
 */
async function whenValid(attempt) {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      if (/** @type {any} */ (e)?.code !== "CERT_NOT_YET_VALID" || tries >= 12) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * @param {string} url
 * @param {{method?: string, headers?: Record<string, string>, body?: string | Buffer}} o
 * @returns {Promise<{status: number, headers: import("node:http").IncomingHttpHeaders, text: string, json: any,
 *   cert: import("node:tls").PeerCertificate}>}
 */
function viaProxyOnce(url, o) {
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
  return whenValid(
    () =>
      new Promise((resolve, reject) => {
        const s = tlsConnect({ host: "127.0.0.1", port: env.httpsPort, servername, ca: env.ca, timeout: 20_000 });
        s.once("secureConnect", () => {
          const cert = s.getPeerCertificate();
          s.end();
          resolve({ ok: true, cert, error: null });
        });
        s.once("timeout", () => s.destroy(new Error("timeout")));
        s.once("error", (e) => {
          if (/** @type {any} */ (e).code === "CERT_NOT_YET_VALID") reject(e);
          else resolve({ ok: false, cert: null, error: e.message });
        });
      }),
  );
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

/** The local DNS server's control interface: the records a tenant creates at their DNS provider. */
async function dns(method, path, body) {
  const r = await fetch(`${env.dnsControl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

/** Caddy's question to Caravel, asked straight of the backend as Caddy does: the status. */
async function tlsAsk(name) {
  return (await fetch(`${env.backendUrl}/tls/ask?domain=${encodeURIComponent(name)}`)).status;
}

/** Sets `domain` on the relay and creates both of its records in the local DNS; returns the CustomDomain. */
async function pointDomain(token, relay, domain) {
  const set = await api(token, "PUT", `/relays/${relay.id}/domain`, { domain });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.domain, domain);
  assert.equal(set.json.state, "pending");
  const cname = set.json.records.find((/** @type {any} */ r) => r.type === "CNAME");
  const txt = set.json.records.find((/** @type {any} */ r) => r.type === "TXT");
  assert.equal(cname.name, domain);
  assert.equal(cname.value, `${relay.subdomain}.${RELAY_DOMAIN}`);
  assert.equal(txt.name, `_caravel.${domain}`);
  assert.match(txt.value, /^caravel-verify=[0-9a-f]{32}$/);
  await dns("PUT", "/records", { name: cname.name, type: "CNAME", values: [cname.value] });
  await dns("PUT", "/records", { name: txt.name, type: "TXT", values: [txt.value] });
  return set.json;
}

/** POST /relays/{id}/domain/check: the domain's state after Caravel asked DNS now. */
async function checkDomain(token, relay) {
  const r = await api(token, "POST", `/relays/${relay.id}/domain/check`);
  assert.equal(r.status, 200, r.text);
  return r.json;
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

  test("a renamed relay's old address answers NIP-11 with redirect_to its new one, through the proxy", T, async () => {
    const { token, relay } = await ownerWithRelay("old");
    const oldHost = `${relay.subdomain}.${RELAY_DOMAIN}`;
    const nip11 = { headers: { Accept: "application/nostr+json" } };
    const served = await viaProxy(`https://${oldHost}/`, nip11);
    assert.equal(served.status, 200, served.text);
    assert.equal(served.json?.redirect_to, undefined, "a relay served at its address is zooid's to describe");
    const renamed = await api(token, "PUT", `/relays/${relay.id}`, { subdomain: `deploy-new-${RUN}` });
    assert.equal(renamed.status, 200, renamed.text);
    // once zooid serves the new host only, the proxy hands the old host's NIP-11 read to Caravel
    const moved = await eventually("the old address to redirect", async () => {
      const r = await viaProxy(`https://${oldHost}/`, nip11).catch((e) => ({ status: 0, text: String(e), json: null }));
      return r.json?.redirect_to ? r : { ok: false, status: r.status, text: r.text.slice(0, 200) };
    });
    assert.equal(moved.json.redirect_to, `wss://deploy-new-${RUN}.${RELAY_DOMAIN}`);
    assert.match(String(moved.headers["content-type"]), /application\/nostr\+json/);
    // the new address is the relay itself, once zooid has taken the renamed config
    const now = await eventually("the new address served", async () => {
      const r = await viaProxy(`https://deploy-new-${RUN}.${RELAY_DOMAIN}/`, nip11);
      return r.status === 200 ? r : { ok: false, status: r.status, text: r.text.slice(0, 200) };
    });
    assert.equal(now.json?.redirect_to, undefined);
  });

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

  test("a custom domain (issue 28's proof): verified through DNS, served over wss:// with an on-demand certificate, " +
    "AUTH and a post at the custom URL, alice@ the domain; its records removed, no certificate and no route", {
    timeout: 120_000,
  }, async () => {
    const { owner, token, relay } = await ownerWithRelay("custom");
    const domain = `relay-${RUN}.hikers.test`;
    const custom = `wss://${domain}`;
    const canonicalHost = `${relay.subdomain}.${RELAY_DOMAIN}`;

    // set, not yet proven: nothing is offered for the name
    const setOnly = await api(token, "PUT", `/relays/${relay.id}/domain`, { domain });
    assert.equal(setOnly.status, 200, setOnly.text);
    assert.equal((await checkDomain(token, relay)).state, "pending");
    assert.equal(await tlsAsk(domain), 404, "no certificate for a domain whose records are not there");
    // the CNAME alone proves nothing (a freed subdomain's CNAME would name someone else's relay)
    await dns("PUT", "/records", { name: domain, type: "CNAME", values: [canonicalHost] });
    assert.equal((await checkDomain(token, relay)).state, "pending");
    assert.equal(await tlsAsk(domain), 404);

    // both records: verified, served
    await pointDomain(token, relay, domain);
    const verified = await checkDomain(token, relay);
    assert.equal(verified.state, "verified", JSON.stringify(verified));
    const shown = await api(token, "GET", `/relays/${relay.id}`);
    assert.equal(shown.json.public_url, `${custom}/`);
    assert.equal(shown.json.custom_domain.state, "verified");
    // the address is the domain's because Caddy holds its route now (CADDY_ADMIN_URL), and only then
    assert.equal(shown.json.custom_domain.in_use, true);
    assert.equal(shown.json.custom_domain.not_routed, null);
    assert.equal(await tlsAsk(domain), 200);
    assert.equal(existsSync(certFile(domain)), false, "no certificate before the first handshake");

    // NIP-11 at the custom name, through the custom-domain site (Caravel wrote its route into Caddy)
    const info = await eventually("NIP-11 at the custom domain", async () => {
      const r = await viaProxy(`https://${domain}/`, { headers: { Accept: "application/nostr+json" } }).catch((e) => ({
        status: String(e),
        json: null,
      }));
      return r.status === 200 ? r : { ok: false };
    });
    assert.equal(info.json.pubkey, owner.pubkey);
    assert.ok(existsSync(certFile(domain)), "Caddy got the custom domain's certificate on demand");
    const h = await handshake(domain);
    assert.equal(h.ok, true, h.error);
    assert.match(h.cert.subjectaltname ?? "", new RegExp(`DNS:${domain.replaceAll(".", "\\.")}\\b`));

    // the owner over wss://<custom domain>: NIP-42 signed for the custom URL, NIP-86 signed for it too
    const alice = newKey();
    const ownerSocket = await connectRelay(custom);
    try {
      await nostr.authenticate(ownerSocket, owner.sk);
      assert.deepEqual(await nip86(custom, owner, "allowpubkey", [alice.pubkey, "hiker"]), { result: true });
      // a NIP-86 call signed for the canonical URL is not the custom URL's
      const url = `https://${domain}`;
      const body = JSON.stringify({ method: "supportedmethods", params: [] });
      const wrongU = await viaProxy(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/nostr+json+rpc",
          Authorization: nip98(owner.sk, `https://${canonicalHost}`, "POST", body),
        },
        body,
      });
      assert.ok(!Array.isArray(wrongU.json?.result), wrongU.text);

      // alice, a member, authenticates and posts at the custom URL; the owner reads it back there
      const aliceSocket = await connectRelay(custom);
      let posted;
      try {
        await nostr.authenticate(aliceSocket, alice.sk);
        posted = await nostr.publish(aliceSocket, alice.sk, 1, [], `on the hikers' own domain ${RUN}`);
        assert.equal(posted.ok, true, posted.message);
      } finally {
        aliceSocket.close();
      }
      const read = await nostr.query(ownerSocket, [{ ids: [posted.event.id] }]);
      assert.equal(read.events.length, 1);

      // alice@<custom domain>: the owner names her, NIP-05 resolves at the custom name with CORS
      // (Caravel learns the member list from the relay: retried until it has heard of her)
      await eventually("alice named (Caravel knows her as a member)", async () => {
        const r = await api(token, "PUT", `/relays/${relay.id}/names/alice`, { pubkey: alice.pubkey });
        return r.status === 200 ? r : { ok: false, status: r.status, text: r.text };
      });
      const nip05 = await viaProxy(`https://${domain}/.well-known/nostr.json?name=alice`);
      assert.equal(nip05.status, 200, nip05.text);
      assert.equal(nip05.headers["access-control-allow-origin"], "*");
      assert.deepEqual(nip05.json.names, { alice: alice.pubkey });
      assert.deepEqual(nip05.json.relays[alice.pubkey], [`${custom}/`]);
      // and at the canonical host
      const atCanonical = await viaProxy(`https://${canonicalHost}/.well-known/nostr.json?name=alice`);
      assert.equal(atCanonical.status, 200, atCanonical.text);
      assert.deepEqual(atCanonical.json.names, { alice: alice.pubkey });
      // a name nobody holds, and a host Caravel does not serve (forged through the custom site)
      const nobody = await viaProxy(`https://${domain}/.well-known/nostr.json?name=bob`);
      assert.deepEqual(nobody.json?.names, {});
      const unknown = await viaProxy(`https://${domain}/.well-known/nostr.json?name=alice`, {
        headers: { Host: `else-${RUN}.hikers.test` },
      });
      assert.equal(unknown.status, 404);

      // the records removed: an on-demand check loses the domain at once; no certificate, no route
      await dns("DELETE", `/records?name=${domain}`);
      await dns("DELETE", `/records?name=_caravel.${domain}`);
      const lost = await checkDomain(token, relay);
      assert.equal(lost.state, "lost", JSON.stringify(lost));
      assert.equal(await tlsAsk(domain), 404, "no certificate offered for a lost domain");
      assert.equal((await api(token, "GET", `/relays/${relay.id}`)).json.public_url, relay.public_url);
      await eventually("the custom name unrouted", async () => {
        const r = await viaProxy(`https://${domain}/`, { headers: { Accept: "application/nostr+json" } }).catch(() => ({
          status: 0,
        }));
        return r.status === 404 || r.status === 0;
      });
      const gone = await viaProxy(`https://${domain}/.well-known/nostr.json?name=alice`).catch(() => ({
        status: 0,
      }));
      assert.ok(gone.status === 404 || gone.status === 0, `nostr.json at a lost domain: ${gone.status}`);

      // the canonical address kept working throughout: alice's post is there, and she is alice@ it
      const canonicalSocket = await connectRelay(relay.url);
      try {
        await nostr.authenticate(canonicalSocket, alice.sk);
        const again = await nostr.query(canonicalSocket, [{ ids: [posted.event.id] }]);
        assert.equal(again.events.length, 1);
      } finally {
        canonicalSocket.close();
      }
      const stillNamed = await viaProxy(`https://${canonicalHost}/.well-known/nostr.json?name=alice`);
      assert.deepEqual(stillNamed.json.names, { alice: alice.pubkey });
      assert.deepEqual(stillNamed.json.relays[alice.pubkey], [relay.public_url]);
    } finally {
      ownerSocket.close();
    }
  });

  test(
    "a custom domain its relay let go answers NIP-11 with redirect_to through the proxy, with a certificate " +
      "issued meanwhile; nothing else of it is served",
    T,
    async () => {
      const { token, relay } = await ownerWithRelay("moved");
      const old = `moved-${RUN}.hikers.test`;
      await pointDomain(token, relay, old);
      assert.equal((await checkDomain(token, relay)).in_use, true);
      // removed: the relay's address is its own again, and the old name no longer routes to zooid
      const removed = await api(token, "DELETE", `/relays/${relay.id}/domain`);
      assert.equal(removed.status, 204, removed.text);
      assert.equal(await tlsAsk(old), 200, "the old domain keeps a certificate while it redirects");
      // the first handshake for the name is now: Caddy asks, Caravel says yes, the local CA issues
      const moved = await eventually("the old domain to redirect", async () => {
        const r = await viaProxy(`https://${old}/`, { headers: { Accept: "application/nostr+json" } }).catch((e) => ({
          status: 0,
          text: String(e),
          json: null,
          headers: {},
        }));
        return r.json?.redirect_to ? r : { ok: false, status: r.status, text: r.text.slice(0, 200) };
      });
      assert.equal(moved.json.redirect_to, relay.url);
      assert.match(String(moved.headers["content-type"]), /application\/nostr\+json/);
      assert.ok(existsSync(certFile(old)), "Caddy got the old domain's certificate on demand");
      // anything but a NIP-11 read of the old name: the proxy's 404 (no WebSocket, no NIP-05, no page of zooid's)
      const page = await viaProxy(`https://${old}/.well-known/nostr.json?name=alice`);
      assert.equal(page.status, 404, page.text);
      const rpc = await viaProxy(`https://${old}/`, {
        method: "POST",
        headers: { "Content-Type": "application/nostr+json+rpc" },
        body: JSON.stringify({ method: "supportedmethods", params: [] }),
      });
      assert.equal(rpc.status, 404, rpc.text);
      // a name nobody ever let go: Caravel's own 404, and no certificate
      assert.equal(await tlsAsk(`never-${RUN}.hikers.test`), 404);
      const never = await handshake(`never-${RUN}.hikers.test`);
      assert.equal(never.ok, false, "a certificate for a name that redirects nowhere");
    },
  );

  test("a domain whose records are removed before its first handshake never gets a certificate", T, async () => {
    const { token, relay } = await ownerWithRelay("lost");
    const domain = `lost-${RUN}.hikers.test`;
    await pointDomain(token, relay, domain);
    assert.equal((await checkDomain(token, relay)).state, "verified");
    assert.equal(await tlsAsk(domain), 200);
    await dns("DELETE", `/records?name=${domain}`);
    assert.equal((await checkDomain(token, relay)).state, "lost");
    assert.equal(await tlsAsk(domain), 404);
    const h = await handshake(domain);
    assert.equal(h.ok, false, "a certificate for a lost domain");
    assert.equal(existsSync(certFile(domain)), false);
    // another relay's owner cannot take a domain while it is served elsewhere: here it is lost, so the records decide
    const other = await ownerWithRelay("taker");
    const taken = await api(other.token, "PUT", `/relays/${other.relay.id}/domain`, { domain });
    assert.equal(taken.status, 200, taken.text);
    // the TXT record left is the first owner's token: it proves nothing for the second
    await dns("PUT", "/records", { name: domain, type: "CNAME", values: [`${other.relay.subdomain}.${RELAY_DOMAIN}`] });
    assert.equal((await checkDomain(other.token, other.relay)).state, "pending");
    assert.equal(await tlsAsk(domain), 404);
  });
});
