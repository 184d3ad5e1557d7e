// Members are live (issue 25): a join and a leave, made with a real Nostr client, reach the open relay page (the
// owner's and an admin's) within a few seconds, without a reload; a free relay filled to its 10 members turns the next
// join away and the page shows the full count beside the refusal, never a count above the allowance. The old page
// learnt of joins from the live stream's 20 s member count, so every wait here is shorter than that.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, api, apiSession, eventually, loginWithNsec, newKey } from "../harness.mjs";
import * as nostr from "../nostr-client.mjs";

/** How soon a change on the relay must show on an open page: well under the old 20 s count. */
const LIVE_MS = 6_000;
const T = { timeout: 120_000 };

/** A person's own Nostr app: connects, authenticates, asks to join with the invite claim (NIP-43); returns the answer. */
async function join(url, key, claim) {
  return await asMember(url, key, (c) => nostr.publish(c, key.sk, 28934, [["claim", claim]]));
}

/** The same app asking to leave the relay (NIP-43). */
async function leave(url, key) {
  return await asMember(url, key, (c) => nostr.publish(c, key.sk, 28936, []));
}

async function asMember(url, key, act) {
  const c = await nostr.connect(url);
  try {
    await nostr.authenticate(c, key.sk);
    return await act(c);
  } finally {
    c.close();
  }
}

/** Records every text the members card's count line shows, as the page draws it (a count above the cap included). */
async function recordCounts(page) {
  await page.evaluate(() => {
    const seen = [];
    window.__memberCounts = seen;
    const read = () => {
      const t = document.querySelector('[data-testid="member-count"]')?.textContent?.trim();
      if (t && seen[seen.length - 1] !== t) seen.push(t);
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** Resolves once the relay page's live stream (GET /live) has answered: from then on the page hears changes. */
function liveStreamOpened(page, relayId) {
  return page.waitForResponse(
    (r) => new URL(r.url()).pathname.endsWith("/live") && r.ok() && r.frame().url().includes(relayId),
    { timeout: 30_000 },
  );
}

/** Waits until `what` holds on the page, failing if that takes longer than LIVE_MS after `since`. */
async function live(page, what, since, check, arg = null) {
  await page
    .waitForFunction(check, arg, { timeout: Math.max(1, since + LIVE_MS - Date.now()), polling: 100 })
    .catch(async (e) => {
      const now = await page.evaluate(() => ({
        count: document.querySelector('[data-testid="member-count"]')?.textContent?.trim(),
        refusals: document.querySelector('[data-testid="cap-refusals"]')?.textContent?.trim() ?? null,
      }));
      throw new Error(`${what}: not on the page ${LIVE_MS} ms after the change (now ${JSON.stringify(now)}): ${e}`);
    });
  return Date.now() - since;
}

/** In the page (the app's CSP allows no eval, so a function with an argument): the members card counts `n` of 10. */
const countIs = (n) =>
  document
    .querySelector('[data-testid="member-count"]')
    ?.textContent?.includes(`${n} member${n === 1 ? "" : "s"} of 10`);

export default function (suite) {
  describe("members are live", () => {
    test("a join, a refusal at the cap and a leave reach the open relay page without a reload", T, async () => {
      await suite.setup();
      const { base, admin } = suite.env;
      const run = Math.random().toString(36).slice(2, 6);
      const owner = newKey();
      const { token } = await apiSession(base, owner.sk);
      const created = await api(base, token, "POST", "/relays", {
        name: `Live members ${run}`,
        subdomain: `live-members-${run}`,
        plan: "free",
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.relay.id;
      const relay = await eventually("the relay active", async () => {
        const r = await api(base, token, "GET", `/relays/${id}`);
        return r.body.status === "active" && r.body.sync.state === "synced" ? r.body : { ok: false };
      });
      const claim = (await api(base, token, "GET", `/relays/${id}/invite`)).body.claim;
      assert.ok(claim, "an invite claim");

      // the owner's page and an admin's view of the same relay, both on the Members section and open before anyone
      // joins; and the owner's overview, where the activity is, open in a tab of its own
      const mine = await suite.openPage(DESKTOP);
      await loginWithNsec(mine.page, base, owner.nsec);
      const mineLive = liveStreamOpened(mine.page, id);
      await mine.page.goto(`${base}/relays/${id}/members`);
      const theirs = await suite.openPage(DESKTOP);
      await loginWithNsec(theirs.page, base, admin.nsec);
      const theirsLive = liveStreamOpened(theirs.page, id);
      await theirs.page.goto(`${base}/admin/relays/${id}/members`);
      const overview = await suite.openPage(DESKTOP);
      await loginWithNsec(overview.page, base, owner.nsec);
      const overviewLive = liveStreamOpened(overview.page, id);
      await overview.page.goto(`${base}/relays/${id}`);
      await overview.page.getByTestId("activity").waitFor();
      for (const p of [mine.page, theirs.page]) {
        await p.getByTestId("member-count").filter({ hasText: "0 members of 10" }).waitFor();
        await recordCounts(p);
      }
      // the pages' live streams are open (the old stream counted at once, then every 20 s)
      await Promise.all([mineLive, theirsLive, overviewLive]);

      // someone joins with the invite in their own Nostr app: both pages count them, nobody reloads. Each wait counts
      // from the moment the change is made (the relay's OK, the last API answer): on a loaded machine the changes
      // themselves (nine API calls, a client's connection and AUTH) can take seconds of their own
      const alice = newKey();
      const joined = await join(relay.url, alice, claim);
      assert.equal(joined.ok, true, joined.message);
      let since = Date.now();
      await live(mine.page, "the owner's page counts the join", since, countIs, 1);
      await live(theirs.page, "the admin's page counts the join", since, countIs, 1);
      await theirs.page.getByTestId("member-count").filter({ hasText: "besides the owner" }).waitFor();

      // nine more (added by the owner): the relay is full
      for (let i = 0; i < 9; i++) {
        const r = await api(base, token, "POST", `/relays/${id}/members`, { pubkey: newKey().pubkey });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      since = Date.now();
      await live(mine.page, "the owner's page shows the relay full", since, countIs, 10);

      // an 11th joins with the invite: the relay admits them and Caravel reverses it; the page shows the full count,
      // the refusal in the members card, and in the activity on the overview, without a reload
      const extra = await join(relay.url, newKey(), claim);
      assert.equal(extra.ok, true, extra.message);
      since = Date.now();
      for (const [p, who] of [
        [mine.page, "owner"],
        [theirs.page, "admin"],
      ])
        await live(p, `the ${who}'s page shows the refusal beside the full count`, since, () => {
          const count = document.querySelector('[data-testid="member-count"]')?.textContent ?? "";
          const refusals = document.querySelector('[data-testid="cap-refusals"]')?.textContent ?? "";
          return count.includes("10 members of 10") && refusals.includes("allows 10");
        });
      await live(overview.page, "the owner's overview shows the refusal in the activity", since, () => {
        const activity = document.querySelector('[data-testid="activity"]')?.textContent ?? "";
        return /reversed|refused|turned away/i.test(activity);
      });
      await mine.snap("desktop-members-live-refused", { fullPage: true });

      // someone leaves in their app: room again, on both pages
      const left = await leave(relay.url, alice);
      assert.equal(left.ok, true, left.message);
      since = Date.now();
      await live(mine.page, "the owner's page counts the leave", since, countIs, 9);
      await live(theirs.page, "the admin's page counts the leave", since, countIs, 9);

      // no count above the allowance was ever drawn, on either page
      for (const p of [mine.page, theirs.page]) {
        const drawn = await p.evaluate(() => window.__memberCounts);
        assert.ok(
          drawn.every((t) => !/\b(1[1-9]|[2-9]\d) members of 10\b/.test(t)),
          `a count above the allowance was shown: ${JSON.stringify(drawn)}`,
        );
        assert.ok(
          drawn.some((t) => t.includes("10 members of 10")),
          JSON.stringify(drawn),
        );
      }
      await mine.done();
      await theirs.done();
      await overview.done();
    });
  });
}
