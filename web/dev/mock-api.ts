// DEVELOPMENT TOOL ONLY — an in-memory stand-in for the Caravel backend (backend/API.md), used to
// develop and screenshot the web app before the real backend runs. Never used in production.
// It verifies NIP-98 for POST /auth/session with nostr-tools, issues bearer tokens, and serves
// web/dist with the same SPA fallback as the backend (Accept: text/html → index.html).
//
//   bun dev/mock-api.ts [--port 2892] [--admin <hex pubkey>] [--dist dist]
//   POST /__mock/pay/:invoiceId marks an invoice paid (a stand-in for a wallet).
import { validateEvent, unpackEventFromToken } from "nostr-tools/nip98";
import { npubEncode, decode } from "nostr-tools/nip19";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

type Json = Record<string, unknown>;
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const PORT = Number(arg("port", process.env.PORT ?? "2892"));
const ADMINS = new Set((arg("admin", process.env.ADMINS ?? "")).split(",").map((s) => s.trim()).filter(Boolean));
const DIST = resolve(arg("dist", join(import.meta.dir, "..", "dist")));
const RELAY_DOMAIN = arg("relay-domain", "localhost");
const RESERVED = ["www", "api", "admin", "app", "mail", "dashboard", "status", "docs", "help", "support", "static", "cdn", "blog"];

const PLANS = [
  { id: "free", name: "Free", price_sats: 0, max_members: 10, blossom: false, livekit: false, stripe: false },
  { id: "basic", name: "Basic", price_sats: 10000, max_members: 100, blossom: true, livekit: true, stripe: true },
  { id: "growth", name: "Growth", price_sats: 50000, max_members: null, blossom: true, livekit: true, stripe: true },
];

const now = () => Math.floor(Date.now() / 1000);
let seq = 1;
const tenants = new Map<string, Json>();
const relays = new Map<string, Json>();
const invoices = new Map<string, Json>();
const activity: Json[] = [];
const tokens = new Map<string, { pubkey: string; expires_at: number }>();
const seenIds = new Set<string>();

class HttpError extends Error {
  constructor(public status: number, message: string) { super(message); }
}
const json = (body: unknown, status = 200) =>
  new Response(body === null ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function log(relay: Json | null, tenant: string, kind: string, message: string) {
  activity.unshift({ id: String(seq++), relay: relay?.id ?? null, tenant, kind, message, created_at: now() });
}

function ensureTenant(pubkey: string): [Json, boolean] {
  let t = tenants.get(pubkey);
  if (t) return [t, false];
  t = { pubkey, npub: npubEncode(pubkey), status: "active", autopay: false, billing_anchor: null, stripe_customer_id: null, created_at: now(), updated_at: now() };
  tenants.set(pubkey, t);
  return [t, true];
}
const tenantView = (t: Json) => ({ ...t, relay_count: [...relays.values()].filter((r) => r.tenant === t.pubkey).length });

function fakeBolt11(amount: number): string {
  const chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  let s = `lnbcrt${amount * 10}n1p`;
  for (let i = 0; i < 300; i++) s += chars[Math.floor(Math.random() * 32)];
  return s;
}

function planPrice(id: unknown): number {
  return PLANS.find((x) => x.id === id)?.price_sats ?? 0;
}

function newInvoice(tenant: string, relay: Json, amount: number): Json {
  const id = String(seq++);
  const inv = {
    id, tenant, amount, status: "pending", created_at: now(), due_at: now() + 7 * 86400, paid_at: null,
    bolt11: fakeBolt11(amount), payment_hash: crypto.randomUUID().replace(/-/g, ""), expires_at: now() + 3600,
    items: [{ id: String(seq++), relay: relay.id, relay_name: relay.name, amount, period_start: now(), period_end: now() + 30 * 86400 }],
  };
  invoices.set(id, inv);
  log(relay, tenant, "invoice_issued", `Invoice issued for ${amount.toLocaleString("en-US")} sats`);
  return inv;
}

function payInvoice(inv: Json) {
  if (inv.status === "paid") return;
  inv.status = "paid";
  inv.paid_at = now();
  for (const item of inv.items as Json[]) {
    const r = relays.get(String(item.relay));
    if (r && r.upgrade_invoice === inv.id) {
      r.plan = r.upgrade_plan;
      r.upgrade_plan = null;
      r.upgrade_invoice = null;
      log(r, String(inv.tenant), "apply_upgrade", `Upgrade paid: the ${r.plan} plan is served`);
    } else if (r && (r.status === "pending" || r.status === "awaiting_payment" || r.status === "suspended")) {
      r.status = "active";
      r.sync = { state: "synced", last_error: null, attempts: 1, synced_at: now() };
      log(r, String(inv.tenant), "invoice_paid", "Invoice paid, relay activated");
    }
  }
}

function subdomainProblem(s: string, except?: string): [number, string] | null {
  if (!/^[a-z0-9-]{3,63}$/.test(s)) return [400, "subdomain: 3–63 characters of a-z, 0-9 and -"];
  if (!/^[a-z]/.test(s)) return [400, "subdomain: must start with a letter"];
  if (s.endsWith("-")) return [400, "subdomain: must not end with -"];
  if (RESERVED.includes(s)) return [400, `subdomain: ${s} is reserved`];
  if ([...relays.values()].some((r) => r.subdomain === s && r.id !== except)) return [409, `subdomain: ${s} is already taken`];
  return null;
}

function validateRelay(b: Json, partial: boolean, except?: string) {
  const allowed = ["name", "subdomain", "icon", "description", "plan", "tenant"];
  for (const k of Object.keys(b)) if (!allowed.includes(k)) throw new HttpError(400, `unknown field: ${k}`);
  if (!partial || b.name !== undefined) {
    if (typeof b.name !== "string" || !b.name.trim() || b.name.length > 64) throw new HttpError(400, "name: 1–64 characters");
  }
  if (!partial || b.subdomain !== undefined) {
    const p = subdomainProblem(String(b.subdomain ?? ""), except);
    if (p) throw new HttpError(p[0], p[1]);
  }
  if (b.description !== undefined && String(b.description).length > 500) throw new HttpError(400, "description: at most 500 characters");
  if (b.icon !== undefined && b.icon !== "" && !/^https?:\/\/\S+$/.test(String(b.icon))) throw new HttpError(400, "icon: must be an http(s) URL");
  if (!partial || b.plan !== undefined) {
    if (!PLANS.some((p) => p.id === b.plan)) throw new HttpError(400, "plan: one of free, basic, growth");
  }
}

function page<T>(items: T[], url: URL) {
  const p = Math.max(1, Number(url.searchParams.get("page") ?? 1));
  const per = Math.min(200, Math.max(1, Number(url.searchParams.get("per_page") ?? 50)));
  return { items: items.slice((p - 1) * per, p * per), total: items.length, page: p, per_page: per };
}

function filterRelays(list: Json[], url: URL) {
  const q = (url.searchParams.get("q") ?? "").toLowerCase();
  const status = url.searchParams.get("status");
  const plan = url.searchParams.get("plan");
  const tenant = url.searchParams.get("tenant");
  return list
    .filter((r) => !q || String(r.name).toLowerCase().includes(q) || String(r.subdomain).includes(q) || String(r.id) === q)
    .filter((r) => !status || r.status === status)
    .filter((r) => !plan || r.plan === plan)
    .filter((r) => !tenant || r.tenant === tenant)
    .sort((a, b) => Number(b.created_at) - Number(a.created_at));
}

async function auth(req: Request, url: URL): Promise<{ pubkey: string; admin: boolean }> {
  const h = req.headers.get("authorization") ?? "";
  if (h.startsWith("Bearer ")) {
    const t = tokens.get(h.slice(7));
    if (!t || t.expires_at < now()) throw new HttpError(401, "session: invalid or expired token");
    return { pubkey: t.pubkey, admin: ADMINS.has(t.pubkey) };
  }
  if (h.startsWith("Nostr ")) {
    const ev = await unpackEventFromToken(h).catch(() => null);
    if (!ev) throw new HttpError(401, "nip98: malformed token");
    try {
      await validateEvent(ev, url.toString(), req.method);
    } catch (e) {
      throw new HttpError(401, `nip98: ${(e as Error).message}`);
    }
    if (seenIds.has(ev.id)) throw new HttpError(401, "nip98: event already used");
    seenIds.add(ev.id);
    return { pubkey: ev.pubkey, admin: ADMINS.has(ev.pubkey) };
  }
  throw new HttpError(401, "nip98: missing Authorization header");
}

function hexOf(key: string): string {
  if (key.startsWith("npub1")) {
    try { return decode(key).data as string; } catch { throw new HttpError(404, "tenant not found"); }
  }
  return key;
}

async function body(req: Request): Promise<Json> {
  const text = await req.text();
  if (!text) return {};
  try {
    const v = JSON.parse(text);
    if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error();
    return v;
  } catch {
    throw new HttpError(400, "body must be a JSON object");
  }
}

async function api(req: Request, url: URL): Promise<Response | null> {
  const m = req.method;
  const p = url.pathname;
  const seg = p.split("/").filter(Boolean);

  if (p === "/healthz") return json({ status: "ok" });
  if (p === "/config") return json({ relay_domain: RELAY_DOMAIN, lightning: true, stripe: true, reserved_subdomains: RESERVED, subdomain_pattern: "^[a-z][a-z0-9-]{1,61}[a-z0-9]$" });
  if (p === "/plans") return json({ items: PLANS });
  if (seg[0] === "plans" && seg.length === 2) {
    const plan = PLANS.find((x) => x.id === seg[1]);
    return plan ? json(plan) : json({ error: "plan not found" }, 404);
  }
  if (seg[0] === "__mock" && seg[1] === "pay" && m === "POST") {
    const inv = invoices.get(seg[2] ?? "");
    if (!inv) return json({ error: "invoice not found" }, 404);
    payInvoice(inv);
    return json(inv);
  }
  const known = ["auth", "identity", "tenants", "relays", "subdomains", "invoices", "quote"];
  if (!known.includes(seg[0] ?? "")) return null;

  if (p === "/auth/session" && m === "POST") {
    if (!(req.headers.get("authorization") ?? "").startsWith("Nostr ")) throw new HttpError(401, "nip98: required");
    const who = await auth(req, url);
    const token = crypto.randomUUID().replace(/-/g, "") + crypto.randomUUID().replace(/-/g, "");
    const expires_at = now() + 7 * 86400;
    tokens.set(token, { pubkey: who.pubkey, expires_at });
    return json({ token, pubkey: who.pubkey, is_admin: who.admin, expires_at }, 201);
  }
  const who = await auth(req, url);
  const mayTenant = (pk: string) => {
    if (!who.admin && pk !== who.pubkey) throw new HttpError(404, "tenant not found");
  };
  const relayFor = (id: string) => {
    const r = relays.get(id);
    if (!r || (!who.admin && r.tenant !== who.pubkey)) throw new HttpError(404, "relay not found");
    return r;
  };

  if (p === "/auth/session" && m === "DELETE") {
    tokens.delete((req.headers.get("authorization") ?? "").slice(7));
    return new Response(null, { status: 204 });
  }
  if (p === "/identity") return json({ pubkey: who.pubkey, is_admin: who.admin });

  if (seg[0] === "tenants") {
    if (seg.length === 1 && m === "POST") {
      const [t, created] = ensureTenant(who.pubkey);
      return json(tenantView(t), created ? 201 : 200);
    }
    if (seg.length === 1 && m === "GET") {
      if (!who.admin) throw new HttpError(403, "admin only");
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      const status = url.searchParams.get("status");
      const list = [...tenants.values()]
        .filter((t) => !q || String(t.pubkey).startsWith(q) || String(t.npub).startsWith(q))
        .filter((t) => !status || t.status === status)
        .map(tenantView);
      return json(page(list, url));
    }
    const pk = hexOf(seg[1]!);
    mayTenant(pk);
    const t = tenants.get(pk);
    if (!t) throw new HttpError(404, "tenant not found");
    if (seg.length === 2 && m === "GET") return json(tenantView(t));
    if (seg.length === 2 && m === "PUT") {
      const b = await body(req);
      for (const k of Object.keys(b)) if (!["nwc_url", "status"].includes(k)) throw new HttpError(400, `unknown field: ${k}`);
      if (b.status !== undefined) {
        if (!who.admin) throw new HttpError(403, "status: admin only");
        if (b.status !== "active" && b.status !== "suspended") throw new HttpError(400, "status: active or suspended");
        t.status = b.status;
        if (b.status === "suspended") for (const r of relays.values()) if (r.tenant === pk) { r.status = "inactive"; log(r, pk, "deactivated", "Deactivated by an admin"); }
      }
      if (b.nwc_url !== undefined) {
        if (b.nwc_url !== null && !/^nostr\+walletconnect:\/\//.test(String(b.nwc_url))) throw new HttpError(400, "nwc_url: not a nostr+walletconnect:// URL");
        t.autopay = b.nwc_url !== null;
      }
      t.updated_at = now();
      return json(tenantView(t));
    }
    if (seg[2] === "relays") return json(page(filterRelays([...relays.values()].filter((r) => r.tenant === pk), url), url));
    if (seg[2] === "invoices") {
      const status = url.searchParams.get("status");
      const list = [...invoices.values()].filter((i) => i.tenant === pk && (!status || i.status === status)).sort((a, b) => Number(b.created_at) - Number(a.created_at));
      return json(page(list, url));
    }
    if (seg[2] === "stripe") return json({ url: `${url.origin}/account?stripe=portal` });
    if (seg[2] === "billing") {
      // a rough stand-in for the backend's account summary (the mock keeps no cycles)
      const paidRelays = [...relays.values()].filter((r) => r.tenant === pk && r.status === "active" && planPrice(r.pending_plan ?? r.plan) > 0);
      const amount = paidRelays.reduce((n, r) => n + planPrice(r.pending_plan ?? r.plan), 0);
      return json({
        next_renewal: { at: t.billing_anchor ?? null, amount, items: paidRelays.map((r) => ({ relay: r.id, relay_name: r.name, plan: r.pending_plan ?? r.plan, amount: planPrice(r.pending_plan ?? r.plan) })) },
        overdue: [], awaiting_payment: [], credit: 0,
        autopay: { enabled: !!t.autopay, budget: amount, budget_is_default: true, spent_this_cycle: 0, remaining: amount, next: t.autopay ? "Autopay pays renewals." : "Autopay is off: invoices are paid by scanning or opening them in a wallet." },
      });
    }
  }

  if (seg[0] === "subdomains" && seg.length === 2) {
    const s = decodeURIComponent(seg[1]!);
    const prob = subdomainProblem(s);
    return json({ subdomain: s, available: !prob, error: prob ? prob[1] : null });
  }

  if (seg[0] === "quote" && m === "GET") {
    const plan = url.searchParams.get("plan") ?? "";
    if (!PLANS.some((x) => x.id === plan)) throw new HttpError(400, "plan must be one of free, basic, growth");
    const price = planPrice(plan);
    return json({
      plan, current_plan: null, change: "new", takes_effect: price > 0 ? "on_payment" : "now", effective_at: null, autopay: null,
      charge_now: price > 0 ? { amount: price, credit_applied: 0, amount_due: price, period_start: now(), period_end: now() + 30 * 86400, kind: "initial" } : null,
      next_renewal: { at: now() + 30 * 86400, amount: price },
    });
  }

  if (seg[0] === "relays") {
    if (seg.length === 1 && m === "GET") {
      if (!who.admin) throw new HttpError(403, "admin only");
      return json(page(filterRelays([...relays.values()], url), url));
    }
    if (seg.length === 1 && m === "POST") {
      const b = await body(req);
      validateRelay(b, false);
      const owner = who.admin && typeof b.tenant === "string" ? b.tenant : who.pubkey;
      const [t] = ensureTenant(owner);
      if (t.status === "suspended") throw new HttpError(403, "your account is suspended");
      const id = String(seq++);
      const sub = String(b.subdomain);
      const r: Json = {
        id, tenant: owner, name: String(b.name).trim(), subdomain: sub, schema: sub.replace(/-/g, "_"),
        host: `${sub}.${RELAY_DOMAIN}`, url: `wss://${sub}.${RELAY_DOMAIN}`, icon: b.icon || null,
        description: b.description || null, plan: b.plan, status: b.plan === "free" ? "active" : "awaiting_payment",
        sync: { state: "synced", last_error: null, attempts: 1, synced_at: now() }, created_at: now(), updated_at: now(),
      };
      relays.set(id, r);
      log(r, owner, "created", `Relay created on the ${b.plan} plan`);
      const price = PLANS.find((x) => x.id === b.plan)!.price_sats;
      const inv = price > 0 ? newInvoice(owner, r, price) : null;
      if (price > 0 && !t.billing_anchor) t.billing_anchor = now() + 30 * 86400;
      return json({ relay: r, invoice: inv }, 201);
    }
    const r = relayFor(seg[1]!);
    if (seg.length === 2 && m === "GET") return json(r);
    if (seg[2] === "quote" && m === "GET") {
      const plan = url.searchParams.get("plan") ?? "";
      if (!PLANS.some((x) => x.id === plan)) throw new HttpError(400, "plan must be one of free, basic, growth");
      const diff = planPrice(plan) - planPrice(r.plan);
      const change = plan === r.plan ? (r.pending_plan || r.upgrade_plan ? "cancel" : "none") : diff > 0 ? "upgrade" : "downgrade";
      return json({
        plan, current_plan: r.plan, change, autopay: null,
        charge_now: diff > 0 ? { amount: diff, credit_applied: 0, amount_due: diff, period_start: now(), period_end: now() + 30 * 86400, kind: "upgrade" } : null,
        takes_effect: diff > 0 ? "on_payment" : change === "downgrade" ? "next_renewal" : "now",
        effective_at: change === "downgrade" ? now() + 30 * 86400 : null,
        next_renewal: { at: now() + 30 * 86400, amount: Math.max(planPrice(plan), 0) },
      });
    }
    if (seg.length === 2 && m === "PUT") {
      const b = await body(req);
      validateRelay(b, true, String(r.id));
      const oldPlan = r.plan;
      for (const k of ["name", "subdomain", "icon", "description"]) if (b[k] !== undefined) r[k] = b[k] === "" ? null : b[k];
      // like the backend: an upgrade waits for its invoice, a downgrade for the next renewal, the current plan cancels both
      if (b.plan !== undefined) {
        r.pending_plan = null;
        r.upgrade_plan = null;
        r.upgrade_invoice = null;
        if (planPrice(b.plan) > planPrice(oldPlan)) {
          r.upgrade_plan = b.plan;
          r.upgrade_invoice = newInvoice(String(r.tenant), r, planPrice(b.plan) - planPrice(oldPlan)).id;
        } else if (planPrice(b.plan) < planPrice(oldPlan)) r.pending_plan = b.plan;
      }
      if (b.subdomain) { r.host = `${r.subdomain}.${RELAY_DOMAIN}`; r.url = `wss://${r.host}`; }
      r.updated_at = now();
      log(r, String(r.tenant), "updated", "Relay updated");
      return json(r);
    }
    if (seg[2] === "deactivate" && m === "POST") { r.status = "inactive"; log(r, String(r.tenant), "deactivated", "Relay deactivated"); return json(r); }
    if (seg[2] === "reactivate" && m === "POST") { r.status = "active"; log(r, String(r.tenant), "reactivated", "Relay reactivated"); return json(r); }
    if (seg[2] === "members") {
      if (r.status !== "active") throw new HttpError(503, "relay unreachable: it is not active");
      return json({ items: [{ pubkey: String(r.tenant), role: "owner" }] });
    }
    if (seg[2] === "activity") return json(page(activity.filter((a) => a.relay === r.id), url));
  }

  if (seg[0] === "invoices") {
    const inv = invoices.get(seg[1] ?? "");
    if (!inv || (!who.admin && inv.tenant !== who.pubkey)) throw new HttpError(404, "invoice not found");
    if (seg.length === 2 && m === "GET") return json(inv);
    if (seg[2] === "bolt11") {
      if (Number(inv.expires_at) <= now()) { inv.bolt11 = fakeBolt11(Number(inv.amount)); inv.expires_at = now() + 3600; }
      return json({ bolt11: inv.bolt11, expires_at: inv.expires_at });
    }
    if (seg[2] === "check" && m === "POST") return json(inv);
    if (seg[2] === "receipt") {
      if (inv.status !== "paid") throw new HttpError(409, "receipts exist for paid invoices only");
      return json({ platform: "Caravel (mock)", invoice: inv.id, tenant: inv.tenant, npub: inv.tenant, amount: inv.amount, credit_applied: 0,
        amount_paid: inv.amount, paid_at: inv.paid_at, payment_hash: null, kind: "initial", items: inv.items });
    }
  }
  throw new HttpError(404, "not found");
}

function staticFile(url: URL, req: Request): Response | null {
  const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "");
  const file = resolve(DIST, rel);
  if (file.startsWith(DIST) && rel && existsSync(file) && statSync(file).isFile()) return new Response(Bun.file(file));
  if (req.method === "GET" && (req.headers.get("accept") ?? "").includes("text/html")) {
    return new Response(Bun.file(join(DIST, "index.html")), { headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
  return null;
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: PORT,
  async fetch(req) {
    const url = new URL(req.url);
    const accept = req.headers.get("accept") ?? "";
    try {
      if (req.method === "GET" && accept.includes("text/html")) return staticFile(url, req)!;
      const r = await api(req, url);
      if (r) return r;
      return staticFile(url, req) ?? json({ error: "not found" }, 404);
    } catch (e) {
      if (e instanceof HttpError) return json({ error: e.message }, e.status);
      console.error(e);
      return json({ error: "internal error" }, 500);
    }
  },
});
console.log(JSON.stringify({ ready: true, port: server.port, url: `http://127.0.0.1:${server.port}`, mock: true }));
