// The one API client of the web app: every call names a path and method of the OpenAPI document and is typed by
// the generated `paths` (api-schema.ts), so the compiler checks it against the contract. Same-origin relative URLs;
// bearer token from the session; errors become ApiError.
import { sentence } from "./format";
import type {
  ActivityListParams,
  CreateApiTokenBody,
  CreateRelayBody,
  ErrorBody,
  Id,
  InvoiceListParams,
  PaymentRail,
  PlanId,
  RelayListParams,
  TenantListParams,
  UpdateRelayBody,
  UpdateTenantBody,
} from "./types";
import type { paths } from "./api-schema";

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

/**
 * A file to stream to disk (lib/save-file) with the session's token, which a plain link would not carry: a CSV export,
 * a relay's events, a backup archive. A network failure and an error answer become ApiErrors in the server's words;
 * `failed` names the download in the message of an answer that carries none ("The export failed (502).").
 */
export async function download(path: string, accept = "*/*", failed = "The download failed"): Promise<Response> {
  const t = streamTarget(path);
  let res: Response;
  try {
    res = await t.fetch(t.url, { headers: { Authorization: `Bearer ${t.token ?? ""}`, Accept: accept } });
  } catch {
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }
  if (!res.ok) {
    const said = (await res.json().catch(() => null))?.error;
    throw new ApiError(res.status, said ? sentence(said) : `${failed} (${res.status}).`);
  }
  return res;
}

/** A CSV export as a response to stream to disk (download). */
export function fetchCsv(path: string): Promise<Response> {
  return download(path, "text/csv", "The export failed");
}

/**
 * Sends a file as the request body (an archive, a JSON-lines file: the API streams it with its own size bound), not
 * through the JSON request helper, and reads the JSON answer. An error answer becomes an ApiError that carries its
 * body (an import that stopped part-way still says what it imported); `what` names it in the messages ("import").
 */
export async function upload<T>(path: string, file: Blob, contentType: string, what: string): Promise<T> {
  const t = streamTarget(path);
  const headers: Record<string, string> = { Accept: "application/json", "Content-Type": contentType };
  if (t.token) headers.Authorization = `Bearer ${t.token}`;
  let res: Response;
  try {
    res = await t.fetch(t.url, { method: "POST", headers, body: file });
  } catch {
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }
  const data = (await res.json().catch(() => null)) as
    | (T & { error?: string; code?: string; field?: string | null })
    | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error ? sentence(data.error) : `The ${what} failed (${res.status}).`,
      data,
      data?.code,
      data?.field ?? null,
    );
  if (!data) throw new ApiError(res.status, `The server's answer to the ${what} could not be read.`);
  return data;
}

export type Auth = "bearer" | "none" | { authorization: string };

/** What every call may say beside the contract's own parts. */
interface BaseOptions {
  auth?: Auth;
  signal?: AbortSignal;
  /** Report a 401 to onUnauthorized (default true for bearer requests). */
  report401?: boolean;
}

// The call types below are read off the generated `paths` (api-schema.ts), so the compiler holds every call to the
// OpenAPI document: a path it does not have, a method the path does not declare, a missing or misspelt path
// parameter, a query parameter or body property it does not take, or an answer read as another type all fail
// `bun run typecheck` (test/api-contract.typecheck.ts shows each).

/** A path template of the API, as the document writes it ("/relays/{id}"). */
export type ApiPath = keyof paths;
/** The HTTP methods the client uses. */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";
/** The operation behind `method path` (never when the path does not declare the method). */
type Op<P extends ApiPath, M extends HttpMethod> = NonNullable<paths[P][Lowercase<M>]>;
/** The methods the document declares on a path. */
export type MethodOf<P extends ApiPath> = {
  [M in HttpMethod]: [Op<P, M>] extends [never] ? never : M;
}[HttpMethod];

type ParamsOf<O, K extends "path" | "query"> = O extends { parameters: infer Ps }
  ? K extends keyof Ps
    ? NonNullable<Ps[K]>
    : never
  : never;
type JsonBody<O> = O extends { requestBody?: infer B }
  ? NonNullable<B> extends { content: { "application/json": infer J } }
    ? J
    : never
  : never;
type BodyRequired<O> = O extends { requestBody: object } ? true : false;

/** The parts of a call the operation defines: path parameters, query parameters and JSON body, each as it says. */
type ContractOptions<O> = ([ParamsOf<O, "path">] extends [never] ? { path?: never } : { path: ParamsOf<O, "path"> }) &
  ([ParamsOf<O, "query">] extends [never]
    ? { query?: never }
    : object extends ParamsOf<O, "query">
      ? { query?: ParamsOf<O, "query"> }
      : { query: ParamsOf<O, "query"> }) &
  ([JsonBody<O>] extends [never]
    ? { body?: never }
    : BodyRequired<O> extends true
      ? { body: JsonBody<O> }
      : { body?: JsonBody<O> });

export type CallOptions<P extends ApiPath, M extends HttpMethod> = BaseOptions & ContractOptions<Op<P, M>>;
/** The options argument: optional only when nothing in it is required. */
type CallArgs<P extends ApiPath, M extends HttpMethod> =
  object extends CallOptions<P, M> ? [o?: CallOptions<P, M>] : [o: CallOptions<P, M>];

type Success = 200 | 201 | 202 | 204;
/** What a successful call answers: the JSON body of its 2xx responses, undefined for one without content (204). */
export type Answer<P extends ApiPath, M extends HttpMethod> =
  Op<P, M> extends { responses: infer R }
    ? {
        [S in keyof R & Success]: R[S] extends { content: { "application/json": infer B } } ? B : undefined;
      }[keyof R & Success]
    : never;

/** The parameter names of a path template: "id" | "pubkey" for "/relays/{id}/members/{pubkey}". */
type TemplateNames<S extends string> = S extends `${string}{${infer N}}${infer Rest}` ? N | TemplateNames<Rest> : never;
/** The parameters fillPath needs for a template: none, or a value for each of its names. */
type TemplateArgs<P extends string> = [TemplateNames<P>] extends [never]
  ? [params?: Record<string, never>]
  : [params: Record<TemplateNames<P>, string | number>];

/**
 * A path of the document with its parameters filled in, each encoded as one path segment: for what does not go
 * through request() but must name the same URL (a NIP-98 signature's `u`, a download, a stream).
 */
export function fillPath<P extends ApiPath>(template: P, ...[params]: TemplateArgs<P>): string {
  return fill(template, params);
}

function fill(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params?.[name];
    // the types require every parameter; this guards callers that reach here through `any`
    if (v === undefined || v === null || v === "")
      throw new Error(`${template}: the path parameter ${name} is missing`);
    return encodeURIComponent(String(v));
  });
}

/** Query values as the client sends them; undefined, null and "" leave the parameter out. */
type QueryValues = Record<string, string | number | boolean | undefined | null>;

export function queryString(query?: QueryValues): string {
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

/**
 * One call of the API, typed by the OpenAPI document: `request("GET", "/relays/{id}", { path: { id } })` answers a
 * Relay. The path is the document's template; its parameters come in `path`.
 */
export async function request<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  ...[opts]: CallArgs<P, M>
): Promise<Answer<P, M>> {
  // the conditional option types are for callers; here they are read as their common shape
  const o = (opts ?? {}) as BaseOptions & { path?: Record<string, string>; query?: object; body?: unknown };
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
  const url = options.baseUrl.replace(/\/$/, "") + fill(path, o.path) + queryString(o.query as QueryValues);
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
  return data as Answer<P, M>;
}

/** A human message for any error thrown by the client (or anything else). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return String(e ?? "Something went wrong");
}

/** A path parameter from an id that may be held as a number. */
const rid = (id: Id) => ({ id: String(id) });

export const api = {
  health: () => request("GET", "/healthz", { auth: "none" }),
  config: () => request("GET", "/config", { auth: "none" }),
  plans: () => request("GET", "/plans", { auth: "none" }).then((r) => r.items),
  plan: (id: string) => request("GET", "/plans/{id}", { path: { id }, auth: "none" }),

  /** POST /auth/session with a NIP-98 `Authorization: Nostr ...` header (no body). */
  createSession: (authorization: string) => request("POST", "/auth/session", { auth: { authorization } }),
  deleteSession: () => request("DELETE", "/auth/session", { report401: false }),
  identity: () => request("GET", "/identity"),
  /** Admins: the platform's own state (where Blossom media really goes). */
  adminPlatform: () => request("GET", "/admin/platform"),
  /** The operator's money view (GET /admin/money): revenue, recurring revenue, open invoices, failed autopays, churn. */
  adminMoney: () => request("GET", "/admin/money"),
  /** Admins: insight across relays (largest, busiest, fastest growing, near their cap; the platform's 30 days). */
  adminInsight: () => request("GET", "/admin/insight"),
  /** The relay's insight: posts and events per day and month, kinds, active members, top posters, storage. */
  relayInsight: (id: Id) => request("GET", "/relays/{id}/insight", { path: rid(id) }),
  /** Admins: each zooid node's use (relays against capacity) and whether it answers now (asks every node). */
  adminNodes: () => request("GET", "/admin/nodes").then((r) => r.items),
  /** Admins: the relay's latest move to another zooid node (nothing when it never moved). */
  relayMove: (id: Id) => request("GET", "/admin/relays/{id}/move", { path: rid(id) }),
  /** Admins: moves the relay to the zooid node named `node` (a job in steps; its URL is unchanged). */
  moveRelay: (id: Id, node: string) => request("POST", "/admin/relays/{id}/move", { path: rid(id), body: { node } }),

  tenants: (p?: TenantListParams) => request("GET", "/tenants", { query: p }),
  ensureTenant: () => request("POST", "/tenants"),
  tenant: (pubkey: string) => request("GET", "/tenants/{pubkey}", { path: { pubkey } }),
  updateTenant: (pubkey: string, body: UpdateTenantBody) =>
    request("PUT", "/tenants/{pubkey}", { path: { pubkey }, body }),
  tenantRelays: (pubkey: string, p?: RelayListParams) =>
    request("GET", "/tenants/{pubkey}/relays", { path: { pubkey }, query: p }),
  tenantInvoices: (pubkey: string, p?: InvoiceListParams) =>
    request("GET", "/tenants/{pubkey}/invoices", { path: { pubkey }, query: p }),
  tenantBilling: (pubkey: string) => request("GET", "/tenants/{pubkey}/billing", { path: { pubkey } }),
  /** Autopay budget changes; a raise must carry a fresh NIP-98 signature (pass its header). */
  updateTenantSigned: (pubkey: string, body: UpdateTenantBody, authorization: string) =>
    request("PUT", "/tenants/{pubkey}", { path: { pubkey }, body, auth: { authorization } }),
  stripeSession: (pubkey: string) => request("GET", "/tenants/{pubkey}/stripe/session", { path: { pubkey } }),
  /** Pay by card: a Stripe Checkout URL to open, or the card on file was charged (402 when refused). */
  stripeCheckout: (pubkey: string) => request("POST", "/tenants/{pubkey}/stripe/checkout", { path: { pubkey } }),
  cardAccount: (pubkey: string) => request("GET", "/tenants/{pubkey}/card", { path: { pubkey } }),
  chooseRail: (pubkey: string, rail: PaymentRail) =>
    request("PUT", "/tenants/{pubkey}/rail", { path: { pubkey }, body: { rail } }),

  relays: (p?: RelayListParams) => request("GET", "/relays", { query: p }),
  createRelay: (body: CreateRelayBody) => request("POST", "/relays", { body }),
  relay: (id: Id) => request("GET", "/relays/{id}", { path: rid(id) }),
  updateRelay: (id: Id, body: UpdateRelayBody) => request("PUT", "/relays/{id}", { path: rid(id), body }),
  deactivateRelay: (id: Id) => request("POST", "/relays/{id}/deactivate", { path: rid(id) }),
  reactivateRelay: (id: Id) => request("POST", "/relays/{id}/reactivate", { path: rid(id) }),
  unsuspendRelay: (id: Id) => request("POST", "/relays/{id}/unsuspend", { path: rid(id) }),
  /** Its owner deletes the relay, with its subdomain typed as the confirmation; undone within deletion.undo_until. */
  deleteRelay: (id: Id, confirm: string) =>
    request("POST", "/relays/{id}/delete", { path: rid(id), body: { confirm } }),
  undeleteRelay: (id: Id) => request("POST", "/relays/{id}/undelete", { path: rid(id) }),
  relayQuote: (id: Id, plan: PlanId) => request("GET", "/relays/{id}/quote", { path: rid(id), query: { plan } }),
  newRelayQuote: (plan: PlanId, tenant?: string) => request("GET", "/quote", { query: { plan, tenant } }),
  relayHealth: (id: Id) => request("GET", "/relays/{id}/health", { path: rid(id) }),
  relayActivity: (id: Id, p?: ActivityListParams) =>
    request("GET", "/relays/{id}/activity", { path: rid(id), query: p }),
  /** Sets the relay's own domain (pending until its DNS records are seen); the same domain again keeps its token. */
  setDomain: (id: Id, domain: string) => request("PUT", "/relays/{id}/domain", { path: rid(id), body: { domain } }),
  removeDomain: (id: Id) => request("DELETE", "/relays/{id}/domain", { path: rid(id) }),
  /** Looks at the domain's DNS records now rather than at the next background check. */
  checkDomain: (id: Id) => request("POST", "/relays/{id}/domain/check", { path: rid(id) }),
  checkSubdomain: (subdomain: string, signal?: AbortSignal) =>
    request("GET", "/subdomains/{subdomain}", { path: { subdomain }, signal }),

  invoice: (id: Id) => request("GET", "/invoices/{id}", { path: rid(id) }),
  invoiceBolt11: (id: Id) => request("GET", "/invoices/{id}/bolt11", { path: rid(id) }),
  checkInvoice: (id: Id) => request("POST", "/invoices/{id}/check", { path: rid(id) }),
  invoiceReceipt: (id: Id) => request("GET", "/invoices/{id}/receipt", { path: rid(id) }),
  /** Pays from the autopay wallet beyond the budget: only with a fresh NIP-98 signature (never the session). */
  payInvoiceNow: (id: Id, authorization: string) =>
    request("POST", "/invoices/{id}/pay", { path: rid(id), auth: { authorization } }),

  // a relay's team and its transfer to another owner
  relayTeam: (id: Id) => request("GET", "/relays/{id}/team", { path: rid(id) }),
  addTeamMember: (id: Id, pubkey: string, role: TeamRole) =>
    request("POST", "/relays/{id}/team", { path: rid(id), body: { pubkey, role } }),
  changeTeamMember: (id: Id, pubkey: string, role: TeamRole) =>
    request("PUT", "/relays/{id}/team/{pubkey}", { path: { id: String(id), pubkey }, body: { role } }),
  removeTeamMember: (id: Id, pubkey: string) =>
    request("DELETE", "/relays/{id}/team/{pubkey}", { path: { id: String(id), pubkey } }),
  relayTransfer: (id: Id) => request("GET", "/relays/{id}/transfer", { path: rid(id) }),
  offerRelay: (id: Id, pubkey: string) => request("POST", "/relays/{id}/transfer", { path: rid(id), body: { pubkey } }),
  withdrawOffer: (id: Id) => request("DELETE", "/relays/{id}/transfer", { path: rid(id) }),
  myTeamRelays: () => request("GET", "/me/team-relays").then((r) => r.items),
  myTransfers: () => request("GET", "/me/transfers").then((r) => r.items),
  acceptTransfer: (id: string) => request("POST", "/transfers/{id}/accept", { path: { id } }),
  declineTransfer: (id: string) => request("POST", "/transfers/{id}/decline", { path: { id } }),

  // personal API tokens for scripts (docs/api-tokens.md): the token itself is in the creation's answer only
  apiTokens: () => request("GET", "/tokens").then((r) => r.items),
  createApiToken: (body: CreateApiTokenBody) => request("POST", "/tokens", { body }),
  revokeApiToken: (token: string) => request("DELETE", "/tokens/{id}", { path: { id: token } }),
};

/** A team member's role on a relay (the owner is no team member). */
export type TeamRole = "admin" | "moderator";
