// Models of the Caravel HTTP API (backend/API.md). All times are unix seconds.

/** Ids are opaque: the backend may use integers or strings. */
export type Id = string | number;

export type PlanId = "free" | "basic" | "growth";
export type TenantStatus = "active" | "suspended";
export type RelayStatus = "pending" | "active" | "provisioning_failed" | "awaiting_payment" | "suspended" | "inactive";
/** What an inactive relay still owes underneath (it returns to that, never past it). */
export type RelayHold = "suspended" | "awaiting_payment" | null;
export type SyncState = "pending" | "synced" | "failed";
export type InvoiceStatus = "pending" | "paid" | "expired" | "void";

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

export interface Config {
  relay_domain: string;
  lightning: boolean;
  stripe: boolean;
  reserved_subdomains: string[];
  subdomain_pattern: string;
  /** Optional: relays for the NIP-46 nostrconnect:// flow (the app has defaults). */
  nip46_relays?: string[];
}

export interface Plan {
  id: PlanId;
  name: string;
  price_sats: number;
  max_members: number | null;
  blossom: boolean;
  livekit: boolean;
  stripe: boolean;
}

export interface SessionInfo {
  token: string;
  pubkey: string;
  is_admin: boolean;
  expires_at: number;
}

export interface Identity {
  pubkey: string;
  is_admin: boolean;
}

export interface Tenant {
  pubkey: string;
  npub: string;
  status: TenantStatus;
  autopay: boolean;
  billing_anchor: number | null;
  stripe_customer_id: string | null;
  relay_count: number;
  created_at: number;
  updated_at: number;
  /** The tenant's own autopay budget per cycle; null = its monthly total. */
  autopay_budget?: number | null;
}

export interface RelaySync {
  state: SyncState;
  last_error: string | null;
  attempts: number;
  synced_at: number | null;
}

export interface Relay {
  id: Id;
  tenant: string;
  name: string;
  subdomain: string;
  schema: string;
  host: string;
  url: string;
  icon: string | null;
  description: string | null;
  plan: PlanId;
  /** A downgrade that takes effect at the next renewal. */
  pending_plan?: PlanId | null;
  status: RelayStatus;
  hold?: RelayHold;
  /** The invoice a new paid relay waits for. */
  awaiting_payment_invoice?: Id | null;
  /** An upgrade served once upgrade_invoice is paid. */
  upgrade_plan?: PlanId | null;
  upgrade_invoice?: Id | null;
  /** What the caller may do now (single-relay answers): deactivate, reactivate, unsuspend, pay, plan:<id>, cancel_plan_change. */
  actions?: string[] | null;
  sync: RelaySync;
  created_at: number;
  updated_at: number;
}

export interface InvoiceItem {
  id: Id;
  relay: Id;
  relay_name: string;
  amount: number;
  period_start: number;
  period_end: number;
}

export interface Invoice {
  id: Id;
  tenant: string;
  amount: number;
  status: InvoiceStatus;
  created_at: number;
  due_at: number | null;
  paid_at: number | null;
  bolt11: string | null;
  payment_hash: string | null;
  expires_at: number | null;
  kind?: "initial" | "proration" | "upgrade" | "renewal";
  autopay_started_at?: number | null;
  autopay_error?: string | null;
  /** Why autopay waits for the tenant's confirmation (over the budget). */
  autopay_hold?: string | null;
  credit_applied?: number;
  gated?: boolean;
  paid_hash?: string | null;
  items: InvoiceItem[];
  /** "card": a Stripe invoice mirrored here (amount in the currency's minor unit, e.g. cents). */
  rail?: "lightning" | "card";
  period_start?: number | null;
  period_end?: number | null;
  card?: { currency: string; stripe_invoice_id: string; hosted_invoice_url: string | null; payment_error: string | null } | null;
}

/** The account's payment rail and card state (GET /tenants/:pubkey/card). */
export interface CardAccount {
  stripe: boolean;
  rail: "lightning" | "card";
  next_rail: "lightning" | "card" | null;
  customer: boolean;
  subscription: boolean;
  card_error: string | null;
}

export interface Quote {
  plan: PlanId;
  current_plan: PlanId | null;
  change: "upgrade" | "downgrade" | "cancel" | "none" | "new";
  charge_now: {
    amount: number;
    credit_applied: number;
    amount_due: number;
    period_start: number | null;
    period_end: number | null;
    kind: string;
  } | null;
  takes_effect: "on_payment" | "next_renewal" | "now";
  effective_at: number | null;
  next_renewal: { at: number | null; amount: number };
  autopay: "pays" | "needs_confirmation" | "off" | null;
}

export interface BillingSummary {
  next_renewal: { at: number | null; amount: number; items: { relay: Id; relay_name: string; plan: PlanId; amount: number }[] };
  overdue: { invoice: Id; amount_due: number; due_at: number; suspends_at: number; suspending: boolean; waived: boolean }[];
  awaiting_payment: { invoice: Id; amount_due: number; kind: string }[];
  credit: number;
  autopay: { enabled: boolean; budget: number; budget_is_default: boolean; spent_this_cycle: number; remaining: number; next: string };
}

export interface Receipt {
  platform: string;
  invoice: Id;
  tenant: string;
  npub: string;
  amount: number;
  credit_applied: number;
  amount_paid: number;
  paid_at: number;
  payment_hash: string | null;
  kind: string;
  items: (InvoiceItem & { plan?: PlanId })[];
}

export interface RelayHealth {
  reachable: boolean;
  status: number | null;
  latency_ms: number | null;
  name: string | null;
  error: string | null;
  checked_at: number;
}

export interface Member {
  pubkey: string;
  /** "owner", the name of a zooid role the pubkey holds (e.g. "admin"), or "member"; never the relay's own key */
  role: string;
}

export interface Activity {
  id: Id;
  relay: Id | null;
  tenant: string;
  kind: string;
  message: string;
  created_at: number;
}

export interface SubdomainCheck {
  subdomain: string;
  available: boolean;
  error: string | null;
}

export interface CreateRelayBody {
  name: string;
  subdomain: string;
  icon?: string;
  description?: string;
  plan: PlanId;
  tenant?: string;
}

export type UpdateRelayBody = Partial<Pick<CreateRelayBody, "name" | "subdomain" | "icon" | "description" | "plan">>;

export interface UpdateTenantBody {
  nwc_url?: string | null;
  status?: TenantStatus;
  autopay_budget?: number | null;
}

export interface ListParams {
  q?: string;
  status?: string;
  plan?: string;
  tenant?: string;
  page?: number;
  per_page?: number;
}
