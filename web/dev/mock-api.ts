// DEVELOPMENT TOOL ONLY — an in-memory stand-in for the Caravel backend, used to develop and screenshot the web app
// (scripts/screenshots.mjs) without the real backend. Never used in production. Every answer is typed by the OpenAPI
// document's generated types (src/lib/api-schema.ts), so the mock cannot drift from the contract.
// It verifies NIP-98 for POST /auth/session with nostr-tools, issues bearer tokens, and serves
// web/dist with the same SPA fallback as the backend (Accept: text/html → index.html).
//
//   bun dev/mock-api.ts [--port 2892] [--admin <hex pubkey>] [--dist dist] [--currency USD] [--btc-price 100000]
//                       [--media local|s3|s3_ignored|unknown]
//   POST /__mock/pay/:invoiceId marks an invoice paid (a stand-in for a wallet).
//   --currency prices the plans in that currency (as PRICE_CURRENCY does; SAT by default) and --btc-price sets the
//   bitcoin price in it (FIAT_RATE; 100000 by default for a fiat currency, none for SAT, "none" for none), so the
//   fiat-priced UI, and an unknown bitcoin price, can be looked at.
//   --media is where GET /admin/platform says Blossom media goes (local by default: no S3 configured), so the admin
//   overview's notice for S3 settings zooid ignores can be looked at.
import { validateEvent, unpackEventFromToken } from "nostr-tools/nip98";
import { npubEncode, decode } from "nostr-tools/nip19";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { operations } from "../src/lib/api-schema";
import type {
  Activity,
  ErrorBody,
  Invoice,
  InvoiceItem,
  Plan,
  PlanId,
  Relay,
  RelaySettings,
  RequestBody,
  ResponseBody,
  SettingLock,
  SettingName,
  Tenant,
} from "../src/lib/types";

type Json = Record<string, unknown>;
/** What the mock keeps of a tenant; relay_count is counted when it is answered. */
type StoredTenant = Omit<Tenant, "relay_count">;
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const PORT = Number(arg("port", process.env.PORT ?? "2892"));
const ADMINS = new Set(
  arg("admin", process.env.ADMINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);
const DIST = resolve(arg("dist", join(import.meta.dir, "..", "dist")));
const RELAY_DOMAIN = arg("relay-domain", "localhost");
const RESERVED = [
  "www",
  "api",
  "admin",
  "app",
  "mail",
  "dashboard",
  "status",
  "docs",
  "help",
  "support",
  "static",
  "cdn",
  "blog",
];

const CURRENCY = arg("currency", process.env.MOCK_CURRENCY ?? "SAT").toUpperCase();
const MEDIA = arg("media", process.env.MOCK_MEDIA ?? "local");
const btcArg = arg("btc-price", process.env.MOCK_BTC_PRICE ?? (CURRENCY === "SAT" ? "none" : "100000"));
/** What a bitcoin is worth in the fiat currency (USD for plans in sats), or null for an unknown price. */
const BTC_PRICE = btcArg === "none" ? null : Number(btcArg);
const FIAT_CURRENCY = CURRENCY === "SAT" ? "USD" : CURRENCY;
/** The fiat currency's minor unit per major unit (cents: 100; yen: 1). */
const MINOR =
  10 **
  (new Intl.NumberFormat("en", { style: "currency", currency: FIAT_CURRENCY }).resolvedOptions()
    .maximumFractionDigits ?? 2);

/** A fiat amount (minor unit) in sats at the bitcoin price, null when it is unknown. */
const toSats = (minor: number): number | null =>
  BTC_PRICE === null ? null : Math.round((minor / MINOR / BTC_PRICE) * 100_000_000);
/** Sats in the fiat currency's minor unit at the bitcoin price, null when it is unknown. */
const toFiat = (sats: number): number | null =>
  BTC_PRICE === null ? null : Math.round((sats / 100_000_000) * BTC_PRICE * MINOR);

// The backend's default catalog (sats), or one in a fiat currency (major units here, the minor unit below); plus a
// hidden plan, as an operator keeps for relays already on it: GET /plans leaves it out, GET /plans/legacy answers it.
const CATALOG: [
  id: string,
  name: string,
  sats: number,
  fiat: number,
  members: number | null,
  media: boolean,
  hidden: boolean,
][] = [
  ["free", "Free", 0, 0, 10, false, false],
  ["basic", "Basic", 10_000, 10, 100, true, false],
  ["growth", "Growth", 50_000, 50, null, true, false],
  ["legacy", "Legacy", 5_000, 5, 50, false, true],
];
const PLANS: Plan[] = CATALOG.map(([id, name, sats, fiat, max_members, media, hidden]) => {
  const price = CURRENCY === "SAT" ? sats : Math.round(fiat * MINOR);
  return {
    id,
    name,
    currency: CURRENCY,
    price,
    price_sats: CURRENCY === "SAT" ? price : toSats(price),
    max_members,
    blossom: media,
    livekit: media,
    hidden,
  };
});
const OFFERED = PLANS.filter((p) => !p.hidden);
const isPlan = (id: unknown): id is PlanId => PLANS.some((p) => p.id === id);
/** What an invoice is priced at in fiat when it is made (null without a bitcoin price), as the backend stores it. */
function invoiceFiat(sats: number): Invoice["fiat"] {
  const amount = toFiat(sats);
  return amount === null ? null : { currency: FIAT_CURRENCY, amount, btc_price: String(BTC_PRICE) };
}

// Relay settings, following the backend's rules (relays.RelaySettingsRules): stored per relay, effective = stored AND
// the plan includes it (media, calls); public read/write cannot be on, the management API cannot be off.
const SETTING_DEFAULTS: RelaySettings = {
  policy_public_read: false,
  policy_public_write: false,
  policy_public_join: false,
  policy_strip_signatures: false,
  groups_enabled: true,
  management_enabled: true,
  members_can_invite: false,
  blossom_enabled: true,
  livekit_enabled: true,
  push_enabled: false,
};
const isSetting = (k: string): k is SettingName => Object.hasOwn(SETTING_DEFAULTS, k);
const storedSettings = new Map<string, RelaySettings>();

function settingRefusal(name: SettingName, value: boolean, plan: PlanId): HttpError | null {
  if (value && (name === "policy_public_read" || name === "policy_public_write"))
    return new HttpError(400, "setting_not_supported", "Public reading and writing are not available here.", name);
  if (!value && name === "management_enabled")
    return new HttpError(400, "setting_required", "The management API stays on.", name);
  const p = PLANS.find((x) => x.id === plan);
  if (value && ((name === "blossom_enabled" && !p?.blossom) || (name === "livekit_enabled" && !p?.livekit)))
    return new HttpError(403, "not_in_plan", `Not included in the ${p?.name} plan.`, name);
  return null;
}

function parseSettings(raw: unknown): Partial<RelaySettings> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw))
    throw new HttpError(400, "invalid_input", "field 'settings' must be an object", "settings");
  const out: Partial<RelaySettings> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!isSetting(k)) throw new HttpError(400, "unknown_setting", `unknown setting '${k}'`, k);
    if (typeof v !== "boolean") throw new HttpError(400, "invalid_input", `setting '${k}' must be true or false`, k);
    out[k] = v;
  }
  return out;
}

/** Stores the changes (all refused when one is) and shows the relay's effective settings and locks on it. */
function applySettings(r: Relay, changes: Partial<RelaySettings>) {
  for (const [k, v] of Object.entries(changes)) {
    const refusal = settingRefusal(k as SettingName, v, r.plan);
    if (refusal) throw refusal;
  }
  const stored = { ...(storedSettings.get(r.id) ?? SETTING_DEFAULTS), ...changes };
  storedSettings.set(r.id, stored);
  const effective = { ...stored };
  const locked: Relay["settings_locked"] = {};
  for (const name of Object.keys(stored) as SettingName[]) {
    const lock = settingRefusal(name, false, r.plan) ?? settingRefusal(name, true, r.plan);
    if (lock) locked[name] = { code: lock.code as SettingLock["code"], message: lock.message };
    if (lock?.code === "not_in_plan") effective[name] = false;
  }
  r.settings = effective;
  r.settings_locked = locked;
}

const now = () => Math.floor(Date.now() / 1000);
let seq = 1;
const tenants = new Map<string, StoredTenant>();
const relays = new Map<string, Relay>();
const invoices = new Map<string, Invoice>();
const activity: Activity[] = [];
const tokens = new Map<string, { pubkey: string; expires_at: number }>();
const seenIds = new Set<string>();

/** An API error, answered as the document's Error body: a message, a stable code and the request field it is about. */
class HttpError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field: string | null = null,
  ) {
    super(message);
  }
}
const json = (body: unknown, status = 200) =>
  new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
/** Answers `op` with a body its documented response for `status` admits. */
const reply = <Op extends keyof operations, S extends number = 200>(_op: Op, body: ResponseBody<Op, S>, status?: S) =>
  json(body, status ?? 200);
const errorReply = (status: number, body: ErrorBody) => json(body, status);

function log(relay: Relay | null, tenant: string, kind: string, message: string) {
  activity.unshift({ id: seq++, relay: relay?.id ?? null, tenant, kind, message, created_at: now() });
}

function ensureTenant(pubkey: string): [StoredTenant, boolean] {
  let t = tenants.get(pubkey);
  if (t) return [t, false];
  t = {
    pubkey,
    npub: npubEncode(pubkey),
    status: "active",
    autopay: false,
    billing_anchor: null,
    stripe_customer_id: null,
    created_at: now(),
    updated_at: now(),
    autopay_budget: null,
  };
  tenants.set(pubkey, t);
  return [t, true];
}
const tenantView = (t: StoredTenant): Tenant => ({
  ...t,
  relay_count: [...relays.values()].filter((r) => r.tenant === t.pubkey).length,
});

function fakeBolt11(amount: number): string {
  const chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  let s = `lnbcrt${amount * 10}n1p`;
  for (let i = 0; i < 300; i++) s += chars[Math.floor(Math.random() * 32)];
  return s;
}

/** A plan's monthly price in sats today (0 for a fiat price while the bitcoin price is unknown). */
function planPrice(id: unknown): number {
  return PLANS.find((x) => x.id === id)?.price_sats ?? 0;
}

/** A plan's monthly price in the plans' currency (minor unit). */
function planOwnPrice(id: unknown): number {
  return PLANS.find((x) => x.id === id)?.price ?? 0;
}

function newInvoice(tenant: string, relay: Relay, amount: number, kind: "initial" | "upgrade", plan: PlanId): Invoice {
  const id = String(seq++);
  const item: InvoiceItem = {
    id: String(seq++),
    relay: relay.id,
    relay_name: relay.name,
    plan,
    amount,
    period_start: now(),
    period_end: now() + 30 * 86400,
    fiat: toFiat(amount),
  };
  const inv: Invoice = {
    id,
    tenant,
    amount,
    status: "pending",
    kind,
    created_at: now(),
    due_at: now() + 7 * 86400,
    paid_at: null,
    bolt11: fakeBolt11(amount),
    payment_hash: crypto.randomUUID().replace(/-/g, ""),
    expires_at: now() + 3600,
    autopay_started_at: null,
    autopay_error: null,
    items: [item],
    autopay_hold: null,
    credit_applied: 0,
    gated: true,
    paid_hash: null,
    waived_at: null,
    rail: "lightning",
    period_start: item.period_start,
    period_end: item.period_end,
    fiat: invoiceFiat(amount),
    card: null,
  };
  invoices.set(id, inv);
  log(relay, tenant, "invoice_issued", `Invoice issued for ${amount.toLocaleString("en-US")} sats`);
  return inv;
}

function payInvoice(inv: Invoice) {
  if (inv.status === "paid") return;
  inv.status = "paid";
  inv.paid_at = now();
  for (const item of inv.items) {
    const r = relays.get(item.relay);
    if (r && r.upgrade_invoice === inv.id && r.upgrade_plan) {
      r.plan = r.upgrade_plan;
      r.upgrade_plan = null;
      r.upgrade_invoice = null;
      log(r, inv.tenant, "apply_upgrade", `Upgrade paid: the ${r.plan} plan is served`);
    } else if (r && (r.status === "pending" || r.status === "awaiting_payment" || r.status === "suspended")) {
      r.status = "active";
      r.sync = { state: "synced", last_error: null, attempts: 1, synced_at: now() };
      log(r, inv.tenant, "invoice_paid", "Invoice paid, relay activated");
    }
  }
}

function subdomainProblem(s: string, except?: string): HttpError | null {
  const invalid = (message: string) => new HttpError(400, "invalid_input", message, "subdomain");
  if (!/^[a-z0-9-]{3,63}$/.test(s)) return invalid("subdomain: 3–63 characters of a-z, 0-9 and -");
  if (!/^[a-z]/.test(s)) return invalid("subdomain: must start with a letter");
  if (s.endsWith("-")) return invalid("subdomain: must not end with -");
  if (RESERVED.includes(s)) return new HttpError(400, "subdomain_reserved", `subdomain: ${s} is reserved`, "subdomain");
  if ([...relays.values()].some((r) => r.subdomain === s && r.id !== except)) {
    return new HttpError(409, "subdomain_taken", `subdomain: ${s} is already taken`, "subdomain");
  }
  return null;
}

/** Checks a relay body the way the backend does; what passes is a NewRelay (or, partial, RelayChanges). */
function validateRelay(b: Json, partial: boolean, except?: string) {
  const invalid = (field: string, message: string) => new HttpError(400, "invalid_input", message, field);
  const allowed = ["name", "subdomain", "icon", "description", "plan", "tenant", "settings"];
  for (const k of Object.keys(b))
    if (!allowed.includes(k)) throw new HttpError(400, "unknown_field", `unknown field: ${k}`);
  if (!partial || b.name !== undefined) {
    if (typeof b.name !== "string" || !b.name.trim() || b.name.length > 64)
      throw invalid("name", "name: 1–64 characters");
  }
  if (!partial || b.subdomain !== undefined) {
    const p = subdomainProblem(String(b.subdomain ?? ""), except);
    if (p) throw p;
  }
  if (b.description !== undefined && String(b.description).length > 500)
    throw invalid("description", "description: at most 500 characters");
  if (b.icon !== undefined && b.icon !== "" && !/^https?:\/\/\S+$/.test(String(b.icon)))
    throw invalid("icon", "icon: must be an http(s) URL");
  if (!partial || b.plan !== undefined) {
    if (!isPlan(b.plan)) throw invalid("plan", `plan: one of ${PLANS.map((x) => x.id).join(", ")}`);
  }
}

function page<T>(items: T[], url: URL) {
  const p = Math.max(1, Number(url.searchParams.get("page") ?? 1));
  const per = Math.min(200, Math.max(1, Number(url.searchParams.get("per_page") ?? 50)));
  return { items: items.slice((p - 1) * per, p * per), total: items.length, page: p, per_page: per, total_exact: true };
}

/**
 * A page of the relay and tenant lists, which page by cursor too. The mock's cursors name a boundary row by its index
 * in the filtered list (the backend's are opaque and survive rows coming and going); the refusals are the backend's.
 */
function cursorPage<T>(items: T[], url: URL) {
  const after = url.searchParams.get("after");
  const before = url.searchParams.get("before");
  if (!after && !before) {
    const p = page(items, url);
    const start = (p.page - 1) * p.per_page;
    const end = start + p.items.length;
    const next_cursor = p.items.length && end < items.length ? `i${end - 1}` : null;
    return { ...p, next_cursor, prev_cursor: p.items.length && start > 0 ? `i${start}` : null };
  }
  if (after && before) throw new HttpError(400, "invalid_input", "after and before cannot be given together", "before");
  if (url.searchParams.get("page"))
    throw new HttpError(400, "invalid_input", "page cannot be combined with a cursor", "page");
  const field = after ? "after" : "before";
  const at = /^i(\d+)$/.exec((after ?? before)!);
  if (!at) throw new HttpError(400, "invalid_input", `${field} is not a cursor of this list`, field);
  const per = Math.min(200, Math.max(1, Number(url.searchParams.get("per_page") ?? 50)));
  const start = after ? Number(at[1]) + 1 : Math.max(0, Number(at[1]) - per);
  const end = after ? Math.min(items.length, start + per) : Math.min(items.length, Number(at[1]));
  const slice = items.slice(start, end);
  return {
    items: slice,
    total: items.length,
    page: null,
    per_page: per,
    total_exact: true,
    next_cursor: slice.length && end < items.length ? `i${end - 1}` : null,
    prev_cursor: slice.length && start > 0 ? `i${start}` : null,
  };
}

function filterRelays(list: Relay[], url: URL) {
  const q = (url.searchParams.get("q") ?? "").toLowerCase();
  const status = url.searchParams.get("status");
  const plan = url.searchParams.get("plan");
  const tenant = url.searchParams.get("tenant");
  return list
    .filter((r) => !q || r.name.toLowerCase().includes(q) || r.subdomain.includes(q) || r.id === q)
    .filter((r) => !status || r.status === status)
    .filter((r) => !plan || r.plan === plan)
    .filter((r) => !tenant || r.tenant === tenant)
    .sort((a, b) => b.created_at - a.created_at);
}

async function auth(req: Request, url: URL): Promise<{ pubkey: string; admin: boolean }> {
  const h = req.headers.get("authorization") ?? "";
  if (h.startsWith("Bearer ")) {
    const t = tokens.get(h.slice(7));
    if (!t || t.expires_at < now()) throw new HttpError(401, "unauthorized", "session: invalid or expired token");
    return { pubkey: t.pubkey, admin: ADMINS.has(t.pubkey) };
  }
  if (h.startsWith("Nostr ")) {
    const ev = await unpackEventFromToken(h).catch(() => null);
    if (!ev) throw new HttpError(401, "unauthorized", "nip98: malformed token");
    try {
      await validateEvent(ev, url.toString(), req.method);
    } catch (e) {
      throw new HttpError(401, "unauthorized", `nip98: ${(e as Error).message}`);
    }
    if (seenIds.has(ev.id)) throw new HttpError(401, "unauthorized", "nip98: event already used");
    seenIds.add(ev.id);
    return { pubkey: ev.pubkey, admin: ADMINS.has(ev.pubkey) };
  }
  throw new HttpError(401, "unauthorized", "nip98: missing Authorization header");
}

function hexOf(key: string): string {
  if (key.startsWith("npub1")) {
    try {
      return decode(key).data as string;
    } catch {
      throw new HttpError(404, "not_found", "tenant not found");
    }
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
    throw new HttpError(400, "invalid_json", "body must be a JSON object");
  }
}

function quote(plan: PlanId, current: Relay | null): ResponseBody<"quoteRelayPlan"> {
  const period = { period_start: now(), period_end: now() + 30 * 86400 };
  const next_renewal = { at: now() + 30 * 86400, amount: planPrice(plan) };
  if (!current) {
    const price = planPrice(plan);
    return {
      plan,
      current_plan: null,
      change: "new",
      takes_effect: price > 0 ? "on_payment" : "now",
      effective_at: null,
      autopay: null,
      charge_now:
        price > 0 ? { amount: price, credit_applied: 0, amount_due: price, ...period, kind: "initial" } : null,
      next_renewal,
      rail: "lightning",
      card_price: null,
    };
  }
  const diff = planPrice(plan) - planPrice(current.plan);
  const change =
    plan === current.plan
      ? current.pending_plan || current.upgrade_plan
        ? "cancel"
        : "none"
      : diff > 0
        ? "upgrade"
        : "downgrade";
  return {
    plan,
    current_plan: current.plan,
    change,
    autopay: null,
    charge_now: diff > 0 ? { amount: diff, credit_applied: 0, amount_due: diff, ...period, kind: "upgrade" } : null,
    takes_effect: diff > 0 ? "on_payment" : change === "downgrade" ? "next_renewal" : "now",
    effective_at: change === "downgrade" ? now() + 30 * 86400 : null,
    next_renewal,
    rail: "lightning",
    card_price: null,
  };
}

function planParam(url: URL): PlanId {
  const plan = url.searchParams.get("plan");
  if (!isPlan(plan))
    throw new HttpError(400, "invalid_input", `plan must be one of ${PLANS.map((x) => x.id).join(", ")}`, "plan");
  return plan;
}

/** GET /admin/platform's media answer for --media, in the backend's words. */
function mediaStorage(): ResponseBody<"getAdminPlatform">["media"] {
  const s3 = MEDIA !== "local";
  const checked_at = s3 ? now() : null;
  if (MEDIA === "s3")
    return {
      state: "s3",
      s3_configured: true,
      zooid_line: "newer",
      checked_at,
      message: "Media goes to the S3 bucket: zooid (newer line) honours the S3 settings.",
      action: null,
    };
  if (MEDIA === "s3_ignored")
    return {
      state: "s3_ignored",
      s3_configured: true,
      zooid_line: "archived",
      checked_at,
      message:
        "zooid ignores the S3 settings; media stays on zooid's own disk (MEDIA volume). This zooid is the archived line, which drops blossom.adapter and blossom.s3.",
      action: "Run the newer zooid line, which honours them, or unset BLOSSOM_S3_* so the settings say what happens.",
    };
  if (MEDIA === "unknown")
    return {
      state: "unknown",
      s3_configured: true,
      zooid_line: "unknown",
      checked_at,
      message:
        "Cannot tell whether zooid honours the S3 settings (zooid is unreachable: Connection refused). Media goes to S3 only on zooid's newer line; the archived line keeps it on zooid's own disk.",
      action: null,
    };
  return {
    state: "local",
    s3_configured: false,
    zooid_line: "unknown",
    checked_at: null,
    message: "Media is kept on zooid's own disk (MEDIA volume): BLOSSOM_S3_* is not set.",
    action: null,
  };
}

async function api(req: Request, url: URL): Promise<Response | null> {
  const m = req.method;
  const p = url.pathname;
  const seg = p.split("/").filter(Boolean);

  if (p === "/healthz") return reply("health", { status: "ok" });
  if (p === "/config") {
    return reply("config", {
      relay_domain: RELAY_DOMAIN,
      lightning: true,
      stripe: true,
      reserved_subdomains: RESERVED,
      subdomain_pattern: "^[a-z][a-z0-9-]{1,61}[a-z0-9]$",
      nip46_relays: [],
      fiat: BTC_PRICE === null ? null : { currency: FIAT_CURRENCY, per_bitcoin: BTC_PRICE },
      price_currency: CURRENCY,
    });
  }
  if (p === "/plans") return reply("plans", { items: OFFERED });
  if (seg[0] === "plans" && seg.length === 2) {
    const plan = PLANS.find((x) => x.id === seg[1]);
    if (!plan) throw new HttpError(404, "not_found", "plan not found");
    return reply("plan", plan);
  }
  if (seg[0] === "__mock" && seg[1] === "pay" && m === "POST") {
    const inv = invoices.get(seg[2] ?? "");
    if (!inv) throw new HttpError(404, "not_found", "invoice not found");
    payInvoice(inv);
    return json(inv);
  }
  const known = ["auth", "identity", "tenants", "relays", "subdomains", "invoices", "quote", "admin"];
  if (!known.includes(seg[0] ?? "")) return null;

  if (p === "/auth/session" && m === "POST") {
    if (!(req.headers.get("authorization") ?? "").startsWith("Nostr "))
      throw new HttpError(401, "unauthorized", "nip98: required");
    const who = await auth(req, url);
    const token = crypto.randomUUID().replace(/-/g, "") + crypto.randomUUID().replace(/-/g, "");
    const expires_at = now() + 7 * 86400;
    tokens.set(token, { pubkey: who.pubkey, expires_at });
    return reply("createSession", { token, pubkey: who.pubkey, is_admin: who.admin, expires_at }, 201);
  }
  const who = await auth(req, url);
  const mayTenant = (pk: string) => {
    if (!who.admin && pk !== who.pubkey) throw new HttpError(404, "not_found", "tenant not found");
  };
  const relayFor = (id: string) => {
    const r = relays.get(id);
    if (!r || (!who.admin && r.tenant !== who.pubkey)) throw new HttpError(404, "not_found", "relay not found");
    return r;
  };
  const adminOnly = () => {
    if (!who.admin) throw new HttpError(403, "forbidden", "admin only");
  };

  if (p === "/auth/session" && m === "DELETE") {
    tokens.delete((req.headers.get("authorization") ?? "").slice(7));
    return new Response(null, { status: 204 });
  }
  if (p === "/identity") return reply("identity", { pubkey: who.pubkey, is_admin: who.admin });
  if (p === "/admin/platform" && m === "GET") {
    adminOnly();
    return reply("getAdminPlatform", { media: mediaStorage() });
  }

  if (seg[0] === "tenants") {
    if (seg.length === 1 && m === "POST") {
      const [t, created] = ensureTenant(who.pubkey);
      return created ? reply("ensureTenant", tenantView(t), 201) : reply("ensureTenant", tenantView(t));
    }
    if (seg.length === 1 && m === "GET") {
      adminOnly();
      const q = (url.searchParams.get("q") ?? "").toLowerCase();
      const status = url.searchParams.get("status");
      const list = [...tenants.values()]
        .filter((t) => !q || t.pubkey.startsWith(q) || t.npub.startsWith(q))
        .filter((t) => !status || t.status === status)
        .map(tenantView);
      return reply("listTenants", cursorPage(list, url));
    }
    const pk = hexOf(seg[1]!);
    mayTenant(pk);
    const t = tenants.get(pk);
    if (!t) throw new HttpError(404, "not_found", "tenant not found");
    if (seg.length === 2 && m === "GET") return reply("getTenant", tenantView(t));
    if (seg.length === 2 && m === "PUT") {
      const b: RequestBody<"updateTenant"> = await body(req);
      for (const k of Object.keys(b))
        if (!["nwc_url", "status"].includes(k)) throw new HttpError(400, "unknown_field", `unknown field: ${k}`);
      if (b.status !== undefined) {
        if (!who.admin) throw new HttpError(403, "forbidden", "status: admin only", "status");
        if (b.status !== "active" && b.status !== "suspended")
          throw new HttpError(400, "invalid_input", "status: active or suspended", "status");
        t.status = b.status;
        if (b.status === "suspended")
          for (const r of relays.values())
            if (r.tenant === pk) {
              r.status = "inactive";
              log(r, pk, "deactivated", "Deactivated by an admin");
            }
      }
      if (b.nwc_url !== undefined) {
        if (b.nwc_url !== null && !/^nostr\+walletconnect:\/\//.test(String(b.nwc_url))) {
          throw new HttpError(400, "invalid_input", "nwc_url: not a nostr+walletconnect:// URL", "nwc_url");
        }
        t.autopay = b.nwc_url !== null;
      }
      t.updated_at = now();
      return reply("updateTenant", tenantView(t));
    }
    if (seg[2] === "relays")
      return reply(
        "tenantRelays",
        cursorPage(
          filterRelays(
            [...relays.values()].filter((r) => r.tenant === pk),
            url,
          ),
          url,
        ),
      );
    if (seg[2] === "invoices") {
      const status = url.searchParams.get("status");
      const list = [...invoices.values()]
        .filter((i) => i.tenant === pk && (!status || i.status === status))
        .sort((a, b) => b.created_at - a.created_at);
      return reply("tenantInvoices", page(list, url));
    }
    if (seg[2] === "stripe") return reply("stripeSession", { url: `${url.origin}/account?stripe=portal` });
    if (seg[2] === "billing") {
      // a rough stand-in for the backend's account summary (the mock keeps no cycles)
      const renewing = (r: Relay) => r.pending_plan ?? r.plan;
      const paidRelays = [...relays.values()].filter(
        (r) => r.tenant === pk && r.status === "active" && planPrice(renewing(r)) > 0,
      );
      const amount = paidRelays.reduce((n, r) => n + planPrice(renewing(r)), 0);
      const price = paidRelays.reduce((n, r) => n + planOwnPrice(renewing(r)), 0);
      return reply("tenantBilling", {
        next_renewal: {
          at: t.billing_anchor ?? null,
          amount,
          items: paidRelays.map((r) => ({
            relay: r.id,
            relay_name: r.name,
            plan: renewing(r),
            amount: planPrice(renewing(r)),
            price: planOwnPrice(renewing(r)),
          })),
          price,
          currency: CURRENCY,
        },
        overdue: [],
        awaiting_payment: [],
        credit: 0,
        autopay: {
          enabled: t.autopay,
          budget: amount,
          budget_is_default: true,
          spent_this_cycle: 0,
          remaining: amount,
          next: t.autopay
            ? "Autopay pays renewals."
            : "Autopay is off: invoices are paid by scanning or opening them in a wallet.",
        },
        // the mock keeps no card rail: Lightning, by autopay or by hand
        next_payment: {
          method: paidRelays.length === 0 || !t.billing_anchor ? "none" : t.autopay ? "autopay" : "invoice",
          at: paidRelays.length === 0 ? null : (t.billing_anchor ?? null),
          sats: amount,
          card_amount: null,
          card_currency: null,
          rail: "lightning",
          rail_switch: null,
          per_period: null,
          card_due: false,
          checkout_charge: null,
        },
      });
    }
  }

  if (seg[0] === "subdomains" && seg.length === 2) {
    const s = decodeURIComponent(seg[1]!);
    const prob = subdomainProblem(s);
    return reply("checkSubdomain", { subdomain: s, available: !prob, error: prob ? prob.message : null });
  }

  if (seg[0] === "quote" && m === "GET") return reply("quoteNewRelay", quote(planParam(url), null));

  if (seg[0] === "relays") {
    if (seg.length === 1 && m === "GET") {
      adminOnly();
      return reply("listRelays", cursorPage(filterRelays([...relays.values()], url), url));
    }
    if (seg.length === 1 && m === "POST") {
      const raw = await body(req);
      validateRelay(raw, false);
      const b = raw as RequestBody<"createRelay">;
      const owner = who.admin && typeof b.tenant === "string" ? b.tenant : who.pubkey;
      const [t] = ensureTenant(owner);
      if (t.status === "suspended") throw new HttpError(403, "tenant_suspended", "your account is suspended");
      const id = String(seq++);
      const sub = b.subdomain;
      const price = planPrice(b.plan);
      const r: Relay = {
        id,
        tenant: owner,
        name: b.name.trim(),
        subdomain: sub,
        schema: sub.replace(/-/g, "_"),
        host: `${sub}.${RELAY_DOMAIN}`,
        url: `wss://${sub}.${RELAY_DOMAIN}`,
        icon: b.icon ?? "",
        description: b.description ?? "",
        plan: b.plan,
        pending_plan: null,
        status: price > 0 ? "awaiting_payment" : "active",
        awaiting_payment_invoice: null,
        sync: { state: "synced", last_error: null, attempts: 1, synced_at: now() },
        created_at: now(),
        updated_at: now(),
        hold: null,
        account_hold: false,
        upgrade_plan: null,
        upgrade_invoice: null,
        actions: null,
        settings: SETTING_DEFAULTS,
        settings_locked: {},
      };
      applySettings(r, parseSettings(b.settings));
      relays.set(id, r);
      log(r, owner, "created", `Relay created on the ${b.plan} plan`);
      const inv = price > 0 ? newInvoice(owner, r, price, "initial", b.plan) : null;
      if (inv) r.awaiting_payment_invoice = inv.id;
      if (price > 0 && !t.billing_anchor) t.billing_anchor = now() + 30 * 86400;
      return reply("createRelay", { relay: r, invoice: inv }, 201);
    }
    const r = relayFor(seg[1]!);
    if (seg.length === 2 && m === "GET") return reply("getRelay", r);
    if (seg[2] === "quote" && m === "GET") return reply("quoteRelayPlan", quote(planParam(url), r));
    if (seg.length === 2 && m === "PUT") {
      const raw = await body(req);
      validateRelay(raw, true, r.id);
      const b = raw as RequestBody<"updateRelay">;
      const settings = parseSettings(b.settings);
      for (const [k, v] of Object.entries(settings)) {
        const refusal = settingRefusal(k as SettingName, v, r.plan);
        if (refusal) throw refusal; // before any field changes, as the backend's one transaction
      }
      const oldPlan = r.plan;
      if (b.name !== undefined) r.name = b.name;
      if (b.subdomain !== undefined) r.subdomain = b.subdomain;
      if (b.icon !== undefined) r.icon = b.icon;
      if (b.description !== undefined) r.description = b.description;
      // like the backend: an upgrade waits for its invoice, a downgrade for the next renewal, the current plan cancels both
      if (b.plan !== undefined) {
        r.pending_plan = null;
        r.upgrade_plan = null;
        r.upgrade_invoice = null;
        if (planPrice(b.plan) > planPrice(oldPlan)) {
          r.upgrade_plan = b.plan;
          r.upgrade_invoice = newInvoice(r.tenant, r, planPrice(b.plan) - planPrice(oldPlan), "upgrade", b.plan).id;
        } else if (planPrice(b.plan) < planPrice(oldPlan)) r.pending_plan = b.plan;
      }
      if (b.subdomain) {
        r.host = `${r.subdomain}.${RELAY_DOMAIN}`;
        r.url = `wss://${r.host}`;
      }
      applySettings(r, settings);
      r.updated_at = now();
      log(r, r.tenant, "updated", "Relay updated");
      return reply("updateRelay", r);
    }
    if (seg[2] === "deactivate" && m === "POST") {
      r.status = "inactive";
      log(r, r.tenant, "deactivated", "Relay deactivated");
      return reply("deactivateRelay", r);
    }
    if (seg[2] === "reactivate" && m === "POST") {
      r.status = "active";
      log(r, r.tenant, "reactivated", "Relay reactivated");
      return reply("reactivateRelay", r);
    }
    if (seg[2] === "members") {
      if (r.status !== "active") throw new HttpError(503, "relay_unreachable", "relay unreachable: it is not active");
      return reply("relayMembers", {
        items: [{ pubkey: r.tenant, npub: npubEncode(r.tenant), name: null, picture: null, role: "owner" }],
        count: 0,
        limit: PLANS.find((x) => x.id === r.plan)?.max_members ?? null,
        plan: r.plan,
        refusals: [],
      });
    }
    if (seg[2] === "activity")
      return reply(
        "relayActivity",
        page(
          activity.filter((a) => a.relay === r.id),
          url,
        ),
      );
  }

  if (seg[0] === "invoices") {
    const inv = invoices.get(seg[1] ?? "");
    if (!inv || (!who.admin && inv.tenant !== who.pubkey)) throw new HttpError(404, "not_found", "invoice not found");
    if (seg.length === 2 && m === "GET") return reply("getInvoice", inv);
    if (seg[2] === "bolt11") {
      if ((inv.expires_at ?? 0) <= now()) {
        inv.bolt11 = fakeBolt11(inv.amount);
        inv.expires_at = now() + 3600;
      }
      return reply("invoiceBolt11", {
        bolt11: inv.bolt11 ?? "",
        expires_at: inv.expires_at,
        amount: inv.amount - inv.credit_applied,
      });
    }
    if (seg[2] === "check" && m === "POST") return reply("checkInvoice", inv);
    if (seg[2] === "receipt") {
      if (inv.status !== "paid" || inv.paid_at === null)
        throw new HttpError(409, "not_paid", "receipts exist for paid invoices only");
      return reply("invoiceReceipt", {
        platform: "Caravel (mock)",
        invoice: inv.id,
        tenant: inv.tenant,
        npub: npubEncode(inv.tenant),
        amount: inv.amount,
        credit_applied: 0,
        amount_paid: inv.amount,
        paid_at: inv.paid_at,
        payment_hash: null,
        kind: inv.kind,
        items: inv.items,
      });
    }
  }
  throw new HttpError(404, "not_found", "not found");
}

function staticFile(url: URL, req: Request): Response | null {
  const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "");
  const file = resolve(DIST, rel);
  if (file.startsWith(DIST) && rel && existsSync(file) && statSync(file).isFile()) return new Response(Bun.file(file));
  if (req.method === "GET" && (req.headers.get("accept") ?? "").includes("text/html")) {
    return new Response(Bun.file(join(DIST, "index.html")), {
      headers: { "Content-Type": "text/html; charset=utf-8" },
    });
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
      return staticFile(url, req) ?? errorReply(404, { error: "not found", code: "not_found", field: null });
    } catch (e) {
      if (e instanceof HttpError) return errorReply(e.status, { error: e.message, code: e.code, field: e.field });
      console.error(e);
      return errorReply(500, { error: "internal error", code: "internal", field: null });
    }
  },
});
console.log(JSON.stringify({ ready: true, port: server.port, url: `http://127.0.0.1:${server.port}`, mock: true }));
