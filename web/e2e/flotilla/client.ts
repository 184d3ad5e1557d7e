// A client of the hosting API that Flotilla speaks, written by us from the contract (backend's
// flotilla-openapi.json and docs/flotilla.md), not from Flotilla's code. It behaves as Flotilla's client does on
// the wire: one NIP-98 sign-in event per key (u = the configured base URL, method GET whatever the verb, no
// payload), reused until it is ten minutes old; every path absolute from the base URL's root; successes read from
// `data`, failures thrown with the server's `error` sentence.
import { finalizeEvent, getPublicKey } from "nostr-tools/pure";

export type Flag = 0 | 1;

export const FLAGS = [
  "policy_public_read",
  "policy_public_write",
  "policy_public_join",
  "policy_strip_signatures",
  "groups_enabled",
  "management_enabled",
  "members_can_invite",
  "blossom_enabled",
  "livekit_enabled",
  "push_enabled",
] as const;
export type FlagName = (typeof FLAGS)[number];

export type Plan = {
  id: string;
  name: string;
  /** US cents per month */
  amount: number;
  hidden: boolean;
  /** null: unlimited */
  members: number | null;
  blossom: boolean;
  livekit: boolean;
};

export type Tenant = {
  pubkey: string;
  return_url: string;
  nwc_is_set: boolean;
  created_at: number;
  billing_anchor: number | null;
  stripe_customer_id: string;
  stripe_payment_method_id: string | null;
  nwc_error: string | null;
  stripe_error: string | null;
  churned_at: number | null;
};

export type HostedRelay = {
  id: string;
  tenant_pubkey: string;
  subdomain: string;
  zooid_domain: string;
  plan_id: string;
  status: string;
  sync_error: string;
  synced: number;
  custom_domain: string;
  custom_domain_verified: number;
  info_name: string;
  info_icon: string;
  info_description: string;
} & Record<FlagName, Flag>;

type RelayFields = {
  subdomain: string;
  zooid_domain: string;
  plan_id: string;
  info_name: string;
  info_icon: string;
  info_description: string;
  custom_domain: string;
} & Record<FlagName, Flag>;

export type CreateRelayInput = Pick<RelayFields, "subdomain" | "zooid_domain" | "plan_id"> &
  Partial<Omit<RelayFields, "subdomain" | "zooid_domain" | "plan_id">> & { tenant_pubkey?: string };
export type UpdateRelayInput = Partial<RelayFields>;

export type Activity = {
  id: string;
  tenant_pubkey: string;
  created_at: number;
  activity_type: string;
  resource_type: string;
  resource_id: string;
};

export type ImportResult = {
  imported: number;
  invalid: number;
  problems?: { line: number; event_id: string; message: string }[];
};

/** A refusal: the server's sentence (what Flotilla shows in a toast) and the HTTP status. */
/** An invoice: amounts in US cents, times in seconds, its state as timestamps (paid_at, voided_at). */
export type Invoice = {
  id: string;
  tenant_pubkey: string;
  amount: number;
  period_start: number | null;
  period_end: number | null;
  created_at: number;
  paid_at: number | null;
  voided_at: number | null;
  method: "nwc" | "stripe" | "oob" | null;
};

export type InvoiceItem = {
  id: string;
  invoice_id: string | null;
  activity_id: string | null;
  tenant_pubkey: string;
  relay_id: string;
  plan_id: string;
  amount: number;
  description: string;
  created_at: number;
  voided_at: number | null;
};

/** A Lightning request for an invoice: msats is what it really charges. */
export type Bolt11 = {
  id: string;
  invoice_id: string;
  lnbc: string;
  msats: number;
  created_at: number;
  expires_at: number;
  settled_at: number | null;
};

/** Flotilla's choice of the invoice to pay: the oldest with no paid_at, no voided_at and an amount. */
export function selectPayableInvoice(invoices: Invoice[]): Invoice | undefined {
  return invoices
    .filter((i) => i.paid_at === null && i.voided_at === null && i.amount > 0)
    .sort((a, b) => a.created_at - b.created_at)[0];
}

export class HostingApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "HostingApiError";
  }
}

const SIGN_IN_REUSE_SECONDS = 600;

export class HostingClient {
  private token: { header: string; signedAt: number } | undefined;
  /** How many sign-in events this client has signed (a test checks that one serves many calls). */
  signatures = 0;
  readonly pubkey: string;

  /**
   * @param baseUrl what Flotilla is configured with (VITE_HOSTING_BACKEND_URL); its path, if any, is ignored for
   *   requests, as Flotilla does, but the sign-in carries it as written
   * @param secretKey the account's key
   * @param now the signer's clock in seconds (tests move it)
   */
  constructor(
    readonly baseUrl: string,
    private readonly secretKey: Uint8Array,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.pubkey = getPublicKey(secretKey);
  }

  /** The Authorization header: the cached sign-in, or a new one once the cached one is ten minutes old. */
  authorization(): string {
    const t = this.now();
    if (!this.token || t - this.token.signedAt >= SIGN_IN_REUSE_SECONDS) {
      const event = finalizeEvent(
        {
          kind: 27235,
          created_at: t,
          tags: [
            ["u", this.baseUrl],
            ["method", "GET"],
          ],
          content: "",
        },
        this.secretKey,
      );
      this.token = { header: `Nostr ${Buffer.from(JSON.stringify(event)).toString("base64")}`, signedAt: t };
      this.signatures++;
    }
    return this.token.header;
  }

  /** The raw response of one call (for export, and for tests that look at statuses and headers). */
  async send(method: string, path: string, body?: BodyInit, contentType?: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", Authorization: this.authorization() };
    if (contentType) headers["Content-Type"] = contentType;
    return fetch(new URL(path, this.baseUrl), { method, headers, body });
  }

  async call<T>(method: string, path: string, input?: unknown): Promise<T> {
    const r =
      input === undefined
        ? await this.send(method, path)
        : await this.send(method, path, JSON.stringify(input), "application/json");
    return unwrap<T>(r);
  }

  listPlans = () => this.call<Plan[]>("GET", "/plans");
  createTenant = (returnUrl: string) => this.call<Tenant>("POST", "/tenants", { return_url: returnUrl });
  getTenant = (pubkey = this.pubkey) => this.call<Tenant>("GET", `/tenants/${pubkey}`);
  updateTenant = (input: { nwc_url: string }, pubkey = this.pubkey) =>
    this.call<Tenant>("PUT", `/tenants/${pubkey}`, input);
  listTenantRelays = (pubkey = this.pubkey) => this.call<HostedRelay[]>("GET", `/tenants/${pubkey}/relays`);
  createRelay = (input: CreateRelayInput) => this.call<HostedRelay>("POST", "/relays", input);
  getRelay = (id: string) => this.call<HostedRelay>("GET", `/relays/${id}`);
  updateRelay = (id: string, input: UpdateRelayInput) => this.call<HostedRelay>("PUT", `/relays/${id}`, input);
  deactivateRelay = (id: string) => this.call<unknown>("POST", `/relays/${id}/deactivate`);
  reactivateRelay = (id: string) => this.call<unknown>("POST", `/relays/${id}/reactivate`);
  listRelayMembers = (id: string) => this.call<{ members: string[] }>("GET", `/relays/${id}/members`);
  listRelayActivity = (id: string) => this.call<{ activity: Activity[] }>("GET", `/relays/${id}/activity`);

  listTenantInvoices = (pubkey = this.pubkey) => this.call<Invoice[]>("GET", `/tenants/${pubkey}/invoices`);
  getDraftInvoice = (pubkey = this.pubkey) => this.call<Invoice | null>("GET", `/tenants/${pubkey}/invoices/draft`);
  reconcileTenant = (pubkey = this.pubkey) => this.call<Tenant>("POST", `/tenants/${pubkey}/reconcile`);
  createPortalSession = (returnUrl: string, pubkey = this.pubkey) =>
    this.call<{ url: string }>("GET", `/tenants/${pubkey}/stripe/session?return_url=${encodeURIComponent(returnUrl)}`);
  getInvoice = (id: string) => this.call<Invoice>("GET", `/invoices/${id}`);
  listInvoiceItems = (id: string) => this.call<InvoiceItem[]>("GET", `/invoices/${id}/items`);
  ensureInvoiceBolt11 = (id: string) => this.call<Bolt11>("POST", `/invoices/${id}/bolt11`);
  createInvoiceCheckout = (id: string, returnUrl: string) =>
    this.call<{ url: string }>("POST", `/invoices/${id}/checkout?return_url=${encodeURIComponent(returnUrl)}`);
  reconcileInvoice = (id: string) => this.call<Invoice>("POST", `/invoices/${id}/reconcile`);

  /** Every event of the relay as JSONL; only a failure is an enveloped JSON error. */
  async exportRelayData(id: string): Promise<string> {
    const r = await this.send("GET", `/relays/${id}/export`);
    if (r.ok) return r.text();
    return unwrap<string>(r);
  }

  async importRelayData(id: string, jsonl: string): Promise<ImportResult> {
    return unwrap<ImportResult>(await this.send("POST", `/relays/${id}/import`, jsonl, "application/x-ndjson"));
  }
}

/** `data` of a 2xx JSON body; anything else is a HostingApiError with the server's sentence when it sent one. */
export async function unwrap<T>(r: Response): Promise<T> {
  const text = await r.text();
  let payload: { data?: T; error?: unknown; field?: unknown } | undefined;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (r.ok && payload && "data" in payload) return payload.data as T;
  const message = typeof payload?.error === "string" ? payload.error : `Request failed (${r.status})`;
  throw new HostingApiError(message, r.status, typeof payload?.field === "string" ? payload.field : null);
}

/** The address a space is served at, as Flotilla derives it: its verified custom domain, else subdomain.domain. */
export function relayUrl(relay: HostedRelay): string {
  const host =
    relay.custom_domain_verified && relay.custom_domain
      ? relay.custom_domain
      : `${relay.subdomain}.${relay.zooid_domain}`;
  return `wss://${host}/`;
}
