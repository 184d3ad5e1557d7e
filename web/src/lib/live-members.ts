// A relay page's members follow the live stream: the backend counts a relay's members again as soon as someone joins
// or leaves it, and tells the newest join it refused because the relay was full (a refusal leaves the count as it
// was, so the count alone would not show it). The page reads its member list again whenever either moves, so the
// count on the page catches up with the activity within one read.
import type { LiveState } from "./live";

/** The relay's members as a live state tells them ("count:newest refusal"), or undefined until they were counted. */
export function membersMark(s: LiveState, relayId: string): string | undefined {
  const count = s.members?.[relayId];
  if (count === undefined) return undefined;
  return `${count}:${s.member_refusals?.[relayId] ?? 0}`;
}

/**
 * The mark to remember after state `s`, and whether the member list must be read again. The first mark counts as a
 * change: the stream may have counted a join made after the page read its list; an uncounted relay changes nothing.
 */
export function followMembers(
  seen: string | undefined,
  s: LiveState,
  relayId: string,
): { mark: string | undefined; reread: boolean } {
  const mark = membersMark(s, relayId);
  if (mark === undefined) return { mark: seen, reread: false };
  return { mark, reread: mark !== seen };
}
