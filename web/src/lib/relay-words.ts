// The words a relay's state is shown with, in one place: the status badge in lists and on the relay page, the sync
// badge and the banner all say the same thing. A failed setup or sync that Caravel will try again by itself
// (sync.retry is set) is "retrying", never "failed": only a failure no attempt will follow is final. A relay whose
// last health check got no answer is "cannot be reached now", whatever the stored state says.
import type { RelaySync, RelayStatus } from "./types";

/** What the words read of a relay's sync: its state and retry (undefined from a server that does not send one). */
export type SyncLike = { state: RelaySync["state"]; retry?: RelaySync["retry"] };

export type Tone = "success" | "warning" | "destructive" | "muted";
/** detail: said after the label where there is room (a retry's attempt); hint: only on pointing at it. */
export type Words = { label: string; tone: Tone; detail?: string; hint?: string };

const STATUS: Record<RelayStatus, Words> = {
  active: { label: "Active", tone: "success" },
  pending: { label: "Setting up", tone: "warning" },
  provisioning_failed: { label: "Could not be set up", tone: "destructive" },
  awaiting_payment: { label: "Awaiting payment", tone: "warning" },
  suspended: { label: "Suspended", tone: "destructive" },
  inactive: { label: "Inactive", tone: "muted" },
};

/** The filter's names for the stored statuses (a list filters by what is stored, not by what is happening). */
export const relayStatusLabels: Record<RelayStatus, string> = {
  active: "Active",
  pending: "Setting up",
  provisioning_failed: "Not set up (retrying or failed)",
  awaiting_payment: "Awaiting payment",
  suspended: "Suspended",
  inactive: "Inactive",
};

/** "in 40 s", "in 3 min", "now": how long until an epoch second. */
export function inWords(at: number, nowMs: number): string {
  const s = Math.max(0, Math.round(at - nowMs / 1000));
  if (s === 0) return "now";
  if (s < 90) return `in ${s} s`;
  return `in ${Math.round(s / 60)} min`;
}

/** "attempt 3 of 12, next in 40 s" (or "running now"): the retry a failed relay waits for. */
export function retryNote(retry: NonNullable<RelaySync["retry"]>, nowMs: number): string {
  const when = retry.next_attempt_at == null ? "running now" : `next ${inWords(retry.next_attempt_at, nowMs)}`;
  return `attempt ${retry.attempt} of ${retry.max_attempts}, ${when}`;
}

/** Whether Caravel will try again by itself (an older server sends no retry: then nothing is claimed either way). */
export const retrying = (sync: SyncLike) => sync.state === "failed" && sync.retry != null;

/**
 * The relay's status in words. reachable: the last health check's answer (undefined when none was made): a relay
 * that should be served but did not answer is "cannot be reached now".
 */
export function relayStatusWords(
  relay: { status: RelayStatus; sync?: SyncLike; deletion?: { undo_until: number; purged_at: number | null } | null },
  opts: { reachable?: boolean; nowMs?: number } = {},
): Words {
  const now = opts.nowMs ?? Date.now();
  // a deleted relay is inactive underneath; what matters is that it is deleted, and until when it can come back
  if (relay.deletion)
    return relay.deletion.purged_at !== null
      ? { label: "Deleted", tone: "muted", hint: "shut down for good" }
      : {
          label: "Deleted",
          tone: "destructive",
          hint: `can be brought back until ${new Date(relay.deletion.undo_until * 1000).toLocaleString()}`,
        };
  const sync = relay.sync;
  if ((relay.status === "provisioning_failed" || relay.status === "pending") && sync && retrying(sync))
    return { label: "Setting up — retrying", tone: "warning", detail: retryNote(sync.retry!, now) };
  if (relay.status === "provisioning_failed" && sync?.retry === undefined)
    // a server that does not say whether it retries: the old, neutral word
    return { label: "Not set up yet", tone: "destructive" };
  if (relay.status === "active" && opts.reachable === false)
    return {
      label: "Cannot be reached now",
      tone: "warning",
      hint: "the relay server did not answer the last check",
    };
  return STATUS[relay.status] ?? { label: relay.status, tone: "muted" };
}

/** The sync state in words: retrying with its attempt, failed only when final, and not reachable now. */
export function syncWords(sync: SyncLike, opts: { reachable?: boolean; nowMs?: number } = {}): Words {
  const now = opts.nowMs ?? Date.now();
  if (opts.reachable === false) return { label: "Cannot be reached now", tone: "warning" };
  if (retrying(sync)) return { label: "Retrying", tone: "warning", detail: retryNote(sync.retry!, now) };
  switch (sync.state) {
    case "synced":
      return { label: "Synced", tone: "success" };
    case "pending":
      return { label: "Syncing", tone: "warning" };
    case "failed":
      return { label: "Sync failed", tone: "destructive" };
    default:
      return { label: sync.state, tone: "muted" };
  }
}
