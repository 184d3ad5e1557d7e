// Offline and back, the same on every page: a load that cannot reach Caravel says so in place ("Can't reach Caravel",
// not "Something went wrong") and loads again by itself when Caravel answers; a page that throws keeps the frame
// around it; statuses already on screen are marked as the last known ones; one banner says the app is offline.
// The API client goes through the app's tracked fetch over a fake backend that can be taken down.
import { afterEach, beforeEach, describe, expect, spyOn, test } from "bun:test";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { createResource, type JSX } from "solid-js";
import { api, configureApi } from "../src/lib/api";
import { network } from "../src/lib/network";
import type { Relay } from "../src/lib/types";
import { Async, ErrorState } from "../src/components/states";
import { AppShell, OfflineBanner, PageBoundary } from "../src/components/layout";
import Relays from "../src/pages/Relays";
import AdminShell from "../src/pages/admin/AdminShell";
import Account from "../src/pages/Account";
import { clearSession, setSession } from "../src/lib/session";
import { InvoiceStatusBadge, RelayStatusBadge, SyncBadge, TenantStatusBadge } from "../src/components/badges";
import { ConnectionCard } from "../src/components/relay/ConnectionCard";

let down = false;
const asked: string[] = [];

beforeEach(() => {
  down = false;
  asked.length = 0;
  configureApi({
    baseUrl: "http://caravel.test",
    token: () => null,
    fetch: network.track(async (input) => {
      const path = new URL(String(input)).pathname;
      asked.push(path);
      if (down) throw new TypeError("Failed to fetch");
      if (path.endsWith("/health")) return Response.json({ reachable: true, latency_ms: 7, error: null });
      if (path === "/relays/r1") return Response.json({ id: "r1", name: "Town square" });
      if (path.endsWith("/relays"))
        return Response.json({ items: [], total: 0, page: 1, per_page: 20, total_exact: true, next_cursor: null });
      if (path === "/reports/open") return Response.json({ counts: {} });
      if (path === "/plans") return Response.json({ items: [] });
      if (path === "/identity") return Response.json({ pubkey: "a".repeat(64), is_admin: true });
      if (path === "/live") return new Promise<Response>(() => {});
      return Response.json({ status: "ok" });
    }),
  });
});

afterEach(async () => {
  cleanup();
  clearSession();
  // leave the shared monitor online for the next file
  down = false;
  network.answered();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

/** Takes the fake backend down and lets a request find out, as the app's first failing call would. */
async function goOffline() {
  down = true;
  await api.health().catch(() => {});
  expect(network.online()).toBe(false);
}

/** Brings it back; the monitor's probe (/healthz, after its first 1 s wait) notices. */
function comeBack() {
  down = false;
}

/** A session on this device for the key a…a, an admin's or not. */
function signIn(admin: boolean) {
  setSession({
    token: "t",
    pubkey: "a".repeat(64),
    is_admin: admin,
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    signer: "local",
  });
}

/** Renders `page` on every path, as the app's router would. */
function inRouter(page: () => JSX.Element) {
  render(() => (
    <Router>
      <Route path="*" component={page} />
    </Router>
  ));
}

const RELAY = {
  id: "r1",
  url: "wss://town.example",
  description: "",
  sync: { state: "synced", last_error: null, attempts: 0, synced_at: 1, retry: null },
} as unknown as Relay;

describe("a load that cannot reach Caravel", () => {
  test("says so in place and loads again by itself, with no click, when Caravel answers", async () => {
    await goOffline();
    function Page() {
      const [relay, { refetch }] = createResource(() => api.relay("r1"));
      return (
        <Async resource={relay} refetch={refetch}>
          {(r) => <h1>{(r() as { name: string }).name}</h1>}
        </Async>
      );
    }
    render(() => <Page />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Can't reach Caravel");
    expect(alert.textContent).not.toContain("Something went wrong");
    expect(alert.textContent).toContain("loads again by itself");
    comeBack();
    // the probe's first try is 1 s after going offline; the page then reloads on its own
    expect((await screen.findByRole("heading", {}, { timeout: 4000 })).textContent).toBe("Town square");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("other errors keep their own words and wait for a click", async () => {
    let retries = 0;
    render(() => <ErrorState error={new Error("The relay refused it.")} retry={() => retries++} title="Nope" />);
    expect(screen.getByRole("alert").textContent).toContain("The relay refused it.");
    await goOffline();
    comeBack();
    await waitFor(() => expect(network.online()).toBe(true), { timeout: 4000 });
    expect(retries).toBe(0);
  });
});

describe("the relay list opened while Caravel cannot be reached", () => {
  test("keeps the navigation, says so in place, and shows the list by itself when Caravel answers", async () => {
    signIn(false);
    await goOffline();
    // before, reading the failed list in the live-state effect threw past the page to the app's root boundary
    inRouter(() => (
      <AppShell>
        <Relays />
      </AppShell>
    ));
    expect((await screen.findByRole("alert")).textContent).toContain("Can't reach Caravel");
    expect(screen.getByRole("navigation", { name: "Main" }).textContent).toContain("Account");
    // the page itself stays (its heading, filters and Add relay), with the error where the list goes
    expect(screen.getByText("Your community relays.")).toBeTruthy();
    expect(screen.getByTestId("add-relay")).toBeTruthy();
    comeBack();
    expect(await screen.findByText("No relays yet", {}, { timeout: 4000 })).toBeTruthy();
    expect(screen.queryByRole("alert") === null).toBe(true);
  });
});

describe("the account page opened while Caravel cannot be reached", () => {
  test("keeps its heading and the navigation, with the error in place", async () => {
    signIn(false);
    await goOffline();
    // before, reading the failed billing summary in an effect threw, and the frame's boundary replaced the page
    inRouter(() => (
      <AppShell>
        <Account />
      </AppShell>
    ));
    const alerts = await screen.findAllByRole("alert");
    expect(alerts.map((a) => a.textContent).join(" ")).toContain("Couldn't load your account");
    for (const a of alerts) expect(a.textContent).toContain("Can't reach Caravel");
    expect(screen.getByText("Your account, billing and invoices.")).toBeTruthy();
    expect(screen.getByRole("navigation", { name: "Main" }).textContent).toContain("Account");
  });
});

describe("the admin area opened while Caravel cannot be reached", () => {
  test("an admin key keeps the admin navigation with the access check's error in place, and gets in by itself", async () => {
    signIn(true);
    await goOffline();
    // before, the failed access check replaced the whole area (no navigation) with its error
    inRouter(() => (
      <AdminShell>
        <h1>Admin overview</h1>
      </AdminShell>
    ));
    expect((await screen.findByRole("alert")).textContent).toContain("Can't reach Caravel");
    expect(screen.getByRole("link", { name: "Tenants" })).toBeTruthy();
    expect(screen.queryByText("Admin overview")).toBeNull();
    comeBack();
    expect(await screen.findByText("Admin overview", {}, { timeout: 4000 })).toBeTruthy();
    expect(screen.queryByRole("alert") === null).toBe(true);
  });
});

describe("a page that throws", () => {
  test("is replaced by the error inside the frame; a page whose code could not be downloaded comes back by itself", async () => {
    let attempts = 0;
    function Flaky() {
      attempts++;
      if (attempts === 1) throw new TypeError("Failed to fetch dynamically imported module: /assets/Account.js");
      return <p>Account page</p>;
    }
    render(() => (
      <Router>
        <Route
          path="*"
          component={() => (
            <div>
              <nav aria-label="Main">Relays · Account</nav>
              <PageBoundary>
                <Flaky />
              </PageBoundary>
            </div>
          )}
        />
      </Router>
    ));
    expect((await screen.findByRole("alert")).textContent).toContain("Can't reach Caravel");
    expect(screen.getByRole("navigation", { name: "Main" })).toBeTruthy();
    // nothing had marked the app offline: the error itself starts the probe, which finds Caravel there
    expect(await screen.findByText("Account page", {}, { timeout: 4000 })).toBeTruthy();
    expect(attempts).toBe(2);
  });

  test("a page's code that fails to download again after a retry: the app is loaded afresh", async () => {
    const reload = spyOn(window.location, "reload").mockImplementation(() => {});
    try {
      function Gone(): never {
        throw new TypeError("Failed to fetch dynamically imported module: /assets/Account-old.js");
      }
      render(() => (
        <Router>
          <Route
            path="*"
            component={() => (
              <PageBoundary>
                <Gone />
              </PageBoundary>
            )}
          />
        </Router>
      ));
      expect((await screen.findByRole("alert")).textContent).toContain("Can't reach Caravel");
      // the first retry renders the page again; it fails the same way, and the next one reloads
      await waitFor(() => expect(reload).toHaveBeenCalledTimes(1), { timeout: 6000 });
    } finally {
      reload.mockRestore();
    }
  });
});

describe("statuses while offline", () => {
  test("status badges are marked as the last known ones, and current again when back", async () => {
    render(() => (
      <>
        <RelayStatusBadge status="active" />
        <TenantStatusBadge status="active" />
        <InvoiceStatusBadge status="pending" />
        <SyncBadge state="synced" />
      </>
    ));
    const shown = () =>
      ["relay-status", "tenant-status", "invoice-status", "sync-state"].map((id) => screen.getByTestId(id).textContent);
    expect(shown()).toEqual(["Active", "Active", "Unpaid", "Synced"]);
    await goOffline();
    expect(shown()).toEqual([
      "Active (last known)",
      "Active (last known)",
      "Unpaid (last known)",
      "Synced (last known)",
    ]);
    comeBack();
    await waitFor(() => expect(shown()).toEqual(["Active", "Active", "Unpaid", "Synced"]), { timeout: 4000 });
  });

  test("the relay page claims no reachability while offline and checks again by itself when back", async () => {
    render(() => <ConnectionCard relay={RELAY} />);
    const health = () => screen.getByTestId("relay-health").textContent ?? "";
    await waitFor(() => expect(health()).toContain("Reachable (7 ms)"));
    await goOffline();
    expect(health()).toContain("unknown while offline");
    expect(health()).not.toContain("Reachable");
    const checks = asked.filter((p) => p.endsWith("/health")).length;
    comeBack();
    await waitFor(() => expect(health()).toContain("Reachable (7 ms)"), { timeout: 4000 });
    expect(asked.filter((p) => p.endsWith("/health")).length).toBe(checks + 1);
  });
});

test("one banner while offline, gone when Caravel answers", async () => {
  render(() => <OfflineBanner />);
  expect(screen.queryByTestId("offline-banner")).toBeNull();
  await goOffline();
  expect(screen.getByTestId("offline-banner").textContent).toContain("Offline — retrying");
  comeBack();
  // (a boolean: a failed expectation on the element itself would print the whole DOM at each try)
  await waitFor(() => expect(screen.queryByTestId("offline-banner") === null).toBe(true), { timeout: 4000 });
});
