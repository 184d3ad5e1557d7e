// The relay page's Insight section against a fake API: the headline figures, the kinds and top posters tables and
// the note saying what is counted, from the report as the server sends it; a failed load says so.
import { afterEach, expect, test } from "bun:test";
import { Route, Router } from "@solidjs/router";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { Toaster } from "solid-sonner";
import InsightSection from "../src/components/relay/sections/InsightSection";
import { RelayPageContext, type RelayPageState } from "../src/components/relay/page-context";
import { configureApi } from "../src/lib/api";
import type { InsightDay, InsightReport } from "../src/lib/insight";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = { id: "r1", name: "R", subdomain: "town", plan: "free", status: "active" } as unknown as Relay;
const ALICE = "a".repeat(64);

function days(): InsightDay[] {
  const out: InsightDay[] = [];
  for (let i = 1; i <= 30; i++)
    out.push({
      date: `2026-11-${String(i).padStart(2, "0")}`,
      events: i === 30 ? 12 : 0,
      posts: i === 30 ? 5 : 0,
      bytes: i === 30 ? 4_200 : 0,
      joins: i === 30 ? 2 : 0,
      leaves: 0,
      authors: i === 30 ? 2 : 0,
      reports: i === 30 ? 1 : 0,
      refused_joins: 0,
    });
  return out;
}

const REPORT: InsightReport = {
  as_of: 1_795_000_000,
  plan: "free",
  watched_since: "2026-11-30",
  days: days(),
  months: [{ month: "2026-11", events: 12, posts: 5, bytes: 4_200, joins: 2, leaves: 0 }],
  kinds: [
    { kind: 1, events: 5 },
    { kind: 7, events: 4 },
    { kind: 8000, events: 2 },
    { kind: 13534, events: 1 },
  ],
  active: { days7: 2, days30: 3 },
  top_posters: [{ pubkey: ALICE, events: 7 }],
  members: { count: 8, cap: 10, joins30: 2, leaves30: 0 },
  storage: {
    event_bytes: 1_500_000,
    event_bytes30: 4_200,
    media_bytes: 3_000_000,
    media_files: 2,
    media_counted_at: 1_793_872_800,
    media_allowed: true,
    media_note: "zooid does not report how much media a relay holds.",
  },
};

function setup(answer: () => Response) {
  configureApi({ baseUrl: "http://api.test", token: () => "tok", fetch: async () => answer() });
  const page = {
    relay: () => RELAY,
    base: "/relays",
    admin: false,
    own: () => true,
  } as unknown as RelayPageState;
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => (
          <RelayPageContext.Provider value={page}>
            <Toaster />
            <InsightSection />
          </RelayPageContext.Provider>
        )}
      />
    </Router>
  ));
}

test("the figures of the last 30 days, the members against the cap and what is counted", async () => {
  setup(() => Response.json(REPORT));
  const posts = await screen.findByTestId("insight-posts");
  expect(posts.textContent).toContain("5");
  expect(posts.textContent).toContain("12 events in all");
  expect(screen.getByTestId("insight-active").textContent).toContain("3 in 30 days");
  expect(screen.getByTestId("insight-members").textContent).toContain("8 of 10 (80 %)");
  expect(screen.getByTestId("insight-storage").textContent).toContain("1.5 MB");
  expect(screen.getByTestId("insight-storage").textContent).toContain("media 3.0 MB in 2 files, counted Nov 5");
  const kinds = screen.getByTestId("insight-kinds").textContent ?? "";
  expect(kinds).toContain("Notes (1)");
  expect(kinds).toContain("Members added (8000)");
  expect(screen.getByTestId("insight-top").textContent).toContain("aaaaaaaaaa");
  expect(screen.getByTestId("insight-note").textContent).toContain("since Nov 30");
  expect(screen.getByTestId("insight-note").textContent).toContain("media a relay holds");
});

test("a load that fails says so instead of showing figures", async () => {
  setup(() => Response.json({ error: "relay not found" }, { status: 404 }));
  expect(await screen.findByText(/relay not found/i)).toBeTruthy();
  expect(screen.queryByTestId("insight-posts")).toBeNull();
});
