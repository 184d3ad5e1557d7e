// Whether each relay answered its last health check, for the words that describe it wherever it is shown: the status
// badge (relay page and relay lists) and the banner say "cannot be reached now" while the relay server does not
// answer, instead of the stored "active, synced" that says nothing about now. Whoever shows a relay follows it
// (followReach): the check runs when it is first shown, every minute, and whenever Caravel answers again after being
// unreachable; the answer is dropped once nothing shows the relay any more.
import { createEffect, createResource, createSignal, on, onCleanup } from "solid-js";
import { api } from "~/lib/api";
import { network } from "~/lib/network";
import type { Relay } from "~/lib/types";

/** Checks again this often while a relay is shown: an outage that starts later is said within a minute. */
const RECHECK_MS = 60_000;
/** How soon an unanswered check is asked again before the relay is said to be unreachable. */
const CONFIRM_MS = 3_000;
/**
 * When a relay that did not answer `misses` checks in a row is asked again: after the first and second, in a few
 * seconds; then twice as long each time, up to the regular minute.
 */
export function recheckAfterMiss(misses: number): number {
  return Math.min(CONFIRM_MS * 2 ** Math.max(0, misses - 2), RECHECK_MS);
}

/** Two followers of one relay (the page's bar and its connection card) share one request made this recently. */
const SHARED_MS = 5_000;

export type RelayHealth = Awaited<ReturnType<typeof api.relayHealth>>;
type Health = RelayHealth;

const [answers, setAnswers] = createSignal<Record<string, boolean>>({});
const followers = new Map<string, number>();
const recent = new Map<string, { at: number; answer: Promise<Health> }>();

/** The last check's answer for the relay: true, false, or undefined when none was made (or it could not be made). */
export const relayReachable = (id: string): boolean | undefined => answers()[id];

export function noteRelayReachable(id: string, reachable: boolean | undefined) {
  setAnswers((a) => {
    if (a[id] === reachable) return a;
    const next = { ...a };
    if (reachable === undefined) delete next[id];
    else next[id] = reachable;
    return next;
  });
}

/** Two followers asking again at once (after a reconnect) share the request one of them just made. */
const SHARED_FRESH_MS = 1_000;

/**
 * One health check of the relay, shared with any other made for it within the last few seconds; asked {@code again}
 * (a reconnect, a click), only with one made this very moment.
 */
export function checkRelayHealth(id: string, again = false): Promise<Health> {
  const now = Date.now();
  const r = recent.get(id);
  if (r && now - r.at < (again ? SHARED_FRESH_MS : SHARED_MS)) return r.answer;
  const answer = api.relayHealth(id);
  recent.set(id, { at: now, answer });
  return answer;
}

/**
 * Follows a shown relay's health while the calling component lives: only a provisioned relay in service is checked
 * (the others' words already say why they are not reachable). Returns the check, for a component that shows its detail.
 */
export function followReach(relay: () => Relay | undefined) {
  const key = () => {
    const r = relay();
    return r && r.sync.synced_at != null && r.status === "active" ? r.id : null;
  };
  const [health, { refetch }] = createResource<Health, string>(key, (id, info) =>
    checkRelayHealth(id, !!info.refetching),
  );
  createEffect(
    on(key, (id, before) => {
      if (before) leave(before);
      if (id) followers.set(id, (followers.get(id) ?? 0) + 1);
    }),
  );
  // one unanswered check is asked again a few seconds later before the relay is said to be unreachable: a relay that
  // has just turned active may not answer for a moment yet. Once said, it is asked again soon, then less and less often
  // up to the regular minute, so a relay that answers a moment later is not called unreachable for a whole minute.
  let misses = 0;
  createEffect(() => {
    const id = key();
    // a check under way: the last answer stands (dropping it would flash "Active" at every recheck)
    if (!id || health.loading) return;
    const h = health.error ? undefined : health();
    if (h && !h.reachable) {
      misses++;
      const soon = setTimeout(() => void refetch(), recheckAfterMiss(misses));
      onCleanup(() => clearTimeout(soon));
      if (misses < 2) return;
    }
    if (h?.reachable) misses = 0;
    noteRelayReachable(id, h ? h.reachable : undefined);
  });
  const again = () => {
    if (key()) void refetch();
  };
  createEffect(on(network.reconnects, again, { defer: true }));
  const timer = setInterval(again, RECHECK_MS);
  onCleanup(() => {
    clearInterval(timer);
    const id = key();
    if (id) leave(id);
  });
  return { health, refetch };
}

function leave(id: string) {
  const n = (followers.get(id) ?? 1) - 1;
  if (n > 0) {
    followers.set(id, n);
    return;
  }
  followers.delete(id);
  noteRelayReachable(id, undefined);
}
