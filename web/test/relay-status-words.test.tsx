// The words a relay's state is shown with: a setup Caravel is retrying reads "Setting up — retrying" with its attempt
// and the time of the next one, "Could not be set up" only once no attempt follows, and a relay whose server did not
// answer its health check reads "Cannot be reached now" rather than "Active" and "Synced".
import { afterEach, describe, expect, test } from "bun:test";
import { Route, Router } from "@solidjs/router";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { RelayStatusBadge, SyncBadge } from "../src/components/badges";
import { RelayRows } from "../src/components/RelayList";
import { StatusBanner } from "../src/components/relay/StatusBanner";
import { configureApi } from "../src/lib/api";
import { followReach, noteRelayReachable, recheckAfterMiss, relayReachable } from "../src/lib/relay-reach";
import { relayStatusWords, syncWords } from "../src/lib/relay-words";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  noteRelayReachable("r1", undefined);
  noteRelayReachable("r2", undefined);
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const NOW = 1_700_000_000_000;
const nowS = () => Math.floor(Date.now() / 1000);

function relay(over: Partial<Relay> = {}): Relay {
  return {
    id: "r1",
    deletion: null,
    tenant: "t",
    name: "R",
    subdomain: "r",
    schema: "r",
    host: "r.x",
    url: "wss://r.x",
    public_url: "wss://r.x",
    custom_domain: null,
    icon: "",
    description: "",
    plan: "free",
    pending_plan: null,
    status: "active",
    hold: null,
    account_hold: false,
    node: null,
    awaiting_payment_invoice: null,
    upgrade_plan: null,
    upgrade_invoice: null,
    actions: null,
    settings: {} as Relay["settings"],
    settings_locked: {},
    sync: { state: "synced", last_error: null, attempts: 0, synced_at: 1, retry: null },
    created_at: 1,
    updated_at: 1,
    ...over,
  };
}

const retryingSetup = (nextAt: number) =>
  relay({
    status: "provisioning_failed",
    sync: {
      state: "failed",
      last_error: "the relay servers could not be reached; Caravel keeps retrying automatically",
      attempts: 2,
      synced_at: null,
      retry: { attempt: 3, max_attempts: 12, next_attempt_at: nextAt },
    },
  });

const failedSetup = () =>
  relay({
    status: "provisioning_failed",
    sync: {
      state: "failed",
      last_error: "the relay server refused the config",
      attempts: 1,
      synced_at: null,
      retry: null,
    },
  });

describe("relayStatusWords", () => {
  test("a setup being retried says so, with the attempt and when the next one comes", () => {
    const w = relayStatusWords(retryingSetup(NOW / 1000 + 40), { nowMs: NOW });
    expect(w.label).toBe("Setting up — retrying");
    expect(w.detail).toBe("attempt 3 of 12, next in 40 s");
    expect(w.tone).toBe("warning");
  });

  test("an attempt running now, and a retry minutes away", () => {
    const running = retryingSetup(0);
    running.sync.retry!.next_attempt_at = null;
    expect(relayStatusWords(running, { nowMs: NOW }).detail).toBe("attempt 3 of 12, running now");
    expect(relayStatusWords(retryingSetup(NOW / 1000 + 300), { nowMs: NOW }).detail).toBe(
      "attempt 3 of 12, next in 5 min",
    );
  });

  test("only a failure no attempt follows reads as final", () => {
    const w = relayStatusWords(failedSetup(), { nowMs: NOW });
    expect(w.label).toBe("Could not be set up");
    expect(w.tone).toBe("destructive");
  });

  test("an active relay whose server did not answer cannot be reached now; otherwise it is active", () => {
    expect(relayStatusWords(relay(), { reachable: false }).label).toBe("Cannot be reached now");
    expect(relayStatusWords(relay(), { reachable: true }).label).toBe("Active");
    expect(relayStatusWords(relay(), {}).label).toBe("Active");
  });

  test("the sync: retrying with its attempt, failed when final, not reachable now over synced", () => {
    expect(syncWords(retryingSetup(NOW / 1000 + 10).sync, { nowMs: NOW })).toEqual({
      label: "Retrying",
      tone: "warning",
      detail: "attempt 3 of 12, next in 10 s",
    });
    expect(syncWords(failedSetup().sync).label).toBe("Sync failed");
    expect(syncWords(relay().sync, { reachable: false }).label).toBe("Cannot be reached now");
    expect(syncWords(relay().sync).label).toBe("Synced");
  });
});

describe("where the words appear", () => {
  test("the relay page's badge and banner say it is being retried, not that it failed", () => {
    const r = retryingSetup(nowS() + 40);
    render(() => (
      <>
        <RelayStatusBadge status={r.status} relay={r} detailed />
        <StatusBanner relay={r} invoice={null} onPay={() => {}} />
        <SyncBadge state={r.sync.state} sync={r.sync} />
      </>
    ));
    expect(screen.getByTestId("relay-status").textContent).toMatch(
      /^Setting up — retrying \(attempt 3 of 12, next in (39|40) s\)$/,
    );
    expect(screen.getByTestId("setup-retrying").textContent).toContain("Caravel tries again by itself");
    expect(screen.queryByTestId("setup-failed")).toBeNull();
    expect(screen.getByTestId("sync-state").textContent).toMatch(/^Retrying \(attempt 3 of 12/);
  });

  test("a list's badge names the state, its title the attempt", () => {
    const r = retryingSetup(nowS() + 40);
    render(() => <RelayStatusBadge status={r.status} relay={r} />);
    expect(screen.getByTestId("relay-status").textContent).toBe("Setting up — retrying");
    expect(screen.getByTestId("relay-status").getAttribute("title")).toMatch(/^attempt 3 of 12, next in/);
  });

  test("a final failure reads as final, with what is left to do", () => {
    const r = failedSetup();
    render(() => (
      <>
        <RelayStatusBadge status={r.status} relay={r} />
        <StatusBanner relay={r} invoice={null} onPay={() => {}} admin />
      </>
    ));
    expect(screen.getByTestId("relay-status").textContent).toBe("Could not be set up");
    expect(screen.getByTestId("setup-failed").textContent).toContain("Could not be set up");
    expect(screen.getByTestId("setup-failed").textContent).toContain("retry provisioning");
  });

  /**
   * A health endpoint counting the checks it gets; `answers(n)` says whether the relay answers the n-th health check
   * (from 1). Nothing else answers (a list's plan badges ask for /plans: a failure is not kept by the page's cache).
   */
  function healthEndpoint(checked: string[], answers: (n: number) => boolean) {
    configureApi({
      baseUrl: "http://api.test",
      token: () => "tok",
      fetch: async (input) => {
        checked.push(String(input));
        if (!String(input).endsWith("/health")) return Response.json({ error: "not here" }, { status: 503 });
        const reachable = answers(checked.filter((u) => u.endsWith("/health")).length);
        return Response.json({
          reachable,
          status: reachable ? 200 : null,
          latency_ms: reachable ? 4 : null,
          name: null,
          error: reachable ? null : "connection refused",
          checked_at: 1,
        });
      },
    });
  }

  /** A health endpoint whose relays do not answer, counting the checks it gets. */
  function unreachable(checked: string[]) {
    healthEndpoint(checked, () => false);
  }

  test("the health check's answer turns 'Active, Synced' into 'Cannot be reached now' on the page", async () => {
    const checked: string[] = [];
    unreachable(checked);
    const r = relay();
    // the relay page follows its relay's health from its shell (every section), its connection card too
    function Follow() {
      followReach(() => r);
      followReach(() => r);
      return null;
    }
    render(() => (
      <>
        <Follow />
        <RelayStatusBadge status={r.status} relay={r} detailed />
        <StatusBanner relay={r} invoice={null} onPay={() => {}} />
        <SyncBadge state={r.sync.state} sync={r.sync} reachable={relayReachable(r.id)} />
      </>
    ));
    // one unanswered check is asked again before anything says so
    await waitFor(() => expect(checked.length).toBe(1));
    expect(screen.getByTestId("relay-status").textContent).toBe("Active");
    await waitFor(() => expect(screen.getByTestId("relay-status").textContent).toBe("Cannot be reached now"), {
      timeout: 5000,
    });
    expect(screen.getByTestId("relay-unreachable").textContent).toContain("Cannot be reached now");
    expect(screen.getByTestId("sync-state").textContent).toBe("Cannot be reached now");
    // two followers, one request each time
    expect(checked).toEqual(["http://api.test/relays/r1/health", "http://api.test/relays/r1/health"]);
    // nothing shows the relay any more: its answer goes, and says nothing about a later view
    cleanup();
    expect(relayReachable("r1")).toBeUndefined();
  });

  test("a relay list's badges say 'Cannot be reached now' during an outage, as the relay page does", async () => {
    const checked: string[] = [];
    unreachable(checked);
    const inactive = relay({ id: "r3", status: "inactive" });
    render(() => (
      <Router>
        <Route
          path="*"
          component={() => <RelayRows relays={[relay({ id: "r2" }), inactive]} href={(x) => `/relays/${x.id}`} />}
        />
      </Router>
    ));
    await waitFor(
      () =>
        expect(screen.getAllByTestId("relay-status").map((b) => b.textContent)).toEqual([
          "Cannot be reached now",
          "Inactive",
        ]),
      { timeout: 5000 },
    );
    // only a relay in service is checked (twice before it is said): the others' words already say why
    expect(checked.filter((u) => u.endsWith("/health"))).toEqual([
      "http://api.test/relays/r2/health",
      "http://api.test/relays/r2/health",
    ]);
  });

  test("a relay that did not answer at first is asked again within seconds, and is Active once it answers", async () => {
    const checked: string[] = [];
    const healthChecks = () => checked.filter((u) => u.endsWith("/health")).length;
    // a relay that has just turned active: its server does not answer the first two checks
    healthEndpoint(checked, (n) => n > 2);
    // an id no other test checked: a check made within the last seconds would be shared
    const r = relay({ id: "r5" });
    function Follow() {
      followReach(() => r);
      return null;
    }
    render(() => (
      <>
        <Follow />
        <RelayStatusBadge status={r.status} relay={r} />
      </>
    ));
    await waitFor(() => expect(screen.getByTestId("relay-status").textContent).toBe("Cannot be reached now"), {
      timeout: 5000,
    });
    // not for the regular minute: asked again a few seconds later, and Active as soon as it answers
    await waitFor(() => expect(screen.getByTestId("relay-status").textContent).toBe("Active"), { timeout: 5000 });
    expect(healthChecks()).toBe(3);
    cleanup();
    expect(relayReachable("r5")).toBeUndefined();
  }, 15_000);

  test("after a miss a relay is asked again in a few seconds twice, then twice as long each time, up to the minute", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(recheckAfterMiss)).toEqual([
      3000, 3000, 6000, 12000, 24000, 48000, 60000, 60000,
    ]);
  });

  test("a relay that answers stays Active", () => {
    noteRelayReachable("r1", true);
    const r = relay();
    render(() => <RelayStatusBadge status={r.status} relay={r} />);
    expect(screen.getByTestId("relay-status").textContent).toBe("Active");
  });
});
