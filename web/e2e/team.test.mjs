// A relay run by a team (issue 44) end to end in Debian's Chromium against the local stack and a backend on a clock
// the test moves (caravel.testing.ClockControlledMain: a ban's shortest term is a minute, so the test moves the
// backend's clock past the hour the moderator picks rather than waiting for it). The owner blocks a word in the
// automatic rules and adds a moderator by npub in the Team section; the moderator signs in with their own key, finds
// the relay among the relays they help run, bans a spammer for an hour, sees a member's post with the blocked word
// gone from the relay within 5 s and in the moderation queue with an undo, restores it, and is refused the relay's
// settings and bills (page and API); the hour passes and the ban lifts itself; the owner offers the relay to the
// moderator, who accepts it and owns it from then on.
//   cd web && node e2e/run.mjs e2e/team.test.mjs   (needs backend/target/caravel.jar, backend/target/test-classes and
//                                                  /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import {
  DESKTOP,
  api,
  apiSession,
  browserSuite,
  chooseOption,
  eventually,
  loginWithNsec,
  newKey,
  stopAll,
  waitOrExplain,
} from "./harness.mjs";
import * as nostr from "./nostr-client.mjs";

const suite = browserSuite({ navigationTimeout: 30_000, clockControl: true, name: "backend-team" });
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const WORD = `spamword${RUN}`;

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

/** A kind-1 post to the relay from the person's own Nostr client (authenticated first): {ok, message, event}. */
async function post(url, key, content) {
  const c = await nostr.connect(url);
  try {
    await nostr.authenticate(c, key.sk).catch(() => {
      /* a relay may refuse the AUTH of a non-member; the post then says why */
    });
    return await nostr.publish(c, key.sk, 1, [], content);
  } finally {
    c.close();
  }
}

/** The same signed event sent again by its author's client: {ok, message}. */
async function resend(url, key, event) {
  const c = await nostr.connect(url);
  try {
    await nostr.authenticate(c, key.sk);
    return { ok: true, message: await c.publish(event) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    c.close();
  }
}

/** Whether the relay serves the event, read by a member (the relay is members-only). */
async function served(url, key, id) {
  const c = await nostr.connect(url);
  try {
    await nostr.authenticate(c, key.sk);
    const r = await nostr.query(c, [{ ids: [id] }]);
    return r.events.length > 0;
  } finally {
    c.close();
  }
}

test("the owner adds a moderator who moderates, is refused billing, and takes the relay over", {
  timeout: 120_000,
}, async () => {
  await suite.setup();
  const started = Date.now();
  const base = () => suite.env.base;
  const owner = newKey();
  const moderator = newKey();
  const spammer = newKey();
  const member = newKey();
  const { token } = await apiSession(base(), owner.sk);
  const created = await api(base(), token, "POST", "/relays", {
    name: `Team ${RUN}`,
    subdomain: `team-${RUN}`,
    plan: "free",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.relay.id;
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}`);
    return r.body?.status === "active" && r.body.sync?.state === "synced" ? r.body : { ok: false };
  });
  for (const k of [spammer, member]) {
    const added = await api(base(), token, "POST", `/relays/${id}/members`, { pubkey: k.pubkey });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  }

  // --- the owner blocks a word (Moderation section) and adds the moderator by npub (Team section)
  const ownerTab = await openPage(DESKTOP);
  const op = ownerTab.page;
  await loginWithNsec(op, base(), owner.nsec);
  await op.goto(`${base()}/relays/${id}/moderation`);
  const rules = op.getByTestId("automatic-rules");
  await rules.getByTestId("automod-blocked").click();
  await rules.getByTestId("automod-words").fill(WORD);
  await rules.getByTestId("automod-save").click();
  await op.getByText("Automatic rules saved; they apply to the next post.").waitFor();

  await op.goto(`${base()}/relays/${id}/team`);
  const team = op.getByTestId("team-card");
  // typed once the page shows the team (its owner's row), as a person would
  await team.getByTestId("team-list").getByText("owner").waitFor();
  const addButton = team.getByRole("button", { name: "Add to team" });
  await typeInto(op, team.locator("#team-pubkey"), addButton, moderator.npub, "the team's Add form");
  await addButton.click();
  const row = team.getByTestId("team-member").filter({ hasText: moderator.npub });
  await waitOrExplain(op, row, team);
  assert.equal((await row.getByTestId("team-role").textContent())?.trim(), "moderator");

  // --- the moderator signs in with their own key and finds the relay among the relays they help run
  const modTab = await openPage(DESKTOP);
  const mp = modTab.page;
  await loginWithNsec(mp, base(), moderator.nsec);
  const helped = mp.getByTestId("team-relays");
  await helped.getByRole("link", { name: `Team ${RUN}` }).waitFor();
  assert.match((await helped.getByTestId("team-relay-role").first().textContent()) ?? "", /moderator/);
  await modTab.snap("team-relays", { fullPage: true });
  const { token: modToken } = await apiSession(base(), moderator.sk);

  // --- bans the spammer for an hour (Moderation section, Bans tab)
  await mp.goto(`${base()}/relays/${id}/moderation?tab=bans`);
  await mp.getByLabel("Public key to ban").fill(spammer.npub);
  await mp.getByTestId("ban-pubkey").click();
  await chooseOption(mp, mp.getByTestId("ban-duration"), "1 hour");
  await mp.getByRole("button", { name: "Ban and delete their posts" }).click();
  await mp.getByTestId("ban-row").first().waitFor();
  const banned = await api(base(), modToken, "GET", `/relays/${id}/bans`);
  const ban = banned.body.items.find((b) => b.pubkey === spammer.pubkey);
  assert.ok(ban?.until, `a ban with an end: ${JSON.stringify(banned.body)}`);
  // the ban ends their membership: the relay refuses their posts
  const refused = await post(relay.url, spammer, `buy now ${RUN}`);
  assert.equal(refused.ok, false, refused.message);

  // --- a member's post with the blocked word is gone from the relay within 5 s, and waits in the queue with an undo
  const bad = await post(relay.url, member, `hello ${WORD} friends`);
  assert.equal(bad.ok, true, bad.message);
  const accepted = Date.now();
  await eventually(
    "the post removed",
    async () => ((await served(relay.url, member, bad.event.id)) ? { ok: false } : true),
    10_000,
    200,
  );
  const removedAfter = Date.now() - accepted;
  assert.ok(removedAfter < 5_000, `removed ${removedAfter} ms after it was accepted`);
  console.log(`a post with a blocked word: gone from the relay ${removedAfter} ms after it was accepted`);

  await mp.goto(`${base()}/relays/${id}/moderation`);
  const queue = mp.getByTestId("moderation-queue");
  const item = queue.getByTestId("queue-item").filter({ hasText: WORD });
  await eventually("the removal in the queue", async () => {
    if ((await item.count()) > 0) return true;
    await queue.getByRole("button", { name: "Refresh the queue" }).click();
    return { ok: false };
  });
  assert.equal(await item.getAttribute("data-status"), "removed");
  const undo = item.getByTestId("queue-restore");
  assert.equal((await undo.textContent())?.trim(), "Undo");
  await modTab.snap("team-queue", { fullPage: true });
  await undo.click();
  await queue.getByTestId("queue-item").filter({ hasText: WORD }).waitFor({ state: "detached" });
  // restored: zooid takes an event only from its author, whose client may send the same post again; the rules leave
  // a restored post alone
  const again = await resend(relay.url, member, bad.event);
  assert.equal(again.ok, true, again.message);
  await eventually("the post served again", async () =>
    (await served(relay.url, member, bad.event.id)) ? true : { ok: false },
  );
  await new Promise((r) => setTimeout(r, 2_000));
  assert.equal(await served(relay.url, member, bad.event.id), true, "a restored post is not removed again");
  const decided = await api(base(), modToken, "GET", `/relays/${id}/queue?state=decided`);
  const restored = decided.body.items.find((i) => i.event_id === bad.event.id);
  assert.equal(restored?.decision, "restored", JSON.stringify(decided.body));
  assert.equal(restored.decided_by, moderator.pubkey);

  // --- the moderator is refused the relay's settings and bills: on screen and in the API
  await mp.goto(`${base()}/relays/${id}/settings`);
  const refusal = mp.getByTestId("role-refusal");
  await refusal.waitFor();
  assert.match((await refusal.textContent()) ?? "", /as a moderator you cannot change this relay's settings/);
  for (const path of [`/relays/${id}/admission/members`, `/relays/${id}/quote?plan=free`]) {
    const r = await api(base(), modToken, "GET", path);
    assert.equal(r.status, 403, `${path}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.error, /moderator/);
  }

  // --- the hour passes on the backend's clock: the ban lifts itself
  const clock = /** @type {NonNullable<typeof suite.env.clock>} */ (suite.env.clock);
  await clock.advance(3_601);
  await eventually("the ban lifted", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}/bans`);
    return r.body.items.some((b) => b.pubkey === spammer.pubkey) ? { ok: false } : true;
  });

  // --- the owner offers the relay to the moderator, who accepts it
  await op.goto(`${base()}/relays/${id}/team`);
  const transfer = op.getByTestId("transfer-card");
  const offerButton = transfer.getByRole("button", { name: "Offer the relay" });
  await typeInto(op, transfer.locator("#transfer-to"), offerButton, moderator.npub, "the Offer form");
  await offerButton.click();
  await op.getByRole("alertdialog").getByRole("button", { name: "Offer the relay" }).click();
  await transfer.getByTestId("transfer-open").waitFor();

  await mp.goto(`${base()}/relays`);
  const offer = mp.getByTestId("pending-transfer").filter({ hasText: `Team ${RUN}` });
  await offer.waitFor();
  await Promise.all([mp.waitForURL(new RegExp(`/relays/${id}$`)), offer.getByTestId("accept-transfer").click()]);
  const mine = await api(base(), modToken, "GET", `/relays/${id}`);
  assert.equal(mine.status, 200);
  assert.equal(mine.body.tenant, moderator.pubkey, JSON.stringify(mine.body).slice(0, 300));
  const gone = await api(base(), token, "GET", `/relays/${id}`);
  assert.ok([403, 404].includes(gone.status), `the former owner: ${gone.status}`);
  await ownerTab.done();
  await modTab.done();
  const took = Date.now() - started;
  assert.ok(took < 90_000, `took ${took} ms`);
});

/**
 * Types a key into a form's field and waits for its button to take it. Three times in full runs on a loaded machine a
 * team page's form came back empty after the typing, its button disabled (the section drawn anew, cause not found);
 * the forms now keep what was typed as a draft (lib/draft.ts). Should a form still lose it, the key is typed again and
 * the run says so, so that the next such run shows whether the drafts cover it.
 * @param {import("playwright-core").Page} page
 * @param {import("playwright-core").Locator} field
 * @param {import("playwright-core").Locator} button
 * @param {string} text
 * @param {string} what
 */
async function typeInto(page, field, button, text, what) {
  await field.fill(text);
  const taken = await button
    .and(page.locator(":enabled"))
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (!taken) {
    console.log(
      `team: ${what} lost the key typed into it (now ${JSON.stringify(await field.inputValue())}); typed again`,
    );
    await field.fill(text);
  }
}
