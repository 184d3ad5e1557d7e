// When a relay page reads its member list again from the live stream: a join or leave (the count moves), a refusal
// (the count stays, the newest refused join moves), and not for states that say nothing new about the relay.
import { describe, expect, test } from "bun:test";
import type { LiveState } from "../src/lib/live";
import { followMembers, membersMark } from "../src/lib/live-members";

const state = (members?: Record<string, number>, refusals?: Record<string, number>): LiveState => ({
  version: 1,
  relays: [],
  invoices: [],
  activity_id: 1,
  members,
  member_refusals: refusals,
});

/** Feeds states in order, as RelayView does; returns after which of them the list was read again. */
function rereads(states: LiveState[], relay = "r1"): boolean[] {
  let seen: string | undefined;
  return states.map((s) => {
    const next = followMembers(seen, s, relay);
    seen = next.mark;
    return next.reread;
  });
}

describe("live members", () => {
  test("no mark until the stream has counted the relay", () => {
    expect(membersMark(state(), "r1")).toBeUndefined();
    expect(membersMark(state({ other: 3 }), "r1")).toBeUndefined();
    expect(membersMark(state({ r1: 0 }), "r1")).toBe("0:0");
    expect(membersMark(state({ r1: 10 }, { r1: 42 }), "r1")).toBe("10:42");
  });

  test("the first count is read (a join may have come after the page loaded), then only changes", () => {
    expect(rereads([state(), state({ r1: 0 }), state({ r1: 0 }), state({ r1: 1 }), state({ r1: 0 })])).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  test("a refusal at the cap is read although the count stays at the allowance", () => {
    expect(rereads([state({ r1: 10 }), state({ r1: 10 }, { r1: 7 }), state({ r1: 10 }, { r1: 7 })])).toEqual([
      true,
      true,
      false,
    ]);
  });

  test("another relay's members, or a state without counts (a reconnect), change nothing", () => {
    expect(
      rereads([
        state({ r1: 2 }),
        state({ r1: 2, r2: 5 }),
        state({ r1: 2, r2: 6 }, { r2: 1 }),
        state(),
        state({ r1: 2 }),
      ]),
    ).toEqual([true, false, false, false, false]);
  });
});
