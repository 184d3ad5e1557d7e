// The admin overview's zooid nodes: use against capacity, the room left (full and over capacity stand out), whether
// each node answers and why not.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { nodeUseText, roomText, ZooidNodesCard } from "../src/components/ZooidNodesCard";
import type { ZooidNodeUse } from "../src/lib/types";

afterEach(cleanup);

const A: ZooidNodeUse = {
  name: "default",
  default: true,
  relay_domain: "relays.example.com",
  capacity: 10,
  relays: 3,
  room: 7,
  reachable: true,
  problem: null,
};

describe("ZooidNodesCard", () => {
  test("use against capacity, or the count alone without a capacity", () => {
    expect(nodeUseText(A)).toBe("3 / 10");
    expect(nodeUseText({ ...A, capacity: null, room: null })).toBe("3");
  });

  test("room: a number, full, over capacity, or no limit", () => {
    expect(roomText(A)).toBe("7");
    expect(roomText({ ...A, relays: 10, room: 0 })).toBe("full");
    expect(roomText({ ...A, relays: 12, room: -2 })).toBe("2 over capacity");
    expect(roomText({ ...A, capacity: null, room: null })).toBe("no limit");
  });

  test("one row per node: the default marked, a node that does not answer says why", () => {
    const b: ZooidNodeUse = {
      ...A,
      name: "eu",
      default: false,
      relay_domain: "eu.relays.example.com",
      relays: 5,
      capacity: 5,
      room: 0,
      reachable: false,
      problem: "zooid is unreachable: connection refused",
    };
    render(() => <ZooidNodesCard nodes={[A, b]} />);
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("defaultdefault");
    expect(rows[0]!.textContent).toContain("3 / 10");
    expect(rows[0]!.textContent).toContain("answers");
    expect(rows[1]!.textContent).toContain("eu.relays.example.com");
    expect(rows[1]!.textContent).toContain("full");
    expect(rows[1]!.textContent).toContain("unreachable");
    expect(rows[1]!.textContent).toContain("connection refused");
  });
});
