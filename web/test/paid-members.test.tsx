// The Members card of a relay with paid admission: the paying members with their totals, and the removal of someone
// who paid says what they paid. A free relay asks for no paying members at all.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import { MembersCard } from "../src/components/community/MembersCard";
import { PaidMembers as PaidMembersSection } from "../src/components/community/PaidMembers";
import { configureApi } from "../src/lib/api";
import type { AdmissionMode, PaidMembers } from "../src/lib/admission";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = {
  id: "r1",
  name: "R",
  subdomain: "r",
  url: "wss://r.x",
  plan: "free",
  status: "active",
} as unknown as Relay;
const PAYER = "c".repeat(64);

const PAID: PaidMembers = {
  items: [
    {
      pubkey: PAYER,
      npub: "npub1payer",
      name: "Pat",
      status: "active",
      mode: "once",
      joined_at: Date.UTC(2026, 10, 1) / 1000,
      paid_until: null,
      total_paid_sats: 2100,
      payments: 1,
      last_paid_at: Date.UTC(2026, 10, 1) / 1000,
    },
  ],
  paying: 1,
  lapsed: 0,
  revenue_sats: 2100,
  revenue_30d_sats: 2100,
};

function setup(mode: AdmissionMode) {
  const asked: string[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input) => {
      const url = String(input);
      asked.push(url);
      if (url.endsWith("/relays/r1/admission/members")) return Response.json(PAID);
      if (url.endsWith("/relays/r1/members"))
        return Response.json({
          items: [{ pubkey: PAYER, npub: "npub1payer", name: "Pat", picture: null, role: "member", nip05_name: null }],
          count: 1,
          limit: 10,
          plan: "free",
          refusals: [],
        });
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
            <MembersCard relay={RELAY} base="/relays" admission={mode} />
          </>
        )}
      />
    </Router>
  ));
  return asked;
}

test("paid admission: the paying members, their totals and the CSV export", async () => {
  setup("once");
  const section = await screen.findByTestId("paid-members");
  expect(screen.getByTestId("paid-members-revenue").textContent).toContain("2,100 sats");
  expect(screen.getByTestId("paid-members-paying").textContent).toBe("1");
  const row = section.querySelector('[data-testid="paid-member-row"]')!;
  expect(row.textContent).toContain("Pat");
  expect(row.textContent).toContain("1 Nov 2026");
  expect(row.querySelector('[data-testid="paid-member-status"]')!.getAttribute("data-status")).toBe("active");
  expect(screen.getByTestId("paid-members-csv")).toBeTruthy();
});

test("removing someone who paid says what they paid", async () => {
  setup("once");
  await screen.findByTestId("paid-members");
  fireEvent.click(await screen.findByTestId("remove-member"));
  await waitFor(() =>
    expect(screen.getByTestId("remove-member-paid").textContent).toBe(
      "They paid 2,100 sats in 1 payment; refunds are up to you.",
    ),
  );
});

test("banning someone who paid says what they paid too", async () => {
  setup("monthly");
  await screen.findByTestId("paid-members");
  fireEvent.click(await screen.findByTestId("ban-member"));
  await waitFor(() =>
    expect(screen.getByTestId("ban-member-paid").textContent).toBe(
      "They paid 2,100 sats in 1 payment; refunds are up to you.",
    ),
  );
});

test("free admission: no paying members are asked for or shown", async () => {
  const asked = setup("free");
  await screen.findByTestId("member-row");
  expect(screen.queryByTestId("paid-members")).toBeNull();
  expect(asked.some((u) => u.includes("/admission/"))).toBe(false);
});

test("Export CSV fetches the list with the session's token and hands it over as a file", async () => {
  const asked: { url: string; auth: string | null }[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      asked.push({ url: String(input), auth: new Headers(init?.headers).get("authorization") });
      return new Response("npub,pubkey,status\nnpub1payer,ccc,active\n", { headers: { "Content-Type": "text/csv" } });
    },
  });
  const saved: { name: string; text: string }[] = [];
  render(() => (
    <>
      <Toaster />
      <PaidMembersSection
        relay={RELAY}
        list={PAID}
        download={(blob, name) => void blob.text().then((text) => saved.push({ name, text }))}
      />
    </>
  ));
  fireEvent.click(screen.getByTestId("paid-members-csv"));
  await waitFor(() => expect(saved.length).toBe(1));
  expect(asked).toEqual([{ url: "http://api.test/relays/r1/admission/members.csv", auth: "Bearer tok" }]);
  expect(saved[0]).toEqual({ name: "r-paying-members.csv", text: "npub,pubkey,status\nnpub1payer,ccc,active\n" });
});
