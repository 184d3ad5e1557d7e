// API calls and types of the community tools (described in backend/src/main/resources/openapi.json): members, names,
// memberships, invites, bans, reports, content, export, platform bans. Kept apart from api.ts so each concern stays in
// its own file.
import { ApiError, download, fillPath, request, upload } from "./api";
import type { components } from "./api-schema";
import type { Id, RequestBody } from "./types";

/** A relay's path parameter from an id that may be held as a number. */
const rid = (id: Id) => ({ id: String(id) });

type Schemas = components["schemas"];

export type CommunityMember = Schemas["CommunityMember"];
export type CapRefusal = MemberListing["refusals"][number];
export type MemberListing = Schemas["MemberListing"];
export type Capabilities = Schemas["Capabilities"];
export type Invite = Schemas["Invite"];
export type Claim = Schemas["Claim"];
export type Ban = Schemas["Ban"];
export type EventView = Schemas["NostrEvent"];
export type Report = Schemas["Report"];
export type ReportAction = RequestBody<"postRelayReportsReport">["action"];
export type DeletedEvent = Schemas["DeletedEvent"];
export type PlatformBan = Schemas["PlatformBan"];
export type PlatformBanRelay = Schemas["PlatformBanRelay"];
export type ImportResult = Schemas["ImportResult"];
export type ImportProblem = Schemas["ImportProblem"];

/**
 * Sends a JSON-lines file to the relay's import (lib/api's upload). An import that stopped part-way answers with an
 * error that still says what it imported (`result`); the ApiError carries that body.
 */
export function importEvents(id: Id, file: Blob): Promise<ImportResult> {
  return upload(fillPath("/relays/{id}/import", rid(id)), file, "application/x-ndjson", "import");
}

/** The import's outcome in one sentence: "Imported N, skipped M" and what the skipped were. */
export function importSummary(r: ImportResult): string {
  const parts: string[] = [];
  if (r.already_present > 0) parts.push(`${r.already_present} already on the relay`);
  if (r.refused > 0) parts.push(`${r.refused} refused by the relay`);
  if (r.invalid > 0) parts.push(`${r.invalid} invalid`);
  if (r.duplicates > 0) parts.push(`${r.duplicates} repeated in the file`);
  return `Imported ${r.imported}, skipped ${r.skipped}${parts.length ? ` (${parts.join(", ")})` : ""}.`;
}

/** The partial result an import error carries when the import stopped part-way, else null. */
export function stoppedResult(e: unknown): ImportResult | null {
  if (!(e instanceof ApiError)) return null;
  const r = (e.body as { result?: ImportResult } | null)?.result;
  return r ?? null;
}
/** The body of a 409 when the plan's member allowance is used up. */
export type CapReachedBody = Schemas["CapReached"];

export const community = {
  members: (id: Id) => request("GET", "/relays/{id}/members", { path: rid(id) }),
  addMember: (id: Id, pubkey: string) => request("POST", "/relays/{id}/members", { path: rid(id), body: { pubkey } }),
  removeMember: (id: Id, pubkey: string) =>
    request("DELETE", "/relays/{id}/members/{pubkey}", { path: { ...rid(id), pubkey } }),
  /** Erases a member for good (their posts removed from the relay): `confirm` is their npub, typed by the owner. */
  eraseMember: (id: Id, pubkey: string, confirm: string) =>
    request("POST", "/relays/{id}/members/{pubkey}/erase", { path: { ...rid(id), pubkey }, body: { confirm } }),
  capabilities: (id: Id) => request("GET", "/relays/{id}/capabilities", { path: rid(id) }),

  invite: (id: Id) => request("GET", "/relays/{id}/invite", { path: rid(id) }),
  claims: (id: Id) => request("GET", "/relays/{id}/invites", { path: rid(id) }).then((r) => r.items),
  createClaim: (id: Id, code?: string) =>
    request("POST", "/relays/{id}/invites", { path: rid(id), body: code ? { code } : {} }),
  revokeClaim: (id: Id, code: string) =>
    request("DELETE", "/relays/{id}/invites/{code}", { path: { ...rid(id), code } }),

  bans: (id: Id) => request("GET", "/relays/{id}/bans", { path: rid(id) }).then((r) => r.items),
  /** `until`: when the ban lifts itself (epoch seconds); null or left out for a ban without end. */
  ban: (id: Id, pubkey: string, reason: string, until: number | null = null) =>
    request("POST", "/relays/{id}/bans", { path: rid(id), body: { pubkey, reason, until } }),
  unban: (id: Id, pubkey: string, restoreMembership: boolean) =>
    request("DELETE", "/relays/{id}/bans/{pubkey}", {
      path: { ...rid(id), pubkey },
      query: { restore_membership: restoreMembership || undefined },
    }),

  reports: (id: Id, all = false) =>
    request("GET", "/relays/{id}/reports", { path: rid(id), query: { status: all ? "all" : undefined } }).then(
      (r) => r.items,
    ),
  actOnReport: (id: Id, report: string, action: ReportAction, reason?: string) =>
    request("POST", "/relays/{id}/reports/{report}", {
      path: { ...rid(id), report },
      body: reason ? { action, reason } : { action },
    }),
  openReports: (tenant?: string) => request("GET", "/reports/open", { query: { tenant } }).then((r) => r.counts),
  /** Administrators: every relay's open reports. */
  allOpenReports: () => request("GET", "/reports/open", { query: { all: true } }).then((r) => r.counts),

  /** `system`: also the relay's own bookkeeping (zooid's membership records), left out by default. */
  events: (id: Id, q: { kinds?: string; author?: string; until?: number | null; limit?: number; system?: boolean }) =>
    request("GET", "/relays/{id}/events", {
      path: rid(id),
      query: {
        kinds: q.kinds,
        author: q.author,
        until: q.until ?? undefined,
        limit: q.limit,
        system: q.system || undefined,
      },
    }),
  deleteEvent: (id: Id, event: string, reason: string) =>
    request("DELETE", "/relays/{id}/events/{event}", { path: { ...rid(id), event }, body: { reason } }),
  allowEvent: (id: Id, event: string) =>
    request("POST", "/relays/{id}/events/{event}/allow", { path: { ...rid(id), event } }),
  deletedEvents: (id: Id) => request("GET", "/relays/{id}/deleted-events", { path: rid(id) }).then((r) => r.items),
  /** Everything the relay holds, as JSON lines to stream to disk. */
  exportEvents: (id: Id) => download(fillPath("/relays/{id}/export", rid(id)), "*/*", "Export failed"),

  /** The NIP-05 names given on the relay (and whether its plan offers names). */
  names: (id: Id) => request("GET", "/relays/{id}/names", { path: rid(id) }),
  /** The owner gives `name` to a member (a member holding another name there is moved to this one). */
  setName: (id: Id, name: string, pubkey: string) =>
    request("PUT", "/relays/{id}/names/{name}", { path: { ...rid(id), name }, body: { pubkey } }),
  removeName: (id: Id, name: string) => request("DELETE", "/relays/{id}/names/{name}", { path: { ...rid(id), name } }),

  /** The relays hosted here that the signed-in key is a member of, with its name on each. */
  memberships: () => request("GET", "/me/memberships").then((r) => r.items),
  claimName: (id: Id, name: string) => request("PUT", "/me/memberships/{id}/name", { path: rid(id), body: { name } }),
  releaseName: (id: Id) => request("DELETE", "/me/memberships/{id}/name", { path: rid(id) }),

  platformBans: () => request("GET", "/admin/platform-bans").then((r) => r.items),
  platformBan: (pubkey: string, reason: string) =>
    request("POST", "/admin/platform-bans", { body: { pubkey, reason } }),
  platformBanStatus: (ban: string) => request("GET", "/admin/platform-bans/{ban}", { path: { ban } }),
  platformBanRelays: (ban: string) =>
    request("GET", "/admin/platform-bans/{ban}/relays", { path: { ban } }).then((r) => r.items),
  undoPlatformBan: (ban: string) => request("POST", "/admin/platform-bans/{ban}/undo", { path: { ban } }),
};

/** A display name for a person: their profile name, else a shortened npub. */
export function displayName(name: string | null | undefined, npub: string): string {
  return name || `${npub.slice(0, 12)}…${npub.slice(-6)}`;
}
