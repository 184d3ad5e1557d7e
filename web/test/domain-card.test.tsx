// The relay page's Custom domain card: a domain is checked before it is sent, the API's refusal lands under the
// field, the two records show as copyable rows with the state and the problem, and a plan without custom domains
// says so instead of offering the form; the Connection card shares the public URL.
import { afterEach, expect, test } from "bun:test";
import { createSignal } from "solid-js";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import { DomainCard } from "../src/components/relay/DomainCard";
import { configureApi } from "../src/lib/api";
import type { CustomDomain } from "../src/lib/domains";
import type { Plan, Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

// plan ids of this file's own: the app shares the plans it was told about with every reader (lib/queries)
const plan = (id: string, custom_domain: boolean): Plan => ({
  id,
  name: id === "dc-with" ? "Domains" : "Plain",
  price_sats: 0,
  max_members: null,
  blossom: false,
  livekit: false,
  currency: "SAT",
  price: 0,
  hidden: false,
  names: true,
  custom_domain,
});
const PLANS = [plan("dc-without", false), plan("dc-with", true)];

const PENDING: CustomDomain = {
  domain: "relay.hikers.org",
  state: "pending",
  records: [
    { type: "CNAME", name: "relay.hikers.org", value: "hikers.relay.caravel.example", purpose: "route" },
    { type: "TXT", name: "_caravel.relay.hikers.org", value: "caravel-verify=00ff", purpose: "ownership" },
  ],
  problem: "No CNAME record at relay.hikers.org yet.",
  created_at: 1_800_000_000,
  checked_at: 1_800_000_000,
  verified_at: null,
  next_check_at: 1_800_000_060,
  in_use: false,
  not_routed: null,
};

function relay(over: Partial<Relay>): Relay {
  return {
    id: "r1",
    name: "Hikers",
    subdomain: "hikers",
    url: "wss://hikers.relay.caravel.example",
    public_url: "wss://hikers.relay.caravel.example",
    plan: "dc-with",
    status: "active",
    custom_domain: null,
    ...over,
  } as Relay;
}

function setup(
  r: Relay | (() => Relay),
  answer?: (method: string, path: string, body: unknown) => Response | undefined,
) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname;
      const method = String(init?.method ?? "GET");
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      if (path === "/plans") return Response.json({ items: PLANS });
      const p = PLANS.find((x) => path === `/plans/${x.id}`);
      if (p) return Response.json(p);
      if (path === "/config")
        return Response.json({
          relay_domain: "relay.caravel.example",
          lightning: true,
          stripe: false,
          reserved_subdomains: [],
          subdomain_pattern: "",
          nip46_relays: [],
          fiat: null,
          price_currency: "SAT",
        });
      sent.push({ method, path, body });
      return answer?.(method, path, body) ?? Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => (
          <>
            <Toaster />
            <DomainCard relay={typeof r === "function" ? r() : r} base="/relays" />
          </>
        )}
      />
    </Router>
  ));
  return sent;
}

test("a malformed domain is named under the field and nothing is sent", async () => {
  const sent = setup(relay({}));
  const field = (await screen.findByTestId("domain-input")) as HTMLInputElement;
  fireEvent.input(field, { target: { value: "https://relay.hikers.org" } });
  fireEvent.click(screen.getByTestId("domain-submit"));
  expect(await screen.findByText(/only the domain/)).toBeTruthy();
  expect(sent).toEqual([]);
});

test("the relays' own domain is refused before asking", async () => {
  const sent = setup(relay({}));
  const field = (await screen.findByTestId("domain-input")) as HTMLInputElement;
  // the config (and so the platform's domain) arrives after the first render
  await new Promise((r) => setTimeout(r, 50));
  fireEvent.input(field, { target: { value: "mine.relay.caravel.example" } });
  fireEvent.click(screen.getByTestId("domain-submit"));
  expect(await screen.findByText(/belongs to this service/)).toBeTruthy();
  expect(sent).toEqual([]);
});

test("a good domain is sent lower-cased; the answer shows its records and state", async () => {
  const sent = setup(relay({}), (method, path) =>
    method === "PUT" && path === "/relays/r1/domain" ? Response.json(PENDING) : undefined,
  );
  const field = (await screen.findByTestId("domain-input")) as HTMLInputElement;
  fireEvent.input(field, { target: { value: "Relay.Hikers.org." } });
  fireEvent.click(screen.getByTestId("domain-submit"));
  await waitFor(() => expect(screen.getAllByTestId("dns-record").length).toBe(2));
  expect(sent[0]).toEqual({ method: "PUT", path: "/relays/r1/domain", body: { domain: "relay.hikers.org" } });
  const rows = screen.getAllByTestId("dns-record");
  expect(within(rows[0]!).getByTestId("dns-record-type").textContent).toBe("CNAME");
  expect(within(rows[0]!).getByTestId("dns-record-value").textContent).toBe("hikers.relay.caravel.example");
  expect(within(rows[1]!).getByTestId("dns-record-name").textContent).toBe("_caravel.relay.hikers.org");
  expect(within(rows[1]!).getByTestId("dns-record-value").textContent).toBe("caravel-verify=00ff");
  expect(screen.getByTestId("domain-state").textContent).toMatch(/Waiting/);
  expect(screen.getByTestId("domain-problem").textContent).toMatch(/No CNAME/);
  expect(screen.getByRole("button", { name: /Copy the TXT record's value/ })).toBeTruthy();
});

test("another relay's domain: the API's 409 is said under the field", async () => {
  setup(relay({}), () =>
    Response.json(
      { error: "relay.hikers.org is another relay's domain", code: "domain_taken", field: "domain" },
      { status: 409 },
    ),
  );
  const field = (await screen.findByTestId("domain-input")) as HTMLInputElement;
  fireEvent.input(field, { target: { value: "relay.hikers.org" } });
  fireEvent.click(screen.getByTestId("domain-submit"));
  expect(await screen.findByText(/another relay's domain/)).toBeTruthy();
});

test("Check now shows the new state", async () => {
  const sent = setup(relay({ custom_domain: PENDING }), (method, path) =>
    method === "POST" && path === "/relays/r1/domain/check"
      ? Response.json({ ...PENDING, state: "verified", problem: null, verified_at: 1_800_000_100, in_use: true })
      : undefined,
  );
  expect((await screen.findByTestId("domain-state")).textContent).toMatch(/Waiting/);
  fireEvent.click(screen.getByTestId("domain-check"));
  await waitFor(() => expect(screen.getByTestId("domain-state").textContent).toMatch(/Verified/));
  expect(screen.queryByTestId("domain-problem")).toBeNull();
  expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual(["POST /relays/r1/domain/check"]);
});

test("a relay read before the check that answers in the same second does not undo it", async () => {
  // the page reads the relay again after each answer: the read after the first check (still pending, checked at the
  // same second as the second check) can come back after the second check's answer (verified)
  const [r, setR] = createSignal(relay({ custom_domain: PENDING }));
  const verified = { ...PENDING, state: "verified" as const, problem: null, verified_at: 1_800_000_000, in_use: true };
  setup(r, (method, path) =>
    method === "POST" && path === "/relays/r1/domain/check" ? Response.json(verified) : undefined,
  );
  fireEvent.click(await screen.findByTestId("domain-check"));
  await waitFor(() => expect(screen.getByTestId("domain-state").textContent).toMatch(/Verified/));
  setR(relay({ custom_domain: { ...PENDING } }));
  expect(screen.getByTestId("domain-state").textContent).toMatch(/Verified/);
  // the relay that has caught up takes over, and a later check read from it counts
  setR(relay({ custom_domain: { ...verified } }));
  expect(screen.getByTestId("domain-state").textContent).toMatch(/Verified/);
  setR(
    relay({
      custom_domain: { ...verified, state: "lost", problem: "The TXT record is gone.", checked_at: 1_800_000_060 },
    }),
  );
  expect(screen.getByTestId("domain-state").textContent).toMatch(/Records missing/);
});

test("a verified domain nothing routes says why, and offers no address at it", async () => {
  const why =
    "relay.hikers.org is verified, but it is not the relay's address yet: no proxy routes custom domains on this" +
    " server. Until it is routed, invites, QR codes and join pages keep the relay's own address," +
    " wss://hikers.relay.caravel.example, which keeps working.";
  setup(
    relay({
      custom_domain: { ...PENDING, state: "verified", problem: null, verified_at: 1_800_000_100, not_routed: why },
    }),
  );
  const state = await screen.findByTestId("domain-state");
  expect(state.textContent).toMatch(/Verified/);
  expect(state.textContent).toMatch(/not in use yet/);
  expect(screen.getByTestId("domain-not-routed").textContent).toBe(why);
  expect(screen.queryByLabelText("Copy the relay's address at this domain")).toBeNull();
});

test("a verified domain in use offers its address, with no warning", async () => {
  setup(
    relay({
      public_url: "wss://relay.hikers.org/",
      custom_domain: { ...PENDING, state: "verified", problem: null, verified_at: 1_800_000_100, in_use: true },
    }),
  );
  const state = await screen.findByTestId("domain-state");
  expect(state.textContent).not.toMatch(/not in use/);
  expect(screen.queryByTestId("domain-not-routed")).toBeNull();
  expect(screen.getByLabelText("Copy the relay's address at this domain")).toBeTruthy();
});

test("a lost domain shows what went missing", async () => {
  setup(relay({ custom_domain: { ...PENDING, state: "lost", problem: "The TXT record is gone." } }));
  expect((await screen.findByTestId("domain-state")).textContent).toMatch(/missing/);
  expect(screen.getByTestId("domain-problem").textContent).toMatch(/TXT record is gone/);
});

test("a plan without custom domains names the plans that have one, and offers no form", async () => {
  setup(relay({ plan: "dc-without" }));
  const upsell = await screen.findByTestId("domain-upsell");
  await waitFor(() => expect(upsell.textContent).toMatch(/does not include a custom domain/));
  expect(screen.queryByTestId("domain-input")).toBeNull();
});

test("the Connection card shares the public URL, and names the usual one beside it", async () => {
  const { ConnectionCard } = await import("../src/components/relay/ConnectionCard");
  const sync = { state: "synced", last_error: null, attempts: 0, synced_at: null };
  const base = relay({ sync } as Partial<Relay>);
  const { unmount } = render(() => <ConnectionCard relay={base} />);
  expect(screen.getByTestId("relay-url").textContent).toBe("wss://hikers.relay.caravel.example");
  expect(screen.queryByTestId("canonical-url") === null).toBe(true);
  unmount();
  render(() => <ConnectionCard relay={{ ...base, public_url: "wss://relay.hikers.org/" }} />);
  expect(screen.getByTestId("relay-url").textContent).toBe("wss://relay.hikers.org/");
  expect(screen.getByTestId("canonical-url").textContent).toContain("wss://hikers.relay.caravel.example");
});
