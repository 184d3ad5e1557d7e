// End-to-end test of deleting a relay (issue 45) in Debian's Chromium against the local stack and the backend on a
// clock the test moves (caravel.testing.ClockControlledMain; an undo window of 2 days, RELAY_UNDO_SECONDS, so the
// owner's session outlives the jump). The owner, allowed one free relay, deletes theirs from the Settings section by
// typing its subdomain, undoes it from the relay page, and deletes it again; the relay list shows it deleted with
// Undo. Its free place is free at once (a new free relay is accepted) while its subdomain stays reserved; once the
// window has passed on the backend's clock it is removed from the relay host and its subdomain is free for anyone.
//   cd web && node --test e2e/retire.test.mjs   (needs backend/target/caravel.jar, backend/target/test-classes and
//                                                /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { api, apiSession, browserSuite, DESKTOP, eventually, loginWithNsec, newKey, stopAll } from "./harness.mjs";

const WINDOW = 2 * 86_400;
const suite = browserSuite({
  navigationTimeout: 30_000,
  clockControl: true,
  name: "backend-retire",
  env: { RELAY_UNDO_SECONDS: String(WINDOW), QUOTA_FREE_RELAYS: "1" },
});
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const T = { timeout: 90_000 };

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

test(
  "an owner deletes a relay, undoes it, deletes it again; its place and then its subdomain are free",
  T,
  async () => {
    await suite.setup();
    const base = () => suite.env.base;
    const owner = newKey();
    const other = newKey();
    const subdomain = `bye-${RUN}`;
    const { token } = await apiSession(base(), owner.sk);
    const created = await api(base(), token, "POST", "/relays", { name: `Bye ${RUN}`, subdomain, plan: "free" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.relay.id;
    const relay = () => api(base(), token, "GET", `/relays/${id}`);
    await eventually("the relay to be active", async () => {
      const r = await relay();
      return r.body?.status === "active" ? r : { ok: false, status: r.body?.status };
    });
    // one free relay per account: a second is refused, and the message says what frees a place
    const full = await api(base(), token, "POST", "/relays", { name: "x", subdomain: `two-${RUN}`, plan: "free" });
    assert.equal(full.status, 403);
    assert.match(full.body.error, /delete one of them/);

    const { page } = await openPage(DESKTOP);
    await loginWithNsec(page, base(), owner.nsec);
    await page.goto(`${base()}/relays/${id}/settings`);
    const card = page.getByTestId("relay-delete");
    await card.waitFor();
    const button = card.getByTestId("delete-relay");
    // a wrong confirmation leaves the button disabled (and the API refuses it, naming the field)
    await card.getByTestId("delete-confirm").fill(`${subdomain}x`);
    assert.equal(await button.isDisabled(), true);
    const wrong = await api(base(), token, "POST", `/relays/${id}/delete`, { confirm: "nope" });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.field, "confirm");

    /** Deletes the relay from its Settings section, as the owner. */
    const deleteInPage = async () => {
      await page.goto(`${base()}/relays/${id}/settings`);
      await page.getByTestId("delete-confirm").fill(subdomain);
      await page.getByTestId("delete-relay").click();
      await page.getByTestId("relay-deleted").waitFor();
      assert.match(await page.getByTestId("relay-status").first().textContent(), /Deleted/);
    };

    await deleteInPage();
    const deleted = (await relay()).body;
    assert.equal(deleted.status, "inactive");
    assert.equal(deleted.deletion.undo_until, deleted.deletion.deleted_at + WINDOW);

    // --- undo from the relay page: back as it was, served again
    await page.getByTestId("undo-delete").click();
    await page.getByTestId("relay-deleted").waitFor({ state: "detached" });
    await eventually("the relay to be active again", async () => {
      const r = await relay();
      return r.body?.status === "active" && r.body.deletion === null ? r : { ok: false, body: r.body?.status };
    });

    // --- deleted again; the relay list shows it deleted, with Undo
    await deleteInPage();
    await page.goto(`${base()}/relays`);
    const row = page.getByTestId("relay-row").filter({ hasText: `Bye ${RUN}` });
    await row.getByTestId("relay-deleted").waitFor();
    await row.getByTestId("undo-delete").waitFor();

    // its free place is free at once; its subdomain stays reserved for the undo
    const second = await api(base(), token, "POST", "/relays", { name: "Two", subdomain: `two-${RUN}`, plan: "free" });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const { token: otherToken } = await apiSession(base(), other.sk);
    const taken = await api(base(), otherToken, "POST", "/relays", { name: "Mine", subdomain, plan: "free" });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, "subdomain_taken");

    // --- the window passes on the backend's clock: undo is refused, the relay is removed, its subdomain is free
    const clock = /** @type {NonNullable<typeof suite.env.clock>} */ (suite.env.clock);
    await clock.advance(WINDOW + 1);
    const late = await api(base(), token, "POST", `/relays/${id}/undelete`, undefined);
    assert.equal(late.status, 409);
    await eventually("the purge", async () => {
      const r = await relay();
      return r.body?.deletion?.purged_at ? r : { ok: false, deletion: r.body?.deletion };
    });
    const reused = await api(base(), otherToken, "POST", "/relays", { name: "Mine", subdomain, plan: "free" });
    assert.equal(reused.status, 201, JSON.stringify(reused.body));
    // gone from the owner's list
    const list = await api(base(), token, "GET", `/tenants/${owner.pubkey}/relays`);
    assert.ok(!list.body.items.some((r) => r.id === id), "a purged relay leaves its owner's list");
  },
);
