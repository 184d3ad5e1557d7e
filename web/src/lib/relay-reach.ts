// Whether each relay answered its last health check, for the words that describe it elsewhere on the page: the
// status badge and the banner say "cannot be reached now" while the relay server does not answer, instead of the
// stored "active, synced" that says nothing about now. Written by whoever checks (the connection card).
import { createSignal } from "solid-js";

const [answers, setAnswers] = createSignal<Record<string, boolean>>({});

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
