// Money the account page never contradicts (issue 25): one answer to "what you pay next, when and how" that every card
// renders, kept current after each change the page makes and pushed live for changes made elsewhere; a switch to card
// that shows its price before Checkout, says the card was saved (not charged) for a trial, leaves no "$0.00 Paid" row,
// and offers "Pay by card" only when something waits for it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, PHONE, api, apiSession, eventually, newKey, payFromWallet, tenantWallet } from "../harness.mjs";

const T = { timeout: 120_000 };

/** Starts `page` logged in as the API session `s` (the app reads its session from localStorage). */
async function withSession(page, s) {
  await page.addInitScript((v) => {
    localStorage.setItem("caravel.session", v);
  }, JSON.stringify(s));
}

/** Waits until the element's text matches `re`; fails with the text it last had. */
async function textMatches(locator, re, timeout = 15_000) {
  let last = "";
  await eventually(
    `${re} shown`,
    async () => {
      last = ((await locator.count()) > 0 ? await locator.first().textContent() : "") ?? "";
      return re.test(last);
    },
    timeout,
  ).catch(() => assert.fail(`expected ${re}, the page says: ${JSON.stringify(last)}`));
}

export default function (suite) {
  describe("money on the account page", () => {
    test("an account with nothing to pay says so once; the account card repeats no billing", T, async () => {
      await suite.setup();
      const { base } = suite.env;
      const s = await apiSession(base, newKey().sk);
      const { page, done, snap } = await suite.openPage(DESKTOP);
      await withSession(page, s);
      await page.goto(`${base}/account`);
      await textMatches(page.getByTestId("next-payment"), /^Nothing to pay: you have no paid relays that renew\.$/);
      const account = (await page.getByTestId("account-status").textContent()) ?? "";
      assert.doesNotMatch(account, /renewal|Autopay/i, "the account card leaves billing to the next payment");
      const main = (await page.locator("main").textContent()) ?? "";
      assert.equal(main.match(/renew/gi)?.length ?? 0, 1, `one word about renewals: ${main}`);
      await snap("money-nothing-to-pay");
      await done();
    });

    test(
      "on card, a relay waiting for its first payment: the Checkout charge is shown before Checkout",
      T,
      async () => {
        await suite.setup();
        const { base } = suite.env;
        const key = newKey();
        const s = await apiSession(base, key.sk);
        // nothing billed yet: the switch to card is at once; then a basic relay waits for the card
        const rail = await api(base, s.token, "PUT", `/tenants/${key.pubkey}/rail`, { rail: "card" });
        assert.equal(rail.body?.result, "switched", JSON.stringify(rail.body));
        const made = await api(base, s.token, "POST", "/relays", {
          name: "Card First",
          subdomain: `cardfirst-${key.pubkey.slice(0, 8)}`,
          plan: "basic",
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const { page, done } = await suite.openPage(DESKTOP);
        await withSession(page, s);
        await page.goto(`${base}/account`);
        await textMatches(page.getByTestId("checkout-charge"), /^Stripe charges \$9\.00 now for the first month/);
        // something waits for the card: "Pay by card" is offered, and goes to Checkout
        await page.getByTestId("pay-by-card").click();
        await page.waitForURL(new RegExp(`^${suite.env.stack.stripe_api_base}/checkout/cs_test_`));
        await done();
      },
    );

    test(
      "autopay off and on, then a switch to card: every card agrees, without a reload, and nothing claims a charge",
      T,
      async () => {
        await suite.setup();
        const { base, stack } = suite.env;
        const key = newKey();
        const s = await apiSession(base, key.sk);
        // a paid basic relay, its autopay on: the renewal is the wallet's
        const made = await api(base, s.token, "POST", "/relays", {
          name: "Money Walk",
          subdomain: `money-${key.pubkey.slice(0, 8)}`,
          plan: "basic",
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        await payFromWallet(stack, made.body.invoice.bolt11, "tenant");
        await eventually(
          "the relay is active",
          async () => (await api(base, s.token, "GET", `/relays/${made.body.relay.id}`)).body.status === "active",
        );
        const wallet = await tenantWallet(stack, "money");
        const on = await api(base, s.token, "PUT", `/tenants/${key.pubkey}`, { nwc_url: wallet });
        assert.equal(on.status, 200, JSON.stringify(on.body));

        const { page, done, snap } = await suite.openPage(DESKTOP);
        await withSession(page, s);
        await page.goto(`${base}/account`);
        const next = page.getByTestId("next-payment");
        await textMatches(next, /^Autopay pays 10,000 sats on .+ from your wallet\.$/);
        // the page is never reloaded below: a marker on window survives only in the same document
        await page.evaluate(() => {
          // @ts-expect-error a test marker
          window.__moneyWalk = true;
        });

        // 1. autopay off from the page: the next payment stops promising autopay at once
        await page.getByTestId("autopay-switch").click();
        await page.getByRole("button", { name: "Turn off" }).click();
        await textMatches(
          next,
          /^You pay 10,000 sats on .+ by invoice, from any Lightning wallet \(autopay is off\)\.$/,
        );
        assert.doesNotMatch(
          (await page.locator("main").textContent()) ?? "",
          /Autopay (will )?pays? (the renewal|10,000)/,
        );

        // 2. autopay on from elsewhere (another tab, the API): pushed to the open page
        assert.equal((await api(base, s.token, "PUT", `/tenants/${key.pubkey}`, { nwc_url: wallet })).status, 200);
        await textMatches(next, /^Autopay pays 10,000 sats/);
        await page.getByTestId("autopay-on").waitFor();

        assert.equal(await page.evaluate(() => "__moneyWalk" in window), true, "no reload: the same document");

        // 3. the card's price before Checkout, then the switch (this period stays paid over Lightning: a trial)
        await textMatches(page.getByTestId("card-price"), /By card you would pay \$9\.00 a month for your relays/);
        await snap("money-before-card");
        await page.getByTestId("choose-card").click();
        await page.waitForURL(new RegExp(`^${stack.stripe_api_base}/checkout/cs_test_`));
        await page.getByLabel("Card number").fill("4242 4242 4242 4242");
        await page.getByRole("button", { name: "Start subscription" }).click();
        await page.waitForURL(/\/account\?card=success$/);

        // the card was saved, not charged; once Stripe's webhooks are in, every card says the card pays the renewal
        const notice = page.getByTestId("checkout-notice");
        await textMatches(
          notice,
          /Your card is saved\. Nothing was charged today: Stripe charges it first on .+ \(\$9\.00 a month\)/,
        );
        await textMatches(next, /^Your card is charged \$9\.00 on /);
        await textMatches(
          page.getByTestId("rail-switch-note"),
          /^Card payments start on .+ this period stays paid over Lightning/,
        );
        await textMatches(page.getByTestId("rail-current"), /From your next renewal you pay by card/);
        const text = (await page.locator("main").textContent()) ?? "";
        assert.doesNotMatch(text, /took your card payment/i);
        assert.doesNotMatch(
          text,
          /Autopay (will )?pays? (the renewal|10,000)/,
          "autopay promises no renewal the card pays",
        );
        // nothing waits for a card payment: no primary "Pay by card" that would only say all is up to date
        assert.equal(await page.getByTestId("pay-by-card").count(), 0);
        // the trial's invoice of nothing is not a "$0.00 Paid" row in the history
        await page.getByTestId("invoices").waitFor();
        const amounts = await page.getByTestId("invoice-amount").allTextContents();
        assert.ok(amounts.length >= 1, "the Lightning invoice is listed");
        assert.ok(!amounts.some((a) => /^\$0\.00$/.test(a.trim())), `no $0.00 row: ${amounts.join(", ")}`);
        await snap("money-card-scheduled", { fullPage: true });
        await done();

        // the same account at phone width: the sentences wrap, nothing runs off the screen
        const phone = await suite.openPage(PHONE);
        await withSession(phone.page, s);
        await phone.page.goto(`${base}/account`);
        await textMatches(phone.page.getByTestId("next-payment"), /^Your card is charged \$9\.00 on /);
        await phone.snap("money-card-scheduled-phone", { fullPage: true });
        await phone.done();
      },
    );
  });
}
