// The API client against a real local HTTP server: NIP-98 header (checked with nostr-tools),
// bearer use, JSON bodies, error mapping, 401 handling, and the login / logout flow.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { unpackEventFromToken, validateEvent, validateToken } from "nostr-tools/nip98";
import { ApiError, api, apiUrl, configureApi, errorMessage, fillPath, queryString } from "../src/lib/api";
import { nip98Header, payloadHash } from "../src/lib/nip98";
import { login, logout, safeNext } from "../src/lib/auth";
import { clearSession, session, token } from "../src/lib/session";
import { localSigner } from "../src/lib/signers";

interface Seen {
  method: string;
  url: string;
  path: string;
  auth: string | null;
  contentType: string | null;
  body: string;
}

const seen: Seen[] = [];
let next: ((req: Request, url: URL) => Response | Promise<Response>) | null = null;
let server: ReturnType<typeof Bun.serve>;
let base = "";
const sessions = new Map<string, string>();

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const body = await req.text();
      seen.push({
        method: req.method,
        url: req.url,
        path: url.pathname + url.search,
        auth: req.headers.get("authorization"),
        contentType: req.headers.get("content-type"),
        body,
      });
      if (next) return next(req, url);
      // Default behaviour: a small, strict session endpoint.
      const auth = req.headers.get("authorization") ?? "";
      if (url.pathname === "/auth/session" && req.method === "POST") {
        if (!auth.startsWith("Nostr ")) return Response.json({ error: "nip98: missing" }, { status: 401 });
        const ok = await validateToken(auth, req.url, "POST").catch((e: Error) => e.message);
        if (ok !== true) return Response.json({ error: `nip98: ${ok}` }, { status: 401 });
        const ev = await unpackEventFromToken(auth);
        const t = crypto.randomUUID();
        sessions.set(t, ev.pubkey);
        return Response.json(
          { token: t, pubkey: ev.pubkey, is_admin: false, expires_at: Math.floor(Date.now() / 1000) + 3600 },
          { status: 201 },
        );
      }
      const pubkey = auth.startsWith("Bearer ") ? sessions.get(auth.slice(7)) : undefined;
      if (!pubkey) return Response.json({ error: "session: invalid token" }, { status: 401 });
      if (url.pathname === "/auth/session" && req.method === "DELETE") {
        sessions.delete(auth.slice(7));
        return new Response(null, { status: 204 });
      }
      if (url.pathname === "/tenants" && req.method === "POST")
        return Response.json({ pubkey, npub: "npub1x", status: "active" }, { status: 201 });
      if (url.pathname === "/identity") return Response.json({ pubkey, is_admin: false });
      return Response.json({ error: "not found" }, { status: 404 });
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.stop(true));

afterEach(() => {
  seen.length = 0;
  next = null;
  clearSession();
  configureApi({ baseUrl: base, token, onUnauthorized: () => {} });
});

beforeAll(() => configureApi({ baseUrl: base, token }));

describe("NIP-98", () => {
  test("the header is a valid kind 27235 event for the exact URL and method", async () => {
    const sk = generateSecretKey();
    const url = `${base}/auth/session`;
    const header = await nip98Header(localSigner(sk).signEvent, url, "POST");
    expect(header.startsWith("Nostr ")).toBe(true);
    expect(await validateToken(header, url, "POST")).toBe(true);
    const ev = await unpackEventFromToken(header);
    expect(ev.kind).toBe(27235);
    expect(ev.pubkey).toBe(getPublicKey(sk));
    expect(ev.content).toBe("");
    expect(Math.abs(ev.created_at - Date.now() / 1000)).toBeLessThan(5);
    expect(ev.tags.find((t) => t[0] === "payload")).toBeUndefined();
    // Bound to that URL and method only.
    await expect(validateToken(header, `${base}/auth/session?x=1`, "POST")).rejects.toThrow();
    await expect(validateToken(header, url, "GET")).rejects.toThrow();
  });

  test("a body is bound with a payload tag (sha256 of the exact body)", async () => {
    const body = JSON.stringify({ name: "Relay", plan: "free" });
    const header = await nip98Header(localSigner(generateSecretKey()).signEvent, `${base}/relays`, "post", body);
    const ev = await unpackEventFromToken(header);
    expect(ev.tags).toContainEqual(["method", "POST"]);
    expect(ev.tags).toContainEqual(["payload", payloadHash(body)]);
    expect(await validateEvent(ev, `${base}/relays`, "POST", JSON.parse(body))).toBe(true);
    await expect(validateEvent(ev, `${base}/relays`, "POST", { name: "Other", plan: "free" })).rejects.toThrow();
  });

  test("payloadHash is hex sha256", () => {
    expect(payloadHash("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(payloadHash("{}")).toBe("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  });

  test("fillPath puts each parameter into its place as one encoded segment, and refuses a missing one", () => {
    expect(fillPath("/relays/{id}/members/{pubkey}", { id: 7, pubkey: "a/b c" })).toBe("/relays/7/members/a%2Fb%20c");
    expect(fillPath("/live")).toBe("/live");
    // only a caller that went around the types can leave one out
    expect(() => fillPath("/relays/{id}", {} as { id: string })).toThrow(/path parameter id is missing/);
  });

  test("apiUrl resolves paths against the API origin", () => {
    expect(apiUrl("/auth/session")).toBe(`${base}/auth/session`);
    configureApi({ baseUrl: "" });
    expect(apiUrl("/auth/session")).toBe(`${location.origin}/auth/session`);
  });
});

describe("login and logout", () => {
  test("signs once, creates the session, ensures the tenant with the bearer token", async () => {
    const sk = generateSecretKey();
    let signatures = 0;
    const signer = localSigner(sk);
    const counting = {
      ...signer,
      signEvent: (t: Parameters<typeof signer.signEvent>[0]) => {
        signatures++;
        return signer.signEvent(t);
      },
    };
    const s = await login(counting, "local");
    expect(signatures).toBe(1);
    expect(s.pubkey).toBe(getPublicKey(sk));
    expect(s.signer).toBe("local");
    expect(session()?.token).toBe(s.token);
    expect(JSON.parse(localStorage.getItem("caravel.session")!)).toMatchObject({
      token: s.token,
      pubkey: s.pubkey,
      signer: "local",
    });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /auth/session", "POST /tenants"]);
    expect(seen[0]!.auth!.startsWith("Nostr ")).toBe(true);
    expect(seen[0]!.body).toBe("");
    expect(seen[1]!.auth).toBe(`Bearer ${s.token}`);

    // Later requests use the bearer token, never a new signature.
    await api.identity();
    expect(seen[2]!.auth).toBe(`Bearer ${s.token}`);
    expect(signatures).toBe(1);

    await logout();
    expect(seen[3]).toMatchObject({ method: "DELETE", path: "/auth/session", auth: `Bearer ${s.token}` });
    expect(session()).toBeNull();
    expect(localStorage.getItem("caravel.session")).toBeNull();
    expect(sessions.has(s.token)).toBe(false);
  });

  test("a rejected signature fails the login and stores nothing", async () => {
    const signer = localSigner(generateSecretKey());
    // Sign for the wrong URL: the server's strict check must refuse it.
    const wrong = {
      ...signer,
      signEvent: (t: Parameters<typeof signer.signEvent>[0]) =>
        signer.signEvent({
          ...t,
          tags: [
            ["u", `${base}/other`],
            ["method", "POST"],
          ],
        }),
    };
    const err = await login(wrong, "local").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^nip98:/);
    expect(session()).toBeNull();
  });

  test("safeNext only allows same-site paths", () => {
    expect(safeNext("/relays/new")).toBe("/relays/new");
    expect(safeNext("//evil.example")).toBeNull();
    expect(safeNext("https://evil.example")).toBeNull();
    expect(safeNext("/login?next=/x")).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});

describe("requests and errors", () => {
  test("sends JSON bodies with a content type, query strings without empty values", async () => {
    next = () => Response.json({ relay: { id: "7" }, invoice: null }, { status: 201 });
    const r = await api.createRelay({ name: "A", subdomain: "abc", plan: "free" });
    expect(r.relay.id).toBe("7");
    expect(seen[0]).toMatchObject({ method: "POST", path: "/relays", contentType: "application/json" });
    expect(JSON.parse(seen[0]!.body)).toEqual({ name: "A", subdomain: "abc", plan: "free" });

    next = () => Response.json({ items: [], total: 0, page: 2, per_page: 20 });
    await api.tenantRelays("ab cd", { q: "x y", status: undefined, plan: "basic", page: 2, per_page: 20 });
    expect(seen[1]!.path).toBe("/tenants/ab%20cd/relays?q=x+y&plan=basic&page=2&per_page=20");
    expect(queryString({ a: undefined, b: null, c: "" })).toBe("");
  });

  test("public endpoints send no Authorization header", async () => {
    next = () => Response.json({ items: [{ id: "free" }] });
    await api.plans();
    expect(seen[0]!.auth).toBeNull();
  });

  test("4xx errors carry the server's message, status, code and field", async () => {
    next = () =>
      Response.json(
        { error: "subdomain: abc is already taken", code: "subdomain_taken", field: "subdomain" },
        { status: 409 },
      );
    const e = await api.createRelay({ name: "A", subdomain: "abc", plan: "free" }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(409);
    expect(e.code).toBe("subdomain_taken");
    expect(e.field).toBe("subdomain");
    // shown to people as a sentence: a capital and a full stop (the API words it for the field)
    expect(e.message).toBe("Subdomain: abc is already taken.");
    expect(errorMessage(e)).toBe("Subdomain: abc is already taken.");

    next = () =>
      Response.json(
        { error: "status must be active or suspended", code: "invalid_input", field: null },
        { status: 400 },
      );
    const n = await api.tenants().catch((x) => x);
    expect([n.code, n.field]).toEqual(["invalid_input", null]);

    next = () => new Response("nope", { status: 403 });
    const f = await api.tenants().catch((x) => x);
    expect(f.status).toBe(403);
    expect(f.message).toMatch(/not allowed/i);
    expect([f.code, f.field]).toEqual(["forbidden", null]);
  });

  test("5xx errors without a JSON body get a readable message", async () => {
    next = () => new Response("<html>bad gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } });
    const e = await api.relay(1).catch((x) => x);
    expect(e.status).toBe(502);
    expect(e.message).toMatch(/server error \(502\)/i);

    next = () => Response.json({ error: "zooid unavailable" }, { status: 503 });
    const m = await api.relayHealth(1).catch((x) => x);
    expect(m.status).toBe(503);
    expect(m.message).toBe("Zooid unavailable.");
  });

  test("a 401 on a bearer request reports to onUnauthorized; NIP-98 and logout 401s do not", async () => {
    const reported: ApiError[] = [];
    configureApi({ token: () => "stale", onUnauthorized: (e) => reported.push(e) });
    const e = await api.identity().catch((x) => x);
    expect(e.status).toBe(401);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toBe("Session: invalid token.");

    await api.createSession("Nostr e30=").catch(() => {});
    await api.deleteSession().catch(() => {});
    expect(reported).toHaveLength(1);
  });

  test("network failures become status 0 errors", async () => {
    configureApi({ baseUrl: "http://127.0.0.1:1" });
    const e = await api.health().catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(0);
    expect(e.message).toMatch(/can't reach the server/i);
  });

  test("a non-JSON success (e.g. the SPA's index.html) is an error, not data", async () => {
    next = () => new Response("<!doctype html><html></html>", { headers: { "Content-Type": "text/html" } });
    const e = await api.config().catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toMatch(/unexpected response/i);
  });

  test("204 responses resolve to undefined", async () => {
    next = () => new Response(null, { status: 204 });
    expect(await api.deleteSession()).toBeUndefined();
  });
});
