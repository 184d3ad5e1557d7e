// The relay page in sections (issue 43): each section at its own address, opened by that address (a link or a DM)
// and by its link in the relay's bar; the moderation page's old address opens the Moderation section; the relay is
// read once for all of them.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import App from "../src/App";
import { configureApi } from "../src/lib/api";
import { refresh } from "../src/lib/queries/read";
import { relayQueries } from "../src/lib/queries/relay";
import { tenantQueries } from "../src/lib/queries/tenant";
import { clearSession, setSession } from "../src/lib/session";

const OWNER = "a".repeat(64);
const RELAY = {
  id: "r1",
  tenant: OWNER,
  name: "Hikers",
  subdomain: "hikers",
  host: "hikers.relay.example",
  url: "wss://hikers.relay.example",
  public_url: "wss://hikers.relay.example",
  icon: null,
  description: "",
  plan: "free",
  status: "active",
  hold: null,
  schema: "hikers",
  node: null,
  settings: {},
  sync: { state: "synced", synced_at: 1, attempts: 0, last_error: null },
  actions: ["edit", "deactivate"],
  created_at: 1,
  updated_at: 1,
};

const realFetch = globalThis.fetch;
afterEach(() => {
  cleanup();
  clearSession();
  globalThis.fetch = realFetch;
  configureApi({ baseUrl: "", token: () => null });
  history.replaceState(null, "", "/");
});

/** Opens the app at `path` signed in as the relay's owner; answers the API from a few canned replies. */
function openAt(path: string, serve: { relay?: () => object; live?: () => Response } = {}): string[] {
  const reads: string[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const method = String(init?.method ?? "GET");
    if (method === "GET") reads.push(url.pathname);
    if (url.pathname === "/relays/r1") return Response.json(serve.relay?.() ?? RELAY);
    if (url.pathname === "/live" && serve.live) return serve.live();
    if (url.pathname === `/tenants/${OWNER}/relays`)
      return Response.json({ items: [serve.relay?.() ?? RELAY], total: 1, page: 1, per_page: 20, total_exact: true });
    if (url.pathname === "/relays/r1/admission")
      return Response.json({ mode: "free", price_sats: 0, trial_days: 0, trials_per_day: 0, rules: "" });
    if (url.pathname === "/relays/r1/members")
      return Response.json({ items: [], count: 0, limit: 10, plan: "free", refusals: [] });
    if (url.pathname === "/relays/r1/join-requests") return Response.json({ items: [], pending: 0 });
    if (url.pathname === "/relays/r1/join-settings")
      return Response.json({ ask_to_join: false, terms: "", pending: 0, terms_url: "https://x/join/hikers/terms" });
    if (url.pathname.endsWith("/invoices")) return Response.json({ items: [], total: 0 });
    if (url.pathname === "/relays/r1/webhooks") return Response.json({ items: [] });
    return Response.json({ error: "not here" }, { status: 404 });
  }) as typeof fetch;
  configureApi({ baseUrl: "http://api.test" });
  setSession({ token: "tok", pubkey: OWNER, is_admin: false, expires_at: 4_000_000_000, signer: "local" } as never);
  history.replaceState(null, "", path);
  render(() => <App />);
  return reads;
}

test("a section's own address opens it, with its link marked current", async () => {
  openAt("/relays/r1/settings");
  await waitFor(() => expect(screen.getByTestId("settings")).toBeTruthy(), { timeout: 10_000 });
  expect(screen.getByTestId("section-settings").getAttribute("aria-current")).toBe("page");
  expect(screen.getByTestId("section-overview").getAttribute("aria-current")).toBeNull();
  expect(screen.getByTestId("edit-relay").getAttribute("href")).toBe("/relays/r1/edit");
  // the overview's cards are not on this section
  expect(screen.queryByTestId("activity")).toBeNull();
}, 60_000);

test("the sections' links move between them at their addresses, reading the relay once", async () => {
  const reads = openAt("/relays/r1");
  await waitFor(() => expect(screen.getByTestId("relay-url")).toBeTruthy(), { timeout: 10_000 });
  expect(screen.getByTestId("section-overview").getAttribute("aria-current")).toBe("page");
  // the one next action of an active relay: inviting people, in the Members section
  expect(screen.getByTestId("next-invite").getAttribute("href")).toBe("/relays/r1/members");
  fireEvent.click(screen.getByTestId("section-members"));
  await waitFor(() => expect(location.pathname).toBe("/relays/r1/members"));
  await waitFor(() => expect(screen.getByTestId("members")).toBeTruthy(), { timeout: 10_000 });
  expect(screen.queryByTestId("next-invite")).toBeNull();
  fireEvent.click(screen.getByTestId("section-settings"));
  await waitFor(() => expect(location.pathname).toBe("/relays/r1/settings"));
  await waitFor(() => expect(screen.getByTestId("settings")).toBeTruthy(), { timeout: 10_000 });
  expect(reads.filter((p) => p === "/relays/r1")).toEqual(["/relays/r1"]);
}, 60_000);

test("the moderation page's old address opens the Moderation section, its tab in the address", async () => {
  openAt("/relays/r1/moderation?tab=bans");
  await waitFor(() => expect(screen.getByTestId("moderation-heading")).toBeTruthy(), { timeout: 10_000 });
  expect(screen.getByTestId("section-moderation").getAttribute("aria-current")).toBe("page");
  expect(screen.getByRole("tab", { name: "Bans" }).getAttribute("aria-selected")).toBe("true");
}, 60_000);

/** The live stream: one state with the relay named "Hikers", then nothing more (it stays open). */
function pushOnce(): Response {
  const state = { version: 1, relays: [{ ...RELAY, name: "Hikers" }], invoices: [], activity_id: 0 };
  return new Response(
    new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(`event: state\ndata: ${JSON.stringify(state)}\n\n`));
      },
    }),
    { headers: { "content-type": "text/event-stream" } },
  );
}

test("a relay the live stream pushed never comes back over a newer read of it", async () => {
  // the stream pushes the relay once and stays open; the server then renames it and the page reads it again (as a
  // write's answer does): the newer read stands, and the push it replaced is not shown again
  let name = "Hikers";
  const live = pushOnce;
  const reads = openAt("/relays/r1", { relay: () => ({ ...RELAY, name }), live });
  await waitFor(() => expect(screen.getByTestId("relay-name-heading").textContent).toContain("Hikers"), {
    timeout: 10_000,
  });
  await waitFor(() => expect(reads).toContain("/live"));
  name = "Hikers of the north";
  await refresh(relayQueries.relay.key("r1"));
  await waitFor(() => expect(screen.getByTestId("relay-name-heading").textContent).toContain("Hikers of the north"), {
    timeout: 10_000,
  });
  // the reads the page made after the new one are in, and the heading still shows it
  await waitFor(() => expect(reads.filter((p) => p === "/relays/r1").length).toBe(2));
  await new Promise((r) => setTimeout(r, 50));
  expect(screen.getByTestId("relay-name-heading").textContent).toContain("Hikers of the north");
}, 60_000);

test("the relay list keeps a newer read of its relays over what the live stream pushed before it", async () => {
  let name = "Hikers";
  const reads = openAt("/relays", { relay: () => ({ ...RELAY, name }), live: pushOnce });
  await waitFor(() => expect(screen.getByTestId("relay-link").textContent).toContain("Hikers"), { timeout: 10_000 });
  await waitFor(() => expect(reads).toContain("/live"));
  name = "Hikers of the north";
  await refresh(tenantQueries.relays.key);
  await waitFor(() => expect(screen.getByTestId("relay-link").textContent).toContain("Hikers of the north"), {
    timeout: 10_000,
  });
  await new Promise((r) => setTimeout(r, 50));
  expect(screen.getByTestId("relay-link").textContent).toContain("Hikers of the north");
}, 60_000);
