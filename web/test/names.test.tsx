// NIP-05 names in the app: the Members card shows each member's name@host and the owner's dialog gives, changes and
// takes it back; My communities lists the memberships with the member's own claim form, and says how one gets there
// when there are none.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import type { JSX } from "solid-js";
import { MembersCard } from "../src/components/community/MembersCard";
import Communities from "../src/pages/Communities";
import { configureApi } from "../src/lib/api";
import type { Membership } from "../src/lib/domains";
import type { Relay } from "../src/lib/types";
import { clearSession, setSession } from "../src/lib/session";

afterEach(() => {
  cleanup();
  clearSession();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const ALICE = "a".repeat(64);
const BOB = "b".repeat(64);
const member = (pubkey: string, name: string | null, nip05_name: string | null) => ({
  pubkey,
  npub: `npub1${pubkey.slice(0, 20)}`,
  name,
  picture: null,
  role: "member",
  nip05_name,
});

const RELAY = {
  id: "r1",
  name: "Hikers",
  subdomain: "hikers",
  host: "hikers.relay.caravel.example",
  url: "wss://hikers.relay.caravel.example",
  // names are shown at the address members use: the verified custom domain
  public_url: "wss://relay.hikers.org/",
  plan: "names-test",
  status: "active",
  custom_domain: null,
} as unknown as Relay;

type Sent = { method: string; path: string; body: unknown };

function fakeApi(answer: (s: Sent) => Response | undefined): Sent[] {
  const sent: Sent[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const s = {
        method: String(init?.method ?? "GET"),
        path: new URL(String(input)).pathname,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      };
      sent.push(s);
      return answer(s) ?? Response.json({ error: "not here" }, { status: 404 });
    },
  });
  return sent;
}

function show(page: () => JSX.Element) {
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => (
          <>
            <Toaster />
            {page()}
          </>
        )}
      />
    </Router>
  ));
}

test("the Members card shows name@host and the owner gives a name through the dialog", async () => {
  let members = [member(ALICE, "Alice", "alice"), member(BOB, "Bob", null)];
  const sent = fakeApi((s) => {
    if (s.path === "/relays/r1/members")
      return Response.json({ items: members, count: members.length, limit: null, plan: "names-test", refusals: [] });
    if (s.method === "PUT" && s.path === "/relays/r1/names/bob") {
      members = [members[0]!, member(BOB, "Bob", "bob")];
      return Response.json({
        name: "bob",
        pubkey: BOB,
        npub: "npub1b",
        assigned_by: "owner",
        addresses: ["bob@relay.hikers.org"],
        created_at: 1,
        updated_at: 1,
      });
    }
    if (s.method === "PUT" && s.path === "/relays/r1/names/alice")
      return Response.json({ error: "alice is taken", code: "name_taken", field: "name" }, { status: 409 });
    return undefined;
  });
  show(() => <MembersCard relay={RELAY} base="/relays" />);
  await waitFor(() => expect(screen.getAllByTestId("member-row").length).toBe(2));
  expect(screen.getAllByTestId("member-nip05").map((e) => e.textContent)).toEqual(["alice@relay.hikers.org"]);

  const bobRow = screen.getAllByTestId("member-row")[1]!;
  // the name button says what it does in words, not with an @ alone
  expect(within(screen.getAllByTestId("member-row")[0]!).getByTestId("name-member").textContent).toBe("Rename");
  expect(within(bobRow).getByTestId("name-member").textContent).toBe("Name");
  fireEvent.click(within(bobRow).getByTestId("name-member"));
  const input = (await screen.findByTestId("member-name-input")) as HTMLInputElement;
  // someone else's name: the API's 409 goes under the field
  fireEvent.input(input, { target: { value: "Alice" } });
  fireEvent.click(screen.getByTestId("member-name-save"));
  expect(await screen.findByText(/alice is taken/i)).toBeTruthy();
  fireEvent.input(input, { target: { value: "Bob" } });
  expect(screen.getByTestId("member-name-address").textContent).toBe("bob@relay.hikers.org");
  fireEvent.click(screen.getByTestId("member-name-save"));
  await waitFor(() => expect(screen.getAllByTestId("member-nip05").length).toBe(2));
  expect(sent.filter((s) => s.method === "PUT")).toEqual([
    { method: "PUT", path: "/relays/r1/names/alice", body: { pubkey: BOB } },
    { method: "PUT", path: "/relays/r1/names/bob", body: { pubkey: BOB } },
  ]);
});

test("the owner takes a name back", async () => {
  let members = [member(ALICE, "Alice", "alice")];
  const sent = fakeApi((s) => {
    if (s.path === "/relays/r1/members")
      return Response.json({ items: members, count: 1, limit: null, plan: "names-test", refusals: [] });
    if (s.method === "DELETE" && s.path === "/relays/r1/names/alice") {
      members = [member(ALICE, "Alice", null)];
      return new Response(null, { status: 204 });
    }
    return undefined;
  });
  show(() => <MembersCard relay={RELAY} base="/relays" />);
  fireEvent.click(await screen.findByTestId("name-member"));
  fireEvent.click(await screen.findByTestId("member-name-remove"));
  await waitFor(() => expect(screen.queryByTestId("member-nip05") === null).toBe(true));
  expect(sent.some((s) => s.method === "DELETE" && s.path === "/relays/r1/names/alice")).toBe(true);
});

const MEMBERSHIP: Membership = {
  relay_id: "r9",
  name: "Climbers",
  icon: "",
  url: "wss://climbers.relay.caravel.example/",
  host: "climbers.relay.caravel.example",
  names_enabled: true,
  nip05_name: null,
  nip05: null,
};

test("My communities: no memberships says how communities appear", async () => {
  setSession({ token: "tok", pubkey: ALICE, is_admin: false, expires_at: 4_000_000_000, signer: "local" } as never);
  fakeApi((s) => (s.path === "/me/memberships" ? Response.json({ items: [] }) : undefined));
  show(() => <Communities />);
  expect((await screen.findByText("No communities yet")).textContent).toBeTruthy();
  expect(screen.getByText(/once you are a member of a relay hosted here/)).toBeTruthy();
});

test("My communities: a member claims a name, a member may not claim _, and gives the name up", async () => {
  setSession({ token: "tok", pubkey: ALICE, is_admin: false, expires_at: 4_000_000_000, signer: "local" } as never);
  // the list reads as the server keeps it: a claim or its release is there when the write reads the list again
  let current = MEMBERSHIP;
  const sent = fakeApi((s) => {
    if (s.path === "/me/memberships") return Response.json({ items: [current] });
    if (s.method === "PUT" && s.path === "/me/memberships/r9/name") {
      const name = (s.body as { name: string }).name;
      current = { ...MEMBERSHIP, nip05_name: name, nip05: `${name}@${MEMBERSHIP.host}` };
      return Response.json(current);
    }
    if (s.method === "DELETE" && s.path === "/me/memberships/r9/name") {
      current = MEMBERSHIP;
      return new Response(null, { status: 204 });
    }
    return undefined;
  });
  show(() => <Communities />);
  expect((await screen.findByTestId("membership-name")).textContent).toBe("Climbers");
  const input = (await screen.findByTestId("my-name-input")) as HTMLInputElement;
  fireEvent.input(input, { target: { value: "_" } });
  fireEvent.click(screen.getByTestId("my-name-save"));
  expect(await screen.findByText(/only its owner/)).toBeTruthy();
  fireEvent.input(screen.getByTestId("my-name-input"), { target: { value: "Alice" } });
  fireEvent.click(screen.getByTestId("my-name-save"));
  await waitFor(() =>
    expect(screen.getByTestId("membership-nip05").textContent).toBe("alice@climbers.relay.caravel.example"),
  );
  fireEvent.click(screen.getByTestId("my-name-remove"));
  await waitFor(() => expect(screen.queryByTestId("membership-nip05") === null).toBe(true));
  expect(sent.filter((s) => s.method !== "GET").map((s) => `${s.method} ${s.path} ${JSON.stringify(s.body)}`)).toEqual([
    'PUT /me/memberships/r9/name {"name":"alice"}',
    "DELETE /me/memberships/r9/name undefined",
  ]);
});

test("a relay host with a port (a local stack) shows no name@host:port, says why and where the name answers", async () => {
  const local = {
    ...RELAY,
    host: "builders.localhost:3334",
    url: "ws://builders.localhost:3334",
    public_url: "ws://builders.localhost:3334",
  } as unknown as Relay;
  fakeApi((s) =>
    s.path === "/relays/r1/members"
      ? Response.json({
          items: [member(ALICE, "Carol", "carol")],
          count: 1,
          limit: null,
          plan: "names-test",
          refusals: [],
        })
      : undefined,
  );
  show(() => <MembersCard relay={local} base="/relays" />);
  await waitFor(() => expect(screen.getAllByTestId("member-row").length).toBe(1));
  const shown = screen.getByTestId("member-nip05").textContent ?? "";
  expect(shown).not.toContain("@");
  expect(shown).toContain("carol");
  expect(screen.getByTestId("no-nip05-here").textContent).toMatch(/has a port/);

  // the dialog offers the name with the lookup that answers, not an address apps would refuse
  fireEvent.click(screen.getByTestId("name-member"));
  const input = (await screen.findByTestId("member-name-input")) as HTMLInputElement;
  fireEvent.input(input, { target: { value: "carla" } });
  const lookup = await screen.findByTestId("nip05-lookup");
  expect(lookup.getAttribute("href")).toBe("http://builders.localhost:3334/.well-known/nostr.json?name=carla");
  expect(screen.queryByTestId("member-name-address")).toBeNull();
});

test("My communities at a host with a port: the name held, no address, and the lookup", async () => {
  setSession({ token: "tok", pubkey: ALICE, is_admin: false, expires_at: 4_000_000_000, signer: "local" } as never);
  const m: Membership = {
    relay_id: "r1",
    name: "Builders",
    icon: "",
    url: "ws://builders.localhost:3334",
    host: "builders.localhost:3334",
    names_enabled: true,
    nip05_name: "carol",
    nip05: null,
  };
  fakeApi((s) => (s.path === "/me/memberships" ? Response.json({ items: [m] }) : undefined));
  show(() => <Communities />);
  const note = await screen.findByTestId("no-nip05-here");
  expect(note.textContent).toContain("builders.localhost:3334");
  expect(screen.getByTestId("nip05-lookup").getAttribute("href")).toBe(
    "http://builders.localhost:3334/.well-known/nostr.json?name=carol",
  );
  expect(screen.queryByTestId("membership-nip05")).toBeNull();
});
