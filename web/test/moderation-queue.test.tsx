// The moderation queue over a fake API: rows grouped per event with their reports and cause, the actions each row
// offers (restore only for a post taken off the relay, "Undo" for a rule's removal), the bulk bar offering only what
// every chosen row allows and sending one request for all of them, each refused item's reason shown, and the
// navigation's waiting count.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { Toaster } from "solid-sonner";
import { ModerationQueue } from "../src/components/relay/sections/ModerationQueue";
import { ModerationQueueCount } from "../src/components/relay/sections/ModerationQueueCount";
import { configureApi } from "../src/lib/api";
import { actionsFor, outcomeSummary, type QueueItem, reportSummary } from "../src/lib/queue";

const HEX = (c: string) => c.repeat(64);
const NPUB = "npub1" + "q".repeat(58);

function item(over: Partial<QueueItem>): QueueItem {
  return {
    id: HEX("a"),
    event_id: HEX("a"),
    author: HEX("b"),
    author_npub: NPUB,
    author_name: "Alice",
    event: { id: HEX("a"), kind: 1, content: "buy cheap pills", created_at: 1, tags: [] },
    status: "reported",
    cause: null,
    cause_detail: null,
    reports: 5,
    member_reporters: 1,
    reporters: 2,
    reasons: ["spam"],
    report_list: [],
    state: "waiting",
    decision: null,
    decided_by: null,
    decided_by_npub: null,
    decided_at: null,
    note: null,
    created_at: 1,
    updated_at: 1,
    ...over,
  };
}

const HIDDEN = item({
  id: HEX("c"),
  event_id: HEX("c"),
  status: "hidden",
  cause: "hidden_after_reports",
  cause_detail: "hidden after reports by 3 members, pending a moderator's decision",
  event: { id: HEX("c"), kind: 1, content: "rude words", created_at: 1, tags: [] },
});
const REMOVED = item({
  id: HEX("d"),
  event_id: HEX("d"),
  status: "removed",
  cause: "blocked_words",
  cause_detail: "blocked word: crypto",
  reports: 0,
  member_reporters: 0,
  reporters: 0,
  reasons: [],
});

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

function setup(items: QueueItem[], answer: (body: { items: string[]; action: string }) => unknown) {
  const posts: { items: string[]; action: string }[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const url = new URL(String(input));
      if (init?.method === "POST" && url.pathname === "/relays/r1/queue/decisions") {
        const body = JSON.parse(String(init.body));
        posts.push(body);
        return Response.json(answer(body));
      }
      if (url.pathname === "/relays/r1/queue") return Response.json({ items, waiting: items.length });
      if (url.pathname === "/relays/r1/queue/count") return Response.json({ waiting: 7 });
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => (
    <>
      <Toaster />
      <ModerationQueueCount relayId="r1" />
      <ModerationQueue relayId="r1" />
    </>
  ));
  return posts;
}

test("the words and actions of an item", () => {
  expect(reportSummary(item({}))).toBe("5 reports from 1 member and 1 non-member");
  expect(reportSummary(item({ reports: 3, member_reporters: 3, reporters: 3 }))).toBe("3 reports from 3 members");
  expect(actionsFor(item({}))).toEqual(["delete", "ban", "dismiss"]);
  expect(actionsFor(HIDDEN)).toEqual(["restore", "delete", "ban", "dismiss"]);
  expect(actionsFor(item({ status: "person_reported" }))).toEqual(["ban", "dismiss"]);
  expect(actionsFor(item({ state: "decided" }))).toEqual([]);
  const s = outcomeSummary([
    { item: HEX("a"), outcome: "done", decision: "dismissed", decided_by: HEX("e"), message: "dismissed" },
    {
      item: HEX("c"),
      outcome: "already_decided",
      decision: "deleted",
      decided_by: HEX("f"),
      message: "already decided by npub1x",
    },
  ]);
  expect(s.done).toBe(1);
  expect(s.text).toBe("1 of 2 decided; 1 not.");
  expect(s.problems[0]).toContain("already decided by npub1x");
});

test("rows per event with their reports and cause; restore only where the post was taken off", async () => {
  setup([item({}), HIDDEN, REMOVED], () => ({ outcomes: [], waiting: 0 }));
  const rows = await screen.findAllByTestId("queue-item");
  expect(rows).toHaveLength(3);
  expect(rows[0].textContent).toContain("buy cheap pills");
  expect(rows[0].textContent).toContain("5 reports from 1 member and 1 non-member");
  expect(within(rows[0]).queryByTestId("queue-restore")).toBeNull();
  expect(rows[1].getAttribute("data-status")).toBe("hidden");
  expect(within(rows[1]).getByTestId("queue-restore").textContent).toBe("Restore");
  expect(rows[2].textContent).toContain("blocked word: crypto");
  expect(within(rows[2]).getByTestId("queue-restore").textContent).toBe("Undo");
  // the navigation's count
  expect((await screen.findByTestId("queue-count")).textContent).toContain("7");
});

test("bulk: only what every chosen row allows, one request, each refusal shown", async () => {
  const posts = setup([item({}), HIDDEN], (body) => ({
    outcomes: [
      { item: body.items[0], outcome: "done", decision: "dismissed", decided_by: HEX("e"), message: "dismissed" },
      {
        item: body.items[1],
        outcome: "already_decided",
        decision: "deleted",
        decided_by: HEX("f"),
        message: "This item already decided by npub1bob (deleted); nothing was done again.",
      },
    ],
    waiting: 0,
  }));
  const selects = await screen.findAllByTestId("queue-select");
  fireEvent.click(selects[0]);
  await screen.findByTestId("queue-bulk-bar");
  // one reported row: no restore in the bar
  expect(screen.queryByTestId("queue-bulk-restore")).toBeNull();
  fireEvent.click(selects[1]);
  await waitFor(() => expect(screen.getByTestId("queue-bulk-bar").textContent).toContain("2 selected"));
  expect(screen.queryByTestId("queue-bulk-restore")).toBeNull();
  fireEvent.click(screen.getByTestId("queue-bulk-dismiss"));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(posts[0]).toEqual({ items: [HEX("a"), HEX("c")], action: "dismiss" });
  expect((await screen.findByTestId("queue-problem")).textContent).toContain("already decided by npub1bob");
});
