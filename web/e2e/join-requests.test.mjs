// "Ask to join" end to end in Debian's Chromium against the local stack: the owner turns it on with terms in the
// Members section; a stranger opens the join page, reads the terms, signs in and asks; the owner approves in the
// Join requests list; the stranger's page says they are in, and their own Nostr client posts to the relay.
//   cd web && node e2e/run.mjs e2e/join-requests.test.mjs      (needs backend/target/caravel.jar and /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, api, apiSession, browserSuite, eventually, loginWithNsec, newKey, stopAll } from "./harness.mjs";
import * as nostr from "./nostr-client.mjs";

const suite = browserSuite();
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const TERMS = `Be kind, no spam. (${RUN})`;

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

/** A post to the relay from the person's own Nostr client; its OK answer. */
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

test("a stranger reads the terms and asks to join, the owner approves, the stranger posts", {
  timeout: 90_000,
}, async () => {
  await suite.setup();
  const started = Date.now();
  const owner = newKey();
  const stranger = newKey();
  const subdomain = `ask-${RUN}`;
  const { token } = await apiSession(suite.env.base, owner.sk);
  const created = await api(suite.env.base, token, "POST", "/relays", {
    name: `Ask ${RUN}`,
    subdomain,
    plan: "free",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(suite.env.base, token, "GET", `/relays/${created.body.relay.id}`);
    return r.body.status === "active" && r.body.sync.state === "synced" ? r.body : { ok: false };
  });

  // --- the owner turns "ask to join" on, with terms, in the Members section
  const ownerTab = await openPage(DESKTOP);
  const op = ownerTab.page;
  await loginWithNsec(op, suite.env.base, owner.nsec);
  await op.goto(`${suite.env.base}/relays/${relay.id}/members`);
  const settings = op.getByTestId("join-settings");
  await settings.getByTestId("join-terms").waitFor();
  await settings.getByTestId("join-ask-switch").click();
  await settings.getByTestId("join-terms").fill(TERMS);
  await settings.getByTestId("join-settings-save").click();
  await op.getByText("Strangers can now ask to join.").waitFor();

  // --- the stranger: not a member, so the relay refuses their post; the join page shows the terms
  const before = await post(relay.url, stranger, `hello before ${RUN}`);
  assert.equal(before.ok, false, "a post before approval is refused");
  const strangerTab = await openPage(DESKTOP);
  const sp = strangerTab.page;
  await sp.goto(`${suite.env.base}/join/${subdomain}`);
  assert.equal((await sp.getByTestId("join-terms").textContent())?.trim(), TERMS);
  await sp.getByTestId("join-signin").filter({ hasText: "Sign in to ask to join" }).click();
  await sp.getByRole("tab", { name: /secret key/i }).click();
  await sp.getByTestId("nsec-input").fill(stranger.nsec);
  await sp.getByTestId("login-nsec").click();
  await sp.getByTestId("join-request-form").waitFor();
  assert.ok(new URL(sp.url()).pathname.endsWith(`/join/${subdomain}`), `back on the join page: ${sp.url()}`);
  await sp.getByTestId("join-request-message").fill(`I'm ${RUN}, I'd like to join.`);
  await sp.getByTestId("join-request-send").click();
  await sp.locator('[data-testid="join-request-status"][data-status="pending"]').waitFor();
  await strangerTab.snap("join-request-pending", { fullPage: true });

  // --- the owner sees the request (with its message and the count) and approves it
  await op.reload();
  const row = op.getByTestId("join-request").filter({ hasText: `I'm ${RUN}` });
  await row.waitFor();
  assert.equal((await op.getByTestId("join-requests-count").textContent())?.trim(), "1");
  await ownerTab.snap("join-requests", { fullPage: true });
  await row.getByTestId("join-request-approve").click();
  await op.getByText("Approved: they're a member now.").waitFor();
  await row.waitFor({ state: "detached" });

  // --- the stranger's page says they are in; their own client posts to the relay
  await sp.locator('[data-testid="join-request-status"][data-status="member"]').waitFor({ timeout: 30_000 });
  const after_ = await eventually("the stranger's post accepted", async () => {
    const r = await post(relay.url, stranger, `hello after ${RUN}`);
    return r.ok ? r : { ok: false };
  });
  assert.equal(after_.ok, true);
  await ownerTab.done();
  await strangerTab.done();
  assert.ok(Date.now() - started < 90_000, `took ${Date.now() - started} ms`);
});
