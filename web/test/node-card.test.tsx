// The admin's relay page: where the relay lives, which nodes it may move to (others with room), and how a move reads
// at each step.
import { describe, expect, test } from "bun:test";
import { moveTargets, moveText, moveUnderWay } from "../src/components/relay/NodeCard";
import type { RelayMove, ZooidNodeUse } from "../src/lib/types";

const node = (name: string, room: number | null): ZooidNodeUse => ({
  name,
  default: name === "default",
  relay_domain: "relays.example.com",
  capacity: room === null ? null : 10,
  relays: room === null ? 3 : 10 - room,
  room,
  reachable: true,
  problem: null,
});

const move = (step: RelayMove["step"], over: Partial<RelayMove> = {}): RelayMove => ({
  id: "m1",
  relay_id: "r1",
  from_node: "default",
  to_node: "b",
  step,
  events: 1500,
  error: null,
  started_at: 1,
  switched_at: null,
  updated_at: 2,
  ...over,
});

describe("NodeCard", () => {
  test("targets: every other node with room or no capacity, never the relay's own, never a full one", () => {
    const nodes = [node("default", 4), node("b", 2), node("full", 0), node("over", -1), node("open", null)];
    expect(moveTargets(nodes, "default").map((n) => n.name)).toEqual(["b", "open"]);
    expect(moveTargets(nodes, "b").map((n) => n.name)).toEqual(["default", "open"]);
    expect(moveTargets([node("default", 4)], "default")).toEqual([]);
  });

  test("a move reads as where it is going and how far it got", () => {
    expect(moveText(move("created"))).toBe("Moving default → b: copying events to the new node (1,500 events so far).");
    expect(moveText(move("switched"))).toContain("catching up on events written meanwhile");
    expect(moveText(move("done"))).toBe("Moved default → b with 1,500 events.");
    expect(moveText(move("failed", { error: "3 of the relay's events were refused" }))).toBe(
      "The move default → b stopped: 3 of the relay's events were refused",
    );
  });

  test("under way until done or stopped: the Move button waits, the page keeps following", () => {
    expect(moveUnderWay(move("queued"))).toBe(true);
    expect(moveUnderWay(move("caught_up"))).toBe(true);
    expect(moveUnderWay(move("done"))).toBe(false);
    expect(moveUnderWay(move("failed"))).toBe(false);
    expect(moveUnderWay(null)).toBe(false);
  });
});
