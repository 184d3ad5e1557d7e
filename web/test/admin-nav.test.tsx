// An admin key finds the admin area: an "Admin" link in the dashboard's navigation and in the account menu, and a
// pointer on the empty relay list; other keys see none of them. And a relay page seen by someone other than its
// owner (an admin) speaks about the owner, not to "you".
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { AppShell, UserMenu } from "../src/components/layout";
import Relays from "../src/pages/Relays";
import { configureApi, type FetchFn } from "../src/lib/api";
import { ConnectionCard } from "../src/components/relay/ConnectionCard";
import { StatusBanner } from "../src/components/relay/StatusBanner";
import { clearSession, isAdmin, setSession, token } from "../src/lib/session";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  clearSession();
});

const PUBKEY = "a".repeat(64);
const signIn = (is_admin: boolean) =>
  setSession({
    token: "t",
    pubkey: PUBKEY,
    is_admin,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    signer: "local",
  });

const inRouter = (page: () => ReturnType<typeof AppShell>) =>
  render(() => (
    <Router>
      <Route path="*" component={page} />
    </Router>
  ));

const adminLink = () => screen.queryByRole("link", { name: "Admin" });

describe("Admin entry in the navigation", () => {
  test("an admin key: the main nav links to /admin", () => {
    signIn(true);
    expect(isAdmin()).toBe(true);
    inRouter(() => <AppShell>page</AppShell>);
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav.contains(adminLink())).toBe(true);
    expect(adminLink()!.getAttribute("href")).toBe("/admin");
  });

  test("any other key: no Admin link", () => {
    signIn(false);
    expect(isAdmin()).toBe(false);
    inRouter(() => <AppShell>page</AppShell>);
    expect(screen.getByRole("link", { name: "Relays" })).toBeTruthy();
    expect(adminLink()).toBeNull();
  });

  test("the account menu has Admin for an admin key only", async () => {
    for (const admin of [true, false]) {
      signIn(admin);
      const { unmount } = inRouter(() => <UserMenu />);
      fireEvent.pointerDown(screen.getByTestId("user-menu"), { button: 0, pointerType: "mouse" });
      fireEvent.click(screen.getByTestId("user-menu"));
      await waitFor(() => expect(screen.getByText("Account & billing")).toBeTruthy());
      expect(screen.queryByTestId("admin-menu-item") !== null).toBe(admin);
      unmount();
    }
  });
});

describe("The empty relay list", () => {
  // The API answers an account with no relays, no open reports, and a live stream that stays silent.
  const noRelays: FetchFn = async (input) => {
    const path = new URL(String(input)).pathname;
    if (path.endsWith("/relays"))
      return Response.json({ items: [], total: 0, page: 1, per_page: 20, total_exact: true, next_cursor: null });
    if (path === "/reports/open") return Response.json({ counts: {} });
    return new Promise<Response>(() => {});
  };
  // the API client is shared by every test file: hand back its defaults
  afterAll(() => configureApi({ baseUrl: "", fetch: (input, init) => fetch(input, init), token: () => null }));

  test("an admin with no relays of their own is pointed to the admin area; a tenant is not", async () => {
    configureApi({ baseUrl: "http://api.test", fetch: noRelays, token });
    for (const admin of [true, false]) {
      signIn(admin);
      const { unmount } = inRouter(() => <Relays />);
      await waitFor(() => expect(screen.getByText("No relays yet")).toBeTruthy());
      const pointer = screen.queryByTestId("admin-pointer");
      expect(pointer !== null).toBe(admin);
      if (admin) expect(pointer!.getAttribute("href")).toBe("/admin");
      unmount();
    }
  });
});

const RELAY = {
  id: 1,
  tenant: "b".repeat(64),
  status: "inactive",
  url: "wss://demo.example",
  description: null,
  sync: { synced_at: null, last_error: null },
  hold: null,
  account_hold: false,
} as unknown as Relay;

describe("Wording for the owner and for an admin", () => {
  test("the owner is asked to share the address; an admin reads that the owner shares it", () => {
    const { unmount } = render(() => <ConnectionCard relay={RELAY} />);
    expect(screen.getByText(/Share this address with your members/)).toBeTruthy();
    unmount();
    render(() => <ConnectionCard relay={RELAY} owner={false} />);
    expect(screen.getByText(/The owner shares this address with their members/)).toBeTruthy();
    expect(screen.queryByText(/your members/)).toBeNull();
  });

  test("a deactivated or pending relay: 'you' and 'your' only for the owner", () => {
    const { unmount } = render(() => (
      <StatusBanner relay={RELAY} invoice={null} onPay={() => {}} owner={false} admin />
    ));
    expect(screen.getByRole("status").textContent).toContain("it can be reactivated");
    expect(screen.getByRole("status").textContent).not.toContain("you");
    unmount();
    const pending = { ...RELAY, status: "pending" } as Relay;
    const { unmount: u2 } = render(() => (
      <StatusBanner relay={pending} invoice={null} onPay={() => {}} owner={false} />
    ));
    expect(screen.getByText("Setting up this relay…")).toBeTruthy();
    u2();
    render(() => <StatusBanner relay={pending} invoice={null} onPay={() => {}} />);
    expect(screen.getByText("Setting up your relay…")).toBeTruthy();
  });
});
