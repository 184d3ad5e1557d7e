// Everything read about one relay, each query keyed by the relay's id first: a write revalidates the keys of what it
// changed (relay-writes.ts: `relayQueries.members.key(id)`), and every card showing that reads again, whichever
// section it is in. The live stream's changes revalidate the same keys (RelayView).
import { query } from "@solidjs/router";
import { admission } from "../admission";
import { api } from "../api";
import { automod } from "../automod";
import { backups } from "../backups";
import { community } from "../community";
import { joinRequests } from "../joinRequests";
import { queue } from "../queue";
import type { Id } from "../types";
import { keyPrefix, type RelayQuery } from "./read";

function perRelay<A extends unknown[], T>(
  name: string,
  read: (id: string, ...rest: A) => Promise<T>,
): RelayQuery<A, T> {
  const q = query(read, name) as unknown as ((id: string, ...rest: A) => Promise<T>) & {
    keyFor: (id: string, ...rest: A) => string;
  };
  const at = ((id: Id, ...rest: A) => q(String(id), ...rest)) as RelayQuery<A, T>;
  at.key = (id) => keyPrefix(name, String(id));
  at.keyFor = (id, ...rest) => q.keyFor(String(id), ...rest);
  return at;
}

export const relayQueries = {
  relay: perRelay("relay", (id) => api.relay(id)),
  activity: perRelay("relayActivity", (id) => api.relayActivity(id, { per_page: 25 })),
  admission: perRelay("relayAdmission", (id) => admission.settings(id)),
  paidMembers: perRelay("relayPaidMembers", (id) => admission.members(id)),
  trials: perRelay("relayTrials", (id) => admission.trials(id)),
  /** The plan is part of the key: a plan change (another member cap) reads the list again. */
  members: perRelay("relayMembers", (id, _plan: string) => community.members(id)),
  capabilities: perRelay("relayCapabilities", (id) => community.capabilities(id)),
  /** The relay's public URL is part of the key: the link names it, so a new URL (its own domain) reads again. */
  invite: perRelay("relayInvite", (id, _url: string | null | undefined) => community.invite(id)),
  claims: perRelay("relayClaims", (id) => community.claims(id)),
  bans: perRelay("relayBans", (id) => community.bans(id)),
  reports: perRelay("relayReports", (id, all: boolean) => community.reports(id, all)),
  /** A page of the relay's events, by the filters given. */
  events: perRelay("relayEvents", (id, filters: Parameters<typeof community.events>[1]) =>
    community.events(id, filters),
  ),
  deletedEvents: perRelay("relayDeletedEvents", (id) => community.deletedEvents(id)),
  joinRequests: perRelay("relayJoinRequests", (id) => joinRequests.list(id)),
  joinSettings: perRelay("relayJoinSettings", (id) => joinRequests.settings(id)),
  automod: perRelay("relayAutomod", (id) => automod.get(id)),
  team: perRelay("relayTeam", (id) => api.relayTeam(id)),
  transfer: perRelay("relayTransfer", (id) => api.relayTransfer(id).then((r) => r.offer)),
  insight: perRelay("relayInsight", (id) => api.relayInsight(id)),
  queue: perRelay("relayQueue", (id, state: "waiting" | "decided") => queue.list(id, state)),
  queueCount: perRelay("relayQueueCount", (id) => queue.count(id)),
  queueSettings: perRelay("relayQueueSettings", (id) => queue.settings(id)),
  backups: perRelay("relayBackups", (id) => backups.list(id)),
  /** An administrator's view of the relay's move between nodes: null when it never moved (204). */
  move: perRelay("relayMove", async (id) => (await api.relayMove(id)) ?? null),
};
