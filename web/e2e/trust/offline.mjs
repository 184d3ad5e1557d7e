// Offline and reconnect (issue 25): with the backend down, every page keeps the navigation and says in place that
// Caravel cannot be reached (not "Something went wrong", not the whole app replaced), the relay page stops claiming
// "Reachable", one banner says the app is offline; with the backend back, every page recovers with no click.
// The walk runs its own backend on the shared stack, which it stops and starts again on the same port and database.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, PHONE, api, apiSession, eventually, newKey, startBackend } from "../harness.mjs";

const RUN = Math.random().toString(36).slice(2, 6);

/** Starts `page` logged in as the API session `s` (the app reads its session from localStorage). */
async function withSession(page, s) {
  await page.addInitScript((v) => {
    localStorage.setItem("caravel.session", v);
  }, JSON.stringify(s));
}

/** The page's visible text, or "" while it has none. */
const bodyText = (page) => page.evaluate(() => document.body.textContent ?? "").catch(() => "");

/** Waits until the page's text passes `ok`; the failure says what the page showed last. */
async function untilText(page, what, ok, timeoutMs = 20_000) {
  await eventually(
    `${what} (${new URL(page.url()).pathname})`,
    async () => {
      const text = await bodyText(page);
      return ok(text) ? true : { ok: false, text: text.slice(0, 400) };
    },
    timeoutMs,
  );
}

const TENANT_NAV = ["Relays", "Account"];
const ADMIN_NAV = ["Overview", "Money", "Tenants", "Relays", "Bans"];

/** What every page shows while the backend is down: the nav, the banner, no generic error. */
async function offlineFrame(page, where, links = TENANT_NAV) {
  const nav = page.getByRole("navigation", { name: "Main" });
  assert.ok(await nav.isVisible(), `${where}: the navigation stays`);
  for (const name of links)
    assert.ok(await nav.getByRole("link", { name, exact: true }).isVisible(), `${where}: ${name} in the nav`);
  assert.ok(await page.getByTestId("offline-banner").isVisible(), `${where}: the offline banner`);
  const text = await bodyText(page);
  assert.ok(!/something went wrong/i.test(text), `${where}: no "Something went wrong": ${text.slice(0, 300)}`);
}

/** The page's own load failed while offline: the message in place, under the nav. */
async function offlineInPlace(page, where, links = TENANT_NAV) {
  const error = page.getByRole("main").getByTestId("offline-error").first();
  await error.waitFor({ timeout: 15_000 });
  assert.match(await error.textContent(), /can't reach caravel/i, `${where}: says Caravel can't be reached`);
  await offlineFrame(page, where, links);
}

export default function (suite) {
  describe("offline and reconnect", () => {
    test("backend down: nav stays, each page says so in place, no stale Reachable; back up: all recover unclicked", {
      timeout: 240_000,
    }, async () => {
      await suite.setup();
      const { admin } = suite.env;
      const backend = await startBackend(suite.env.stack, {
        name: "backend-offline",
        admins: [admin.pubkey],
        stripeWebhook: false,
      });
      const { base } = backend;
      const user = newKey();
      const session = await apiSession(base, user.sk);
      const made = await api(base, session.token, "POST", "/relays", {
        name: `Offline ${RUN}`,
        subdomain: `offline-${RUN}`,
        plan: "free",
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id = made.body.relay.id;
      await eventually("the relay answering", async () => {
        const h = await api(base, session.token, "GET", `/relays/${id}/health`);
        return h.body?.reachable === true;
      });

      const adminSession = await apiSession(base, admin.sk);

      // a tab on each page while the backend is up: the tenant's three and the admin's relay list
      const tabs = {};
      for (const [name, path, as] of [
        ["list", "/relays", session],
        ["relay", `/relays/${id}`, session],
        ["account", "/account", session],
        ["admin", "/admin/relays", adminSession],
      ]) {
        const t = await suite.openPage(DESKTOP);
        await withSession(t.page, as);
        await t.page.goto(base + path);
        tabs[name] = t;
      }
      const list = tabs.list.page;
      const relay = tabs.relay.page;
      const account = tabs.account.page;
      const adminTab = tabs.admin.page;
      await list.getByTestId("relay-row").waitFor();
      await adminTab.getByTestId("relay-row").first().waitFor();
      await untilText(relay, "the relay reachable", (t) => /Reachable \(\d+ ms\)/.test(t));
      await account.getByTestId("tenant-status").waitFor();

      await backend.stop();

      // the pages following the live stream notice at once; the relay page claims nothing about now
      await untilText(
        relay,
        "no Reachable while offline",
        (t) => !/Reachable/.test(t) && /unknown while offline/.test(t),
      );
      await relay.getByTestId("offline-banner").waitFor({ timeout: 15_000 });
      assert.match(await relay.getByTestId("relay-status").first().textContent(), /last known/i);
      await list.getByTestId("offline-banner").waitFor({ timeout: 15_000 });
      assert.match(await list.getByTestId("relay-status").first().textContent(), /last known/i);
      await offlineFrame(relay, "relay page (loaded)");
      await offlineFrame(list, "relay list (loaded)");
      await tabs.relay.snap("trust-offline-relay-last-known");

      // each page loaded while offline: the message in place, the nav kept
      await list.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
      await offlineInPlace(list, "account, opened offline");
      await list.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Relays" }).click();
      await offlineInPlace(list, "relays, opened offline");

      await account.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Relays" }).click();
      await offlineInPlace(account, "relays, opened offline from the account");
      await account.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
      await offlineInPlace(account, "account, opened offline");

      const adminNav = adminTab.getByRole("navigation", { name: "Main" });
      await adminNav.getByRole("link", { name: "Tenants" }).click();
      await offlineInPlace(adminTab, "admin tenants, opened offline", ADMIN_NAV);
      await adminNav.getByRole("link", { name: "Relays" }).click();
      await offlineInPlace(adminTab, "admin relays, opened offline", ADMIN_NAV);

      await relay.getByRole("link", { name: "Relays" }).first().click();
      await offlineInPlace(relay, "relays, opened offline from the relay page");
      await relay.goBack();
      await offlineInPlace(relay, "relay page, opened offline");
      await tabs.relay.snap("trust-offline-relay-unreachable");
      // on a phone the message and the banner fit too (snap fails the tab on sideways scrolling)
      await account.setViewportSize(PHONE);
      await tabs.account.snap("trust-offline-account-phone");
      await account.setViewportSize(DESKTOP);

      await backend.start();

      // no clicks from here: every tab loads again by itself and the banner goes
      await Promise.all([
        list.getByTestId("relay-row").waitFor({ timeout: 30_000 }),
        untilText(relay, "the relay reachable again", (t) => /Reachable \(\d+ ms\)/.test(t), 30_000),
        account.getByTestId("tenant-status").waitFor({ timeout: 30_000 }),
        adminTab.getByTestId("relay-row").first().waitFor({ timeout: 30_000 }),
      ]);
      for (const [name, t] of Object.entries(tabs)) {
        await t.page.getByTestId("offline-banner").waitFor({ state: "detached", timeout: 15_000 });
        assert.equal(await t.page.getByTestId("offline-error").count(), 0, `${name}: no offline message left`);
        assert.ok(!/last known|unknown while offline/.test(await bodyText(t.page)), `${name}: statuses current`);
      }
      assert.equal(await relay.getByTestId("relay-name-heading").textContent(), `Offline ${RUN}`);
      assert.match(await relay.getByTestId("relay-status").first().textContent(), /^Active$/);
      assert.match(await account.getByTestId("tenant-status").textContent(), /^Active$/);
      for (const t of Object.values(tabs)) await t.done();
      await backend.stop();
    });
  });
}
