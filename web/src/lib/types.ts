// Models of the Caravel HTTP API (backend/API.md). All times are unix seconds.

/** Ids are opaque: the backend may use integers or strings. */
export type Id = string | number;

export type PlanId = "free" | "basic" | "growth";
export type TenantStatus = "active" | "suspended";
export type RelayStatus = "pending" | "active" | "provisioning_failed" | "suspended" | "inactive";
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
  status: RelayStatus;
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
  items: InvoiceItem[];
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
}

export interface ListParams {
  q?: string;
  status?: string;
  plan?: string;
  tenant?: string;
  page?: number;
  per_page?: number;
}
