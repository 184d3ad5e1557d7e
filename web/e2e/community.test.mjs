// End-to-end tests of the community tools in Debian's Chromium (playwright-core) against the full local stack:
// the owner works in the browser (Members, Invite, Moderation), while members use a nostr-tools client of their
// own (e2e/nostr-client.mjs) to join with the invite, post and report — at desktop and phone width.
//   cd web && bun run e2e:community      (needs backend/target/caravel.jar and /usr/bin/chromium)
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DESKTOP,
  PHONE,
  api,
  apiSession,
  browserSuite,
  eventually,
  loginWithNsec,
  newKey,
  openSection,
  stopAll,
} from "./harness.mjs";
import * as nostr from "./nostr-client.mjs";

const suite = browserSuite();
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const T = { timeout: 180_000 };

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

/** A free relay of a new owner, created over the API and active; the owner is logged in on `page`. */
async function ownerWithRelay(page, label) {
  const owner = newKey();
  const { token } = await apiSession(suite.env.base, owner.sk);
  const created = await api(suite.env.base, token, "POST", "/relays", {
    name: `Community ${label} ${RUN}`,
    subdomain: `community-${label}-${RUN}`,
    plan: "free",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(suite.env.base, token, "GET", `/relays/${created.body.relay.id}`);
    return r.body.status === "active" && r.body.sync.state === "synced" ? r.body : { ok: false };
  });
  await loginWithNsec(page, suite.env.base, owner.nsec);
  return { owner, token, relay };
}

/** A person with a Nostr app of their own: connects, authenticates, joins with the claim. */
async function joinAs(url, key, claim) {
  const c = await nostr.connect(url);
  await nostr.authenticate(c, key.sk);
  const joined = await nostr.publish(c, key.sk, 28934, [["claim", claim]]);
  assert.equal(joined.ok, true, joined.message);
  return c;
}

async function confirmDialog(page, button) {
  const dialog = page.getByRole("alertdialog");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: button }).click();
  await dialog.waitFor({ state: "hidden" });
}

for (const [label, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
]) {
  describe(`community tools (${label})`, () => {
    test(`add a member, invite QR, reports queue, ban with confirm (${label})`, T, async () => {
      const { page, snap, done } = await openPage(viewport);
      const { relay } = await ownerWithRelay(page, label);
      // the Members section at its own address, as a link to it opens it
      await page.goto(`${suite.env.base}/relays/${relay.id}/members`);

      // Invite card: the claim Caravel got from the relay, its link and QR code
      const code = (await page.getByTestId("invite-code").textContent()).trim();
      assert.match(code, /^[0-9A-Z]{8}$/);
      const link = (await page.getByTestId("invite-url").textContent()).trim();
      assert.ok(link.includes(`r=${encodeURIComponent(relay.url)}`) && link.endsWith(`c=${code}`), link);
      await page.getByTestId("invite-permanent").waitFor(); // the archived line cannot revoke codes
      await page.getByTestId("show-qr").click();
      const qr = page.getByTestId("invite-qr");
      await qr.waitFor();
      assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code image renders");
      await snap(`${label}-community-invite`, { fullPage: true });

      // Members card: add someone by npub
      const added = newKey();
      await page.locator("#add-member").fill(added.npub);
      await page.getByTestId("add-member").click();
      await page
        .getByTestId("member-row")
        .filter({ hasText: added.npub.slice(0, 12) })
        .waitFor();
      await page.getByTestId("member-count").filter({ hasText: "1 member of 10 on the Free plan" }).waitFor();
      // readable on a phone too: the row's actions wrap under the person, so the short npub shows whole (not "npu…")
      const addedName = page
        .getByTestId("member-row")
        .filter({ hasText: added.npub.slice(0, 12) })
        .getByTestId("member-person")
        .locator("span[title]");
      assert.equal((await addedName.textContent()).trim(), `${added.npub.slice(0, 12)}…${added.npub.slice(-6)}`);
      assert.ok(
        await addedName.evaluate((el) => el.scrollWidth <= el.clientWidth),
        `the member's short npub is shown whole at ${viewport.width} px`,
      );

      // two people join with the invite in their own app; one posts twice, the other reports both posts
      const alice = newKey(),
        bob = newKey();
      const a = await joinAs(relay.url, alice, code),
        b = await joinAs(relay.url, bob, code);
      try {
        const spam = await nostr.publish(a, alice.sk, 1, [], "cheap pills here");
        const other = await nostr.publish(a, alice.sk, 1, [], "more pills");
        const harmless = await nostr.publish(b, bob.sk, 1, [], "a harmless note");
        for (const [ev, why] of [
          [spam, "spam"],
          [other, "other"],
          [harmless, "nudity"],
        ]) {
          const r = await nostr.publish(
            b,
            bob.sk,
            1984,
            [
              ["e", ev.event.id, why],
              ["p", alice.pubkey],
            ],
            `report: ${why}`,
          );
          assert.equal(r.ok, true, r.message);
        }

        // Moderation → Reports: both, each with the reported post in context
        await openSection(page, "moderation");
        await page.getByTestId("moderation-heading").waitFor();
        await page.getByTestId("report").filter({ hasText: "cheap pills here" }).waitFor();
        await eventually("three reports listed", async () => ({
          ok: (await page.getByTestId("report").count()) === 3,
        }));
        await snap(`${label}-community-reports`, { fullPage: true });

        // dismiss the report about a harmless note: it leaves the queue, the note stays
        await page.getByTestId("report").filter({ hasText: "a harmless note" }).getByTestId("report-dismiss").click();
        await eventually("the dismissed report gone", async () => ({
          ok: (await page.getByTestId("report").count()) === 2,
        }));
        assert.equal((await nostr.query(a, [{ ids: [harmless.event.id] }])).events.length, 1);

        // delete the first reported post (asks first); the report leaves the queue and the post the relay
        await page.getByTestId("report").filter({ hasText: "cheap pills here" }).getByTestId("report-delete").click();
        await confirmDialog(page, "Delete event");
        await eventually("the first report closed", async () => ({
          ok: (await page.getByTestId("report").count()) === 1,
        }));
        assert.deepEqual((await nostr.query(b, [{ ids: [spam.event.id] }])).events, []);

        // ban the author from the remaining report, confirming that her posts are deleted
        await page.getByTestId("report").getByTestId("report-ban").click();
        await page.getByRole("alertdialog").getByText("Everything the author wrote on this relay is deleted").waitFor();
        await snap(`${label}-community-ban-confirm`);
        await confirmDialog(page, "Ban and delete their posts");
        await page.getByText("No open reports").waitFor();
        assert.deepEqual((await nostr.query(b, [{ authors: [alice.pubkey] }])).events, []);

        // Bans tab lists her; Content tab shows bob's reports but none of her posts
        await page.getByRole("tab", { name: "Bans" }).click();
        // the tab is in the address, so a link (or a reload) opens it
        await page.waitForURL(/\/moderation\?tab=bans$/);
        await page
          .getByTestId("ban-row")
          .filter({ hasText: alice.npub.slice(0, 12) })
          .waitFor();
        await page.getByRole("tab", { name: "Content" }).click();
        await page.getByTestId("content-event").first().waitFor();
        // sonner's toast list sits outside a phone's viewport while a toast slides out: let them go first
        await page.waitForFunction(() => !document.querySelector("[data-sonner-toast]"), null, { timeout: 15_000 });
        await snap(`${label}-community-content`, { fullPage: true });

        // back in the Members section: carol asked (by e-mail) to be erased; the owner erases her from the Members
        // card, typing her npub to confirm, and her posts are gone from the relay as a Nostr client reads it
        await openSection(page, "members");
        const carol = newKey();
        const c = await joinAs(relay.url, carol, code);
        try {
          const note = await nostr.publish(c, carol.sk, 1, [], "please forget me");
          assert.equal(note.ok, true, note.message);
          const carolRow = page.getByTestId("member-row").filter({ hasText: carol.npub.slice(0, 12) });
          await carolRow.waitFor();
          await carolRow.getByTestId("erase-member").click();
          await page.getByRole("alertdialog").getByText("removed for good").waitFor();
          await page.getByTestId("erase-confirm").fill(carol.npub);
          await confirmDialog(page, "Erase for good");
          await eventually("carol's posts gone from the relay", async () => ({
            ok: (await nostr.query(b, [{ authors: [carol.pubkey] }])).events.length === 0,
          }));
          await carolRow.waitFor({ state: "detached" });
        } finally {
          c.close();
        }

        // ban bob from the Members card, with the confirmation saying what it deletes
        const bobRow = page.getByTestId("member-row").filter({ hasText: bob.npub.slice(0, 12) });
        await bobRow.getByTestId("ban-member").click();
        await page.getByRole("alertdialog").getByText("Everything they wrote on this relay is deleted").waitFor();
        await confirmDialog(page, "Ban and delete their posts");
        await bobRow.waitFor({ state: "detached" });
      } finally {
        a.close();
        b.close();
      }
      await done();
    });
  });
}
