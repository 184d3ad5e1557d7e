// The one API client of the web app: calls to the Caravel backend typed by its OpenAPI document (lib/types.ts).
// Same-origin relative URLs; bearer token from the session; errors become ApiError.
import { sentence } from "./format";
import type {
  ActivityListParams,
  ActivityPage,
  BillingSummary,
  Bolt11,
  CardAccount,
  Config,
  Created,
  CreateRelayBody,
  ErrorBody,
  Id,
  Identity,
  Invoice,
  InvoiceListParams,
  InvoicePage,
  PaymentRail,
  Plan,
  PlanId,
  PlatformStatus,
  Quote,
  RailChoice,
  Receipt,
  Relay,
  RelayHealth,
  RelayListParams,
  RelayPage,
  RequestBody,
  ResponseBody,
  SessionInfo,
  StripeCheckout,
  SubdomainCheck,
  Tenant,
  TenantListParams,
  TenantPage,
  UpdateRelayBody,
  UpdateTenantBody,
} from "./types";

/**
 * A failed request. status, code and field come from the API's error body ({error, code, field}); a response without
 * one (a proxy's HTML page, no network) gets a code from its status and no field.
 */
export class ApiError extends Error {
  readonly status: number;
  /** The API's stable machine-readable code (e.g. invalid_input, subdomain_taken). */
  readonly code: string;
  /** The request field the error is about (a JSON request property such as subdomain or nwc_url), or null. */
  readonly field: string | null;
  readonly body: unknown;
  constructor(status: number, message: string, body?: unknown, code?: string, field?: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code ?? statusCode(status);
    this.field = field ?? null;
    this.body = body;
  }
}

/** Whether a request failed without any answer from the server (no network, the backend down or unreachable). */
export function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError && e.status === 0;
}

/** A code for an answer that carried none: what its status says. */
function statusCode(status: number): string {
  if (status === 0) return "unreachable";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "invalid_input";
}

/** The API's error body, or null for anything else (an older server's {error} only still gives its message). */
function errorBody(data: unknown): (Partial<ErrorBody> & { error: string }) | null {
  if (!data || typeof data !== "object") return null;
  const b = data as Record<string, unknown>;
  if (typeof b.error !== "string") return null;
  return {
    error: b.error,
    code: typeof b.code === "string" ? b.code : undefined,
    field: typeof b.field === "string" ? b.field : null,
  };
}

export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export interface ApiOptions {
  /** Origin (and optional prefix) of the API; "" means same origin. */
  baseUrl: string;
  fetch: FetchFn;
  /** The current bearer token, if any. */
  token: () => string | null;
  /** Called when a bearer-authenticated request answers 401. */
  onUnauthorized: (error: ApiError) => void;
}

const options: ApiOptions = {
  baseUrl: "",
  fetch: (input, init) => fetch(input, init),
  token: () => null,
  onUnauthorized: () => {},
};

export function configureApi(o: Partial<ApiOptions>): void {
  Object.assign(options, o);
}

/** The absolute URL of an API path, as the server sees it (used for NIP-98 `u` tags). */
export function apiUrl(path: string): string {
  const base = options.baseUrl || (typeof location !== "undefined" ? location.origin : "");
  return new URL(path, base.endsWith("/") ? base : `${base}/`).toString();
}

/** What a streaming request (lib/live.ts) needs: the full URL, the fetch to use and the current bearer token. */
export function streamTarget(path: string): { url: string; fetch: FetchFn; token: string | null } {
  return { url: options.baseUrl.replace(/\/$/, "") + path, fetch: options.fetch, token: options.token() };
}

export type Auth = "bearer" | "none" | { authorization: string };

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  auth?: Auth;
  signal?: AbortSignal;
  /** Report a 401 to onUnauthorized (default true for bearer requests). */
  report401?: boolean;
}

export function queryString(query?: RequestOptions["query"]): string {
  if (!query) return "";
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

function statusMessage(status: number): string {
  if (status === 401) return "Your session has expired. Please log in again.";
  if (status === 403) return "You are not allowed to do that.";
  if (status === 404) return "Not found.";
  if (status === 409) return "That conflicts with existing data.";
  if (status === 413) return "The request is too large.";
  if (status === 429) return "Too many requests. Please wait a moment.";
  if (status === 503) return "A service is temporarily unavailable. Please try again shortly.";
  if (status >= 500) return `Server error (${status}). Please try again.`;
  return `Request failed (${status}).`;
}

export async function request<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
  const auth = o.auth ?? "bearer";
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: string | undefined;
  if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers["Content-Type"] = "application/json";
  }
  if (auth === "bearer") {
    const t = options.token();
    if (t) headers.Authorization = `Bearer ${t}`;
  } else if (typeof auth === "object") {
    headers.Authorization = auth.authorization;
  }
  const url = options.baseUrl.replace(/\/$/, "") + path + queryString(o.query);
  let res: Response;
  try {
    res = await options.fetch(url, { method, headers, body, signal: o.signal });
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e;
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }
  const text = res.status === 204 ? "" : await res.text();
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const b = errorBody(data);
    const err = new ApiError(
      res.status,
      b?.error ? sentence(b.error) : statusMessage(res.status),
      data,
      b?.code,
      b?.field,
    );
    if (res.status === 401 && auth === "bearer" && o.report401 !== false) options.onUnauthorized(err);
    throw err;
  }
  if (text && data === undefined) throw new ApiError(res.status, "The server sent an unexpected response.");
  return data as T;
}

/** A human message for any error thrown by the client (or anything else). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return String(e ?? "Something went wrong");
}

const enc = encodeURIComponent;
const query = (p?: object) => p as RequestOptions["query"];

export const api = {
  health: () => request<ResponseBody<"health">>("GET", "/healthz", { auth: "none" }),
  config: () => request<Config>("GET", "/config", { auth: "none" }),
  plans: () => request<ResponseBody<"plans">>("GET", "/plans", { auth: "none" }).then((r) => r.items),
  plan: (id: string) => request<Plan>("GET", `/plans/${enc(id)}`, { auth: "none" }),

  /** POST /auth/session with a NIP-98 `Authorization: Nostr ...` header (no body). */
  createSession: (authorization: string) => request<SessionInfo>("POST", "/auth/session", { auth: { authorization } }),
  deleteSession: () => request<void>("DELETE", "/auth/session", { report401: false }),
  identity: () => request<Identity>("GET", "/identity"),
  /** Admins: the platform's own state (where Blossom media really goes). */
  adminPlatform: () => request<PlatformStatus>("GET", "/admin/platform"),

  tenants: (p?: TenantListParams) => request<TenantPage>("GET", "/tenants", { query: query(p) }),
  ensureTenant: () => request<Tenant>("POST", "/tenants"),
  tenant: (pubkey: string) => request<Tenant>("GET", `/tenants/${enc(pubkey)}`),
  updateTenant: (pubkey: string, body: UpdateTenantBody) => request<Tenant>("PUT", `/tenants/${enc(pubkey)}`, { body }),
  tenantRelays: (pubkey: string, p?: RelayListParams) =>
    request<RelayPage>("GET", `/tenants/${enc(pubkey)}/relays`, { query: query(p) }),
  tenantInvoices: (pubkey: string, p?: InvoiceListParams) =>
    request<InvoicePage>("GET", `/tenants/${enc(pubkey)}/invoices`, { query: query(p) }),
  tenantBilling: (pubkey: string) => request<BillingSummary>("GET", `/tenants/${enc(pubkey)}/billing`),
  /** Autopay budget changes; a raise must carry a fresh NIP-98 signature (pass its header). */
  updateTenantSigned: (pubkey: string, body: UpdateTenantBody, authorization: string) =>
    request<Tenant>("PUT", `/tenants/${enc(pubkey)}`, { body, auth: { authorization } }),
  stripeSession: (pubkey: string) =>
    request<ResponseBody<"stripeSession">>("GET", `/tenants/${enc(pubkey)}/stripe/session`),
  /** Pay by card: a Stripe Checkout URL to open, or the card on file was charged (402 when refused). */
  stripeCheckout: (pubkey: string) => request<StripeCheckout>("POST", `/tenants/${enc(pubkey)}/stripe/checkout`),
  cardAccount: (pubkey: string) => request<CardAccount>("GET", `/tenants/${enc(pubkey)}/card`),
  chooseRail: (pubkey: string, rail: PaymentRail) =>
    request<RailChoice>("PUT", `/tenants/${enc(pubkey)}/rail`, { body: { rail } satisfies RequestBody<"chooseRail"> }),

  relays: (p?: RelayListParams) => request<RelayPage>("GET", "/relays", { query: query(p) }),
  createRelay: (body: CreateRelayBody) =>
    request<Omit<Created, "invoice"> & { invoice: Invoice | null }>("POST", "/relays", { body }),
  relay: (id: Id) => request<Relay>("GET", `/relays/${enc(String(id))}`),
  updateRelay: (id: Id, body: UpdateRelayBody) => request<Relay>("PUT", `/relays/${enc(String(id))}`, { body }),
  deactivateRelay: (id: Id) => request<Relay>("POST", `/relays/${enc(String(id))}/deactivate`),
  reactivateRelay: (id: Id) => request<Relay>("POST", `/relays/${enc(String(id))}/reactivate`),
  unsuspendRelay: (id: Id) => request<Relay>("POST", `/relays/${enc(String(id))}/unsuspend`),
  relayQuote: (id: Id, plan: PlanId) => request<Quote>("GET", `/relays/${enc(String(id))}/quote`, { query: { plan } }),
  newRelayQuote: (plan: PlanId, tenant?: string) => request<Quote>("GET", "/quote", { query: { plan, tenant } }),
  relayHealth: (id: Id) => request<RelayHealth>("GET", `/relays/${enc(String(id))}/health`),
  relayActivity: (id: Id, p?: ActivityListParams) =>
    request<ActivityPage>("GET", `/relays/${enc(String(id))}/activity`, { query: query(p) }),
  checkSubdomain: (subdomain: string, signal?: AbortSignal) =>
    request<SubdomainCheck>("GET", `/subdomains/${enc(subdomain)}`, { signal }),

  invoice: (id: Id) => request<Invoice>("GET", `/invoices/${enc(String(id))}`),
  invoiceBolt11: (id: Id) => request<Bolt11>("GET", `/invoices/${enc(String(id))}/bolt11`),
  checkInvoice: (id: Id) => request<Invoice>("POST", `/invoices/${enc(String(id))}/check`),
  invoiceReceipt: (id: Id) => request<Receipt>("GET", `/invoices/${enc(String(id))}/receipt`),
  /** Pays from the autopay wallet beyond the budget: only with a fresh NIP-98 signature (never the session). */
  payInvoiceNow: (id: Id, authorization: string) =>
    request<Invoice>("POST", `/invoices/${enc(String(id))}/pay`, { auth: { authorization } }),
};
