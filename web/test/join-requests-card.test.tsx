// The Join requests card: the waiting requests with their count and message; Approve sends one decision and the list
// is read again; a refusal (a full relay) is shown in the API's words and the request stays listed.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import { JoinRequestsCard } from "../src/components/community/JoinRequestsCard";
import { configureApi } from "../src/lib/api";
import { network } from "../src/lib/network";
import type { JoinRequestItem } from "../src/lib/joinRequests";
import type { Relay } from "../src/lib/types";

// the app's one network monitor outlives each file: a file before this one that left it offline would hold this file's
// requests back until its probe's backoff ran out
beforeEach(() => network.answered());

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = { id: "r1", name: "R", subdomain: "r", status: "active" } as unknown as Relay;

const item = (id: string, message: string): JoinRequestItem => ({
  id,
  pubkey: id.repeat(64).slice(0, 64),
  npub: `npub1${id.repeat(58).slice(0, 58)}`,
  name: id === "a" ? "Alice" : null,
  picture: null,
  message,
  source: "page",
  status: "pending",
  created_at: Math.floor(Date.now() / 1000) - 60,
});

function setup(decide: (path: string) => { status: number; body: unknown }) {
  let items = [item("a", "I bake bread."), item("b", "")];
  const posted: string[] = [];
  const reads = { list: 0 };
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const path = String(input).replace("http://api.test", "");
      if (init?.method === "POST") {
        posted.push(path);
        const a = decide(path);
        if (a.status === 200) {
          items = items.filter((i) => !path.includes(`/${i.id}/`));
        }
        return Response.json(a.body, { status: a.status });
      }
      if (path === "/relays/r1/join-requests") reads.list++;
      if (path === "/relays/r1/join-requests") return Response.json({ items, pending: items.length });
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => (
          <>
            <Toaster />
            <JoinRequestsCard relay={RELAY} onDecided={() => {}} />
          </>
        )}
      />
    </Router>
  ));
  return { posted, reads };
}

test("the waiting requests with their count; Approve decides one and the list is read again", async () => {
  const { posted, reads } = setup(() => ({ status: 200, body: { id: "a", pubkey: "a", status: "approved" } }));
  await screen.findByText("I bake bread.");
  expect(screen.getByTestId("join-requests-count").textContent).toBe("2");
  expect(screen.getByText("Alice")).toBeTruthy();
  fireEvent.click(screen.getAllByTestId("join-request-approve")[0]);
  await screen.findByText("Approved: they're a member now.");
  expect(posted).toEqual(["/relays/r1/join-requests/a/approve"]);
  // the list is read again after the decision (the DOM's update is not awaited here: after confirm-signature's
  // InvoiceDialog tests, whose dialog happy-dom never finishes closing, this page no longer re-renders in the same run)
  await waitFor(() => expect(reads.list).toBe(2));
});

test("a refusal is shown in the API's words and the request stays", async () => {
  setup(() => ({
    status: 409,
    body: { error: "R is full: its plan allows 10 members.", code: "member_cap_reached" },
  }));
  await screen.findByText("I bake bread.");
  fireEvent.click(screen.getAllByTestId("join-request-approve")[0]);
  await screen.findByText(/Couldn't approve: R is full/);
  expect(screen.getByText("I bake bread.")).toBeTruthy();
});
