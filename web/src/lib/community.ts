// API calls and types of the community tools (backend/API.md, "Community"): members, invites, bans, reports,
// content, export, platform bans. Kept apart from api.ts so each concern stays in its own file.
import { apiUrl, request } from "./api";
import type { Id } from "./types";

const enc = encodeURIComponent;
const rel = (id: Id, path: string) => `/relays/${enc(String(id))}${path}`;

export interface CommunityMember {
  pubkey: string;
  npub: string;
  /** "owner", a zooid role name, or "member"; never the relay's own key */
  role: string;
  name: string | null;
  picture: string | null;
}

export interface CapRefusal {
  pubkey: string;
  plan: string;
  cap: number;
  created_at: number;
}

export interface MemberListing {
  items: CommunityMember[];
  /** members counted against the plan: everyone but the owner */
  count: number;
  /** the plan's allowance, null = unlimited */
  limit: number | null;
  plan: string;
  /** joins reversed because the relay was full, last 7 days */
  refusals: CapRefusal[];
}

export interface Capabilities {
  version: string;
  methods: string[];
  claims: boolean;
  list_banned_events: boolean;
  roles: boolean;
}

export interface Invite {
  claim: string;
  url: string;
  /** an SVG data URI of the QR code for `url` */
  qr: string;
  relay_url: string;
  /** true where the relay cannot revoke its code (archived zooid) */
  permanent: boolean;
  manageable: boolean;
}

export interface Claim {
  claim: string;
  pubkey: string | null;
  created_at: number;
  url: string;
}

export interface Ban {
  pubkey: string;
  npub: string;
  reason: string;
  name: string | null;
  picture: string | null;
}

export interface EventView {
  id: string;
  pubkey: string;
  npub: string;
  created_at: number;
  kind: number;
  tags: string[][];
  content: string;
}

export interface Report {
  id: string;
  reporter: string;
  reporter_npub: string;
  reporter_name: string | null;
  created_at: number;
  type: string;
  content: string;
  reported_pubkey: string | null;
  reported_npub: string | null;
  reported_name: string | null;
  reported_event_id: string | null;
  /** the reported event, null when it is gone (or the report names a person) */
  target: EventView | null;
  /** for a report about a person (no event): what they wrote lately, newest first */
  recent_by_reported: EventView[];
  status: "open" | "closed";
  resolved_how: string | null;
  resolved_at: number | null;
}

export type ReportAction = "dismiss" | "delete_event" | "ban_author";

export interface DeletedEvent {
  event_id: string;
  author: string | null;
  kind: number | null;
  reason: string;
  actor: string;
  created_at: number;
  lifted_at: number | null;
}

export interface PlatformBan {
  id: string;
  pubkey: string;
  reason: string;
  status: "running" | "done" | "undoing" | "undone";
  total: number;
  done: number;
  failed: number;
  last_error: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** The body of a 409 when the plan's member allowance is used up. */
export interface CapReachedBody {
  error: string;
  limit: number;
  count: number;
  plan: string;
  upgrade_to: string[];
}

export const community = {
  members: (id: Id) => request<MemberListing>("GET", rel(id, "/members")),
  addMember: (id: Id, pubkey: string) => request<CommunityMember>("POST", rel(id, "/members"), { body: { pubkey } }),
  removeMember: (id: Id, pubkey: string) => request<void>("DELETE", rel(id, `/members/${enc(pubkey)}`)),
  capabilities: (id: Id) => request<Capabilities>("GET", rel(id, "/capabilities")),

  invite: (id: Id) => request<Invite>("GET", rel(id, "/invite")),
  claims: (id: Id) => request<{ items: Claim[] }>("GET", rel(id, "/invites")).then((r) => r.items),
  createClaim: (id: Id, code?: string) => request<Claim>("POST", rel(id, "/invites"), { body: code ? { code } : {} }),
  revokeClaim: (id: Id, code: string) => request<void>("DELETE", rel(id, `/invites/${enc(code)}`)),

  bans: (id: Id) => request<{ items: Ban[] }>("GET", rel(id, "/bans")).then((r) => r.items),
  ban: (id: Id, pubkey: string, reason: string) => request<unknown>("POST", rel(id, "/bans"), { body: { pubkey, reason } }),
  unban: (id: Id, pubkey: string, restoreMembership: boolean) =>
    request<{ unbanned: boolean; membership_restored: boolean }>("DELETE", rel(id, `/bans/${enc(pubkey)}`), {
      query: { restore_membership: restoreMembership ? "true" : undefined },
    }),

  reports: (id: Id, all = false) =>
    request<{ items: Report[] }>("GET", rel(id, "/reports"), { query: { status: all ? "all" : undefined } }).then((r) => r.items),
  actOnReport: (id: Id, report: string, action: ReportAction, reason?: string) =>
    request<unknown>("POST", rel(id, `/reports/${enc(report)}`), { body: reason ? { action, reason } : { action } }),
  openReports: (tenant?: string) =>
    request<{ counts: Record<string, number> }>("GET", "/reports/open", { query: { tenant } }).then((r) => r.counts),
  /** Administrators: every relay's open reports. */
  allOpenReports: () => request<{ counts: Record<string, number> }>("GET", "/reports/open", { query: { all: "true" } }).then((r) => r.counts),

  events: (id: Id, q: { kinds?: string; author?: string; until?: number | null; limit?: number }) =>
    request<{ items: EventView[]; next_until: number | null }>("GET", rel(id, "/events"), {
      query: { kinds: q.kinds, author: q.author, until: q.until ?? undefined, limit: q.limit },
    }),
  deleteEvent: (id: Id, event: string, reason: string) => request<void>("DELETE", rel(id, `/events/${enc(event)}`), { body: { reason } }),
  allowEvent: (id: Id, event: string) => request<{ note: string }>("POST", rel(id, `/events/${enc(event)}/allow`)),
  deletedEvents: (id: Id) => request<{ items: DeletedEvent[] }>("GET", rel(id, "/deleted-events")).then((r) => r.items),
  exportUrl: (id: Id) => apiUrl(rel(id, "/export")),

  platformBans: () => request<{ items: PlatformBan[] }>("GET", "/admin/platform-bans").then((r) => r.items),
  platformBan: (pubkey: string, reason: string) => request<PlatformBan>("POST", "/admin/platform-bans", { body: { pubkey, reason } }),
  platformBanStatus: (id: string) => request<PlatformBan>("GET", `/admin/platform-bans/${enc(id)}`),
  undoPlatformBan: (id: string) => request<PlatformBan>("POST", `/admin/platform-bans/${enc(id)}/undo`),
};

/** A display name for a person: their profile name, else a shortened npub. */
export function displayName(name: string | null | undefined, npub: string): string {
  return name || `${npub.slice(0, 12)}…${npub.slice(-6)}`;
}
