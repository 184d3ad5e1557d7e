// End-to-end test of paid admission (issue 29) in Debian's Chromium (playwright-core) against the full local stack
// and the backend on a clock the test moves (caravel.testing.ClockControlledMain from the backend's test classes; a
// period of 3 days, its renewal DMed a day before its end, a day of grace, checked every second): the owner prices their relay by the month in the Admission card and connects their
// own wallet (a wallet of the stack whose connection may only make and look up invoices, so Caravel could not spend
// from it); a second person opens the public join page signed out (name and price, and Open Graph tags in the served
// HTML), signs in, joins, and is refused on the relay while unpaid, also while the owner's wallet lies that the
// invoice is paid; they pay it from a wallet of their own and within seconds are a member who can post; the owner's
// wallet holds the payment and the Members card shows the paying member and the revenue; the renewal invoice comes,
// is not paid, and the person lapses and can no longer post. The days pass on the backend's clock, not in real time:
// the test moves it into the notice window, then past the period and its grace.
// The period stays under a session's 7 days, so the owner and the person stay signed in across the jumps.
//   cd web && bun run e2e:admission      (needs backend/target/caravel.jar, backend/target/test-classes and
//                                         /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join as joinPath } from "node:path";
import {
  DESKTOP,
  addWallet,
  api,
  apiSession,
  browserSuite,
  eventually,
  loginWithNsec,
  newKey,
  nip98,
  SHOTS,
  stopAll,
} from "./harness.mjs";
import * as nostr from "./nostr-client.mjs";

const DAY = 86_400;
const PERIOD = 3 * DAY;
const NOTICE = DAY;
const GRACE = DAY;
const suite = browserSuite({
  navigationTimeout: 30_000,
  clockControl: true,
  name: "backend-admission",
  env: {
    ADMISSION_PERIOD_SECONDS: String(PERIOD),
    ADMISSION_NOTICE_SECONDS: String(NOTICE),
    ADMISSION_GRACE_SECONDS: String(GRACE),
    ADMISSION_CHECK_SECONDS: "1",
  },
});
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const PRICE = 1000;
const T = { timeout: 170_000 };

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

/** POST/GET on the stack's wallet control interface. */
async function walletControl(method, path, body) {
  const r = await fetch(`${suite.env.stack.wallet_control_url}${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json() };
}

/** A signed-in session of someone who is no tenant (POST /auth/session only): for independent API checks. */
async function personSession(base, sk) {
  const r = await fetch(`${base}/auth/session`, {
    method: "POST",
    headers: { Authorization: nip98(sk, `${base}/auth/session`, "POST") },
  });
  const body = await r.text();
  assert.equal(r.status, 201, body);
  return JSON.parse(body).token;
}

/** One kind-1 post to the relay as `key`, on a fresh connection (NIP-42 first): {ok, message}. */
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

const text = async (locator) => ((await locator.textContent()) ?? "").trim();
/** 1000 as the page may write it: 1000, 1,000, 1 000, 1.000 */
const PRICE_RE = /1[,.\s\u00a0\u202f]?000/;

/** The pages of the walk, pictured when a step fails (test-output/screenshots/admission-failed-<name>.png). */
const pages = new Map();

test("a person pays the owner's wallet to join, posts, and lapses after a missed renewal", T, async () => {
  try {
    await walk();
  } catch (e) {
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, page] of pages)
      await page.screenshot({ path: joinPath(SHOTS, `admission-failed-${name}.png`), fullPage: true }).catch(() => {});
    throw e;
  }
});

async function walk() {
  const base = () => suite.env.base;
  const owner = newKey();
  const person = newKey();
  const ownerPage = await openPage(DESKTOP);
  pages.set("owner", ownerPage.page);

  // --- wallets: the owner's, scoped to invoices only; the person's own, with sats to pay
  const ownerWallet = `owner-${RUN}`;
  const payerWallet = `payer-${RUN}`;
  const ow = await addWallet(suite.env.stack, ownerWallet, {
    balance: 0,
    methods: ["get_info", "make_invoice", "lookup_invoice"],
  });
  await addWallet(suite.env.stack, payerWallet, { balance: 50_000 });
  const payOnly = await addWallet(suite.env.stack, `pay-only-${RUN}`, { methods: ["pay_invoice"] });

  // --- the owner's relay, active
  const { token } = await apiSession(base(), owner.sk);
  const name = `Paid Hikers ${RUN}`;
  const subdomain = `paid-${RUN}`;
  const created = await api(base(), token, "POST", "/relays", { name, subdomain, plan: "free" });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.relay.id;
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}`);
    return r.body.status === "active" && r.body.sync.state === "synced" ? r.body : { ok: false };
  });

  // a session cannot point members' payments at a wallet: that needs the owner's fresh signature
  const payOnlyBody = JSON.stringify({ mode: "monthly", price_sats: PRICE, nwc_url: payOnly.nwc_url });
  const bySession = await api(base(), token, "PUT", `/relays/${id}/admission`, JSON.parse(payOnlyBody));
  assert.equal(bySession.status, 403, JSON.stringify(bySession.body));
  // and a wallet that may not make invoices is refused when connected, and clearly
  const admissionUrl = `${base()}/relays/${id}/admission`;
  const signedPut = await fetch(admissionUrl, {
    method: "PUT",
    headers: {
      Authorization: nip98(owner.sk, admissionUrl, "PUT", payOnlyBody),
      "Content-Type": "application/json",
    },
    body: payOnlyBody,
  });
  const refused = { status: signedPut.status, body: await signedPut.json() };
  assert.ok([400, 409, 422, 502].includes(refused.status), `${refused.status} ${JSON.stringify(refused.body)}`);
  assert.equal(typeof refused.body?.code, "string", JSON.stringify(refused.body));
  assert.match(refused.body.error, /make_invoice/, "the missing permission is named");
  assert.equal((await api(base(), token, "GET", `/relays/${id}/admission`)).body.wallet.connected, false);

  // --- the owner prices it in the Admission card and connects their wallet
  await loginWithNsec(ownerPage.page, base(), owner.nsec);
  // the relay page's Admission section, at its own address
  await ownerPage.page.goto(`${base()}/relays/${id}/admission`);
  const card = ownerPage.page.getByTestId("admission-card");
  await card.waitFor();
  await card.getByTestId("admission-mode").selectOption("monthly");
  await card.getByTestId("admission-price").fill(String(PRICE));
  await card.getByTestId("admission-rules").fill("Be kind. Trail reports only.");
  await card.getByTestId("admission-nwc").fill(ow.nwc_url);
  await card.getByTestId("admission-save").click();
  // connecting a wallet decides where members' money goes: the owner confirms it with a fresh signature
  const confirm = ownerPage.page.getByTestId("signature-dialog");
  await confirm.waitFor();
  await confirm.getByTestId("signature-secret").fill(owner.nsec);
  await confirm.getByTestId("signature-confirm").click();
  await card.locator('[data-testid="admission-selling"][data-selling="true"]').waitFor();
  await eventually("the join page to sell", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}/admission`);
    return r.body?.selling === true ? r.body : { ok: false, body: r.body };
  });
  const joinUrl = await text(card.getByTestId("admission-join-url"));
  assert.ok(joinUrl.endsWith(`/join/${subdomain}`), joinUrl);
  const settings = (await api(base(), token, "GET", `/relays/${id}/admission`)).body;
  assert.equal(settings.mode, "monthly");
  assert.equal(settings.price_sats, PRICE);
  assert.equal(settings.wallet.connected, true);
  assert.ok(!("nwc_url" in settings) && !JSON.stringify(settings).includes(ow.nwc_url), "the URL is not shown");
  await ownerPage.snap("admission-owner-card", { fullPage: true });

  // --- the served HTML of the join page previews the community before any JavaScript runs
  const html = await (await fetch(`${base()}/join/${subdomain}`, { headers: { Accept: "text/html" } })).text();
  const ogTitle = html.match(/<meta[^>]+property="og:title"[^>]*>/)?.[0] ?? "";
  assert.ok(ogTitle.includes(name), `og:title names the relay: ${ogTitle || html.slice(0, 400)}`);
  assert.match(html, /<meta[^>]+property="og:description"/);

  // --- the person opens it signed out: name and price
  const join = await openPage(DESKTOP);
  const jp = join.page;
  pages.set("join", jp);
  await jp.goto(`${base()}/join/${subdomain}`);
  await jp.getByTestId("join-name").filter({ hasText: name }).waitFor();
  assert.match(await text(jp.getByTestId("join-price")), PRICE_RE);
  await join.snap("admission-join-signed-out", { fullPage: true });

  // not a member yet: the relay refuses their post
  const before = await post(relay.url, person, `hello from ${RUN}`);
  assert.equal(before.ok, false, "a post before paying is refused");

  // --- signs in from the page and comes back to it, joins: the owner's wallet makes the invoice
  await jp.getByTestId("join-signin").click();
  await jp.getByRole("tab", { name: /secret key/i }).click();
  await jp.getByTestId("nsec-input").fill(person.nsec);
  await jp.getByTestId("login-nsec").click();
  await jp.getByTestId("join-button").waitFor();
  assert.ok(new URL(jp.url()).pathname.endsWith(`/join/${subdomain}`), `back on the join page: ${jp.url()}`);
  await jp.getByTestId("join-button").click();
  const invoiceEl = jp.getByTestId("join-invoice");
  await invoiceEl.waitFor();
  const bolt11 = await invoiceEl.getAttribute("data-bolt11");
  assert.match(bolt11 ?? "", /^lnbcrt/);
  await jp.locator('[data-testid="join-status"][data-status="pending"]').waitFor();
  await join.snap("admission-join-invoice", { fullPage: true });
  const issued = await walletControl("GET", `/invoices?wallet=${ownerWallet}&state=pending`);
  const inv = issued.body.invoices.find((i) => i.invoice === bolt11);
  assert.ok(inv, "the invoice is the owner's wallet's own");
  assert.equal(inv.amount_msat, PRICE * 1000);
  const personToken = await personSession(base(), person.sk);

  // --- the owner's wallet lies about the unpaid invoice (settled with a wrong preimage, with none, and about another
  // invoice): the page keeps asking, hears each lie, and admits no one
  for (const fault of [
    { mode: "lie_settled", preimage: "wrong" },
    { mode: "lie_settled", preimage: "none" },
    { mode: "lie_other_hash" },
  ]) {
    const set = await walletControl("POST", "/faults", { wallet: ownerWallet, count: 1, ...fault });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await eventually(
      `the lie (${JSON.stringify(fault)}) told`,
      async () => ({ ok: (await walletControl("GET", `/wallets/${ownerWallet}`)).body.fault.mode === "none" }),
      15_000,
      250,
    );
  }
  // one more round of the page's check, on the truth: the page counts the answers to its polls (data-checks), and the
  // second answer from now is to a poll that began after the last lie was told
  const polled = Number(await jp.getByTestId("join-status").getAttribute("data-checks"));
  await jp.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="join-status"]')?.getAttribute("data-checks")) >= n,
    polled + 2,
    { timeout: 30_000 },
  );
  assert.equal((await api(base(), personToken, "GET", `/admissions/${subdomain}/me`)).body.status, "pending");
  await jp.locator('[data-testid="join-status"][data-status="pending"]').waitFor();
  assert.equal((await post(relay.url, person, `lied in ${RUN}`)).ok, false, "a lie admits no one");

  // --- pays it from their own wallet: a member within seconds, without reloading
  const paid = await walletControl("POST", "/pay", { invoice: bolt11, from: payerWallet });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const paidAt = Date.now();
  // the page follows the standing by itself (paid → admitting → active): no reload
  await jp
    .locator('[data-testid="join-status"][data-status="active"]')
    .waitFor({ timeout: 15_000 })
    .catch(async (e) => {
      const shown = await jp.getByTestId("join-status").getAttribute("data-status");
      const held = (await api(base(), personToken, "GET", `/admissions/${subdomain}/me`)).body?.status;
      throw new Error(`15 s after paying the join page shows ${shown} (the backend says ${held}): ${e.message}`);
    });
  assert.ok(Date.now() - paidAt < 15_000);
  await jp.getByTestId("join-relay-url").filter({ hasText: relay.url }).waitFor();
  // no box wider than its card: on a 390 px phone the relay address's field ends inside the join card
  await jp.setViewportSize({ width: 390, height: 844 });
  const addressOverflow = await jp.getByTestId("join-relay-url").evaluate((el) => {
    const field = /** @type {HTMLElement} */ (el.parentElement).getBoundingClientRect();
    const card = /** @type {HTMLElement} */ (el.closest('[data-testid="join-card"]')).getBoundingClientRect();
    return { right: field.right - card.right, page: document.documentElement.scrollWidth - innerWidth };
  });
  assert.ok(addressOverflow.right <= 0.5, `the relay address's field ends ${addressOverflow.right} px past its card`);
  assert.equal(addressOverflow.page, 0, "the join page does not scroll sideways");
  await join.snap("admission-join-active-phone", { fullPage: true });
  await jp.setViewportSize(DESKTOP);
  const flotilla = await jp.getByTestId("join-flotilla").getAttribute("href");
  assert.ok(flotilla?.includes(`r=${encodeURIComponent(relay.url)}`), `Flotilla link: ${flotilla}`);
  await join.snap("admission-join-active", { fullPage: true });

  // posts as a member: accepted now
  const accepted = await eventually(
    "the member's post accepted",
    async () => {
      const r = await post(relay.url, person, `hello from ${RUN}`);
      return r.ok ? r : { ok: false, message: r.message };
    },
    10_000,
    500,
  );
  assert.equal(accepted.ok, true);

  // the owner's wallet holds the payment (Caravel never did)
  const settled = await walletControl("GET", `/invoices?wallet=${ownerWallet}&state=settled`);
  const s = settled.body.invoices.find((i) => i.payment_hash === inv.payment_hash);
  assert.ok(s, "settled in the owner's wallet");
  assert.equal(s.paid_by, payerWallet);
  assert.equal((await walletControl("GET", `/wallets/${ownerWallet}`)).body.balance, PRICE);
  assert.equal((await walletControl("GET", `/wallets/${payerWallet}`)).body.balance, 50_000 - PRICE);

  // --- the owner sees the paying member and the revenue in the Members card (the Members section)
  await ownerPage.page.goto(`${base()}/relays/${id}/members`);
  const memberRow = ownerPage.page
    .getByTestId("paid-members")
    .locator(`[data-testid="paid-member-row"][data-pubkey="${person.pubkey}"]`);
  await memberRow.locator('[data-testid="paid-member-status"][data-status="active"]').waitFor();
  await ownerPage.page.getByTestId("paid-members-revenue").filter({ hasText: PRICE_RE }).waitFor();
  const listed = await api(base(), token, "GET", `/relays/${id}/admission/members`);
  assert.equal(listed.body.revenue_sats, PRICE);
  assert.equal(listed.body.revenue_30d_sats, PRICE);
  assert.doesNotMatch(await text(ownerPage.page.getByTestId("paid-members-revenue")), /NaN|undefined/);
  assert.equal(listed.body.paying, 1);
  assert.equal(listed.body.items[0].pubkey, person.pubkey);
  // no box wider than its card: at 1280 px the paying members' table fits without scrolling sideways (it was 17 px
  // too wide in the narrower column the Members card had beside the details)
  const tableOverflow = await ownerPage.page
    .getByTestId("paid-members")
    .locator("table")
    .evaluate((t) => t.scrollWidth - /** @type {HTMLElement} */ (t.parentElement).clientWidth);
  assert.ok(tableOverflow <= 0, `the paying members' table is ${tableOverflow} px wider than its card`);
  await ownerPage.snap("admission-owner-paid-members", { fullPage: true });

  // --- the renewal invoice comes before the period ends; it is not paid. The clock moves into the notice window; the
  // admission run, queued for a time now past, runs at once
  const clock = /** @type {NonNullable<typeof suite.env.clock>} */ (suite.env.clock);
  // the days pass for the owner's wallet too: the invoices it makes are dated by its clock, and Caravel refuses one
  // dated days before its own now
  const advanceAll = async (/** @type {number} */ seconds) => {
    await clock.advance(seconds);
    await walletControl("POST", "/clock", { wallet: ownerWallet, advance: seconds });
  };
  await advanceAll(PERIOD - NOTICE + 60);
  const renewal = await eventually(
    "the renewal invoice on the join page",
    async () => {
      await jp.reload();
      await jp.getByTestId("join-status").waitFor();
      const status = await jp.getByTestId("join-status").getAttribute("data-status");
      const el = jp.getByTestId("join-invoice");
      const b = (await el.count()) ? await el.getAttribute("data-bolt11") : null;
      return b && b !== bolt11 && (status === "active" || status === "grace") ? { bolt11: b, status } : { ok: false };
    },
    60_000,
    1000,
  );
  assert.match(renewal.bolt11, /^lnbcrt/);
  const me = await api(base(), personToken, "GET", `/admissions/${subdomain}/me`);
  assert.equal(me.body.invoice?.purpose, "renewal");
  await join.snap("admission-join-renewal", { fullPage: true });

  // --- the period and the grace pass unpaid: lapsed, and the relay refuses the post again
  await advanceAll(NOTICE + GRACE + 60);
  await eventually(
    "the membership to lapse",
    async () => {
      await jp.reload();
      await jp.getByTestId("join-status").waitFor();
      return { ok: (await jp.getByTestId("join-status").getAttribute("data-status")) === "lapsed" };
    },
    60_000,
    1000,
  );
  await join.snap("admission-join-lapsed", { fullPage: true });
  const refusedAgain = await eventually(
    "the lapsed member's post refused",
    async () => {
      const r = await post(relay.url, person, `still here? ${RUN}`);
      return r.ok ? { ok: false } : { refused: true, message: r.message };
    },
    10_000,
    500,
  );
  assert.equal(refusedAgain.refused, true);
  const renewalInvoice = await walletControl("GET", `/invoices?wallet=${ownerWallet}`);
  assert.notEqual(
    renewalInvoice.body.invoices.find((i) => i.invoice === renewal.bolt11)?.state ?? "missing",
    "settled",
    "the renewal was never paid",
  );
  assert.ok(
    renewalInvoice.body.invoices.some((i) => i.invoice === renewal.bolt11),
    "the owner's wallet made it",
  );
  const end = await api(base(), token, "GET", `/relays/${id}/admission/members`);
  assert.equal(end.body.lapsed, 1);
  assert.equal(end.body.paying, 0);
  assert.equal(end.body.revenue_sats, PRICE, "revenue keeps what was paid");
  // and the owner's card says so
  await ownerPage.page.reload();
  await memberRow.locator('[data-testid="paid-member-status"][data-status="lapsed"]').waitFor();
  await ownerPage.page.getByTestId("paid-members-revenue").filter({ hasText: PRICE_RE }).waitFor();

  await join.done();
  await ownerPage.done();
}
