// Polish (issue 25): the small things a new user saw that made the app look unfinished. One tenant with a paid relay
// (autopay on) and an inactive free one: days written one way on the relay and account pages, the relay's activity in
// plain sentences, no "zooid" in a tenant's pages, a server sentence beside "Taken" that reads as one, a mistyped
// npub named under its field, the login page off the Extension tab when there is no extension, the home page's
// example address shaped like the real one, and on a phone the relay's address shown whole and toasts kept off the
// header. Each check fails on the app before these fixes.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DESKTOP, PHONE, api, apiSession, eventually, newKey, payFromWallet, tenantWallet } from "../harness.mjs";

const T = { timeout: 120_000 };
const RUN = Math.random().toString(36).slice(2, 6);
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
/** "22 Dec 2026": the app's one way of writing a day */
const DAY = new RegExp(`(?<!\\d)\\d{1,2} ${MONTH} \\d{4}(?!\\d)`, "g");
/** "Dec 22, 2026": the US order the pages used beside it */
const US_DAY = new RegExp(`${MONTH} \\d{1,2}, \\d{4}`);

/** What the page's main area says (the tabs not shown are not in the page at all). */
const mainText = async (page) => (await page.locator("main").textContent()) ?? "";

export default function (suite) {
  describe("polish: words, dates, fields and small screens", () => {
    /** @type {{ key: ReturnType<typeof newKey>, session: any, token: string, paid: any, free: any }} */
    let t;
    /** one tenant, set up through the API: a paid relay (paid from the wallet, then autopay on), a free one turned off */
    const tenant = async () => {
      if (t) return t;
      await suite.setup();
      const { base, stack } = suite.env;
      const key = newKey();
      const session = await apiSession(base, key.sk);
      const { token } = session;
      const made = await api(base, token, "POST", "/relays", {
        name: `Polish ${RUN}`,
        // long, as real names are: a phone must still show the whole address
        subdomain: `polish-community-relay-${RUN}`,
        plan: "basic",
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const invoice = made.body.invoice;
      const bolt11 = await eventually("the relay's first invoice to have a bolt11", async () => {
        const r = await api(base, token, "GET", `/invoices/${invoice.id}/bolt11`);
        return r.status === 200 && r.body.bolt11 ? r.body.bolt11 : null;
      });
      await payFromWallet(stack, bolt11, "tenant");
      const paid = await eventually("the paid relay to be active", async () => {
        const r = await api(base, token, "GET", `/relays/${made.body.relay.id}`);
        return r.body.status === "active" ? r.body : null;
      });
      const on = await api(base, token, "PUT", `/tenants/${key.pubkey}`, {
        nwc_url: await tenantWallet(stack, "polish"),
      });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      const freeMade = await api(base, token, "POST", "/relays", {
        name: `Polish off ${RUN}`,
        subdomain: `polish-off-${RUN}`,
        plan: "free",
      });
      assert.equal(freeMade.status, 201, JSON.stringify(freeMade.body));
      const free = freeMade.body.relay;
      await eventually("the free relay to be active", async () => {
        const r = await api(base, token, "GET", `/relays/${free.id}`);
        return r.body.status === "active" ? r.body : null;
      });
      assert.equal((await api(base, token, "POST", `/relays/${free.id}/deactivate`)).status, 200);
      t = { key, session, token, paid, free };
      return t;
    };

    /** Logs the page in with the tenant's session (as the app keeps it), without walking the login form. */
    const signIn = async (page) => {
      const { session } = await tenant();
      const { base } = suite.env;
      await page.addInitScript((s) => localStorage.setItem("caravel.session", s), JSON.stringify(session));
      await page.goto(`${base}/relays`);
    };

    test("days are written one way on the relay and account pages, the same as the server's sentences", T, async () => {
      const { paid } = await tenant();
      const { base } = suite.env;
      const { page, done, snap } = await suite.openPage(DESKTOP);
      await signIn(page);

      await page.goto(`${base}/relays/${paid.id}`);
      await page.getByTestId("relay-url").waitFor();
      const relayText = await mainText(page);
      assert.doesNotMatch(relayText, US_DAY, "no 'Dec 22, 2026' on the relay page");
      assert.ok((relayText.match(DAY) ?? []).length > 0, "the relay page writes its dates as 22 Dec 2026");

      await page.goto(`${base}/account`);
      const headline = page.getByTestId("billing-next-renewal");
      await headline.waitFor();
      const accountText = await mainText(page);
      assert.doesNotMatch(accountText, US_DAY, "no 'Dec 22, 2026' on the account page");
      // the server's own sentence about the same renewal ("Autopay will pay the renewal of … on 22 Dec 2026") and
      // the page's headline name the day the same way
      const billing = await api(base, t.token, "GET", `/tenants/${t.key.pubkey}/billing`);
      const serverDay = String(billing.body.autopay.next).match(DAY)?.[0];
      assert.ok(serverDay, `the server's sentence names a day: ${billing.body.autopay.next}`);
      assert.ok(
        ((await headline.textContent()) ?? "").includes(serverDay),
        `the page's next payment is on ${serverDay}, written as the server writes it`,
      );
      await snap("polish-account-dates", { fullPage: true });
      await done();
    });

    test(
      "the relay's activity is plain sentences: no kind codes, invoice ids or message relay addresses",
      T,
      async () => {
        const { paid } = await tenant();
        const { base } = suite.env;
        const { page, done } = await suite.openPage(DESKTOP);
        await signIn(page);
        // (how a DM to the owner is worded is the backend's DmFaultsTest and RobotInteropTest: receipts are not
        // about one relay, so they are not on its page)
        await page.goto(`${base}/relays/${paid.id}`);
        const activity = page.getByTestId("activity");
        // the whole story is in: from the creation to the payment (however it is worded)
        await activity
          .getByText(/Relay created/)
          .first()
          .waitFor();
        await activity
          .getByText(/paid|payment received/i)
          .first()
          .waitFor();
        const text = await activity.textContent();
        assert.doesNotMatch(text, /\b[a-z]+_[a-z_]+\b/, "no kind codes such as dm_sent or invoice_issued");
        assert.doesNotMatch(text, /invoice [A-Za-z0-9_-]{8,}/i, "no invoice ids");
        assert.doesNotMatch(text, /\bvia wss?:\/\//, "no relay addresses of the DM transport");
        assert.doesNotMatch(text, /zooid/i);
        assert.match(text, /Invoice issued: 10,000 sats for the Basic plan until \d{1,2} \w{3} \d{4}/);
        await done();
      },
    );

    test("a tenant's pages never name zooid, and a server sentence beside Taken reads as one", T, async () => {
      const { paid, free } = await tenant();
      const { base } = suite.env;
      const { page, done } = await suite.openPage(DESKTOP);
      await signIn(page);
      // each page once what it says has loaded: the relay's own page and each of its sections, and moderation of an
      // inactive and an active one
      for (const [path, loaded] of [
        [`/relays/${free.id}`, page.getByTestId("relay-url")],
        [`/relays/${paid.id}/members`, page.getByTestId("members")],
        [`/relays/${paid.id}/admission`, page.getByTestId("admission-form")],
        [`/relays/${paid.id}/settings`, page.getByTestId("settings")],
        [`/relays/${free.id}/moderation`, page.getByText("Moderation works while the relay is active")],
        [`/relays/${paid.id}/moderation`, page.getByRole("tab", { name: "Reports" })],
      ]) {
        await page.goto(base + path);
        await loaded.waitFor();
        assert.doesNotMatch((await page.locator("body").textContent()) ?? "", /zooid/i, `${path} names zooid`);
      }
      // a subdomain already taken: the server's answer under the field starts with a capital and ends with a stop
      await page.goto(`${base}/relays/new`);
      await page.getByTestId("relay-name").fill("Taken check");
      const subdomain = page.getByTestId("relay-subdomain");
      await subdomain.fill(paid.subdomain);
      await page.getByTestId("subdomain-status").getByText("Taken", { exact: true }).waitFor();
      const said = page.getByText(new RegExp(`${paid.subdomain}.*already taken`, "i")).first();
      const sentence = (await said.textContent()).trim();
      assert.match(sentence, /^[A-Z].*\.$/, `"${sentence}" is a sentence`);
      await done();
    });

    test("a mistyped npub is named under its field, and nothing is sent", T, async () => {
      const { paid } = await tenant();
      const { base } = suite.env;
      const { page, done } = await suite.openPage(DESKTOP);
      await signIn(page);
      await page.goto(`${base}/relays/${paid.id}/moderation`);
      await page.getByRole("tab", { name: "Bans" }).click();
      const field = page.getByLabel("Public key to ban");
      await field.fill("npub1thisisnotakey");
      await page.getByTestId("ban-pubkey").click();
      const error = page.getByTestId("pubkey-error");
      await error.waitFor();
      assert.match(await error.textContent(), /not valid/);
      assert.equal(await field.getAttribute("aria-invalid"), "true");
      assert.equal(await page.getByRole("alertdialog").count(), 0, "no confirmation for a key that cannot be right");
      await done();
    });

    test("login without an extension opens on a tab that works", T, async () => {
      await suite.setup();
      const { page, done } = await suite.openPage(DESKTOP);
      await page.goto(`${suite.env.base}/login`);
      const newKeyTab = page.getByRole("tab", { name: /new key/i });
      await eventually("the New key tab to be chosen", async () =>
        (await newKeyTab.getAttribute("aria-selected")) === "true" ? true : null,
      );
      assert.equal(await page.getByRole("tab", { name: /extension/i }).getAttribute("aria-selected"), "false");
      await page.getByTestId("create-key").waitFor();
      await done();
    });

    test("the home page's example address looks like the real ones", T, async () => {
      const { paid } = await tenant();
      const { base } = suite.env;
      const { page, done } = await suite.openPage(DESKTOP);
      await page.goto(`${base}/`);
      // the prerendered page shows a placeholder domain until the server's settings arrive
      const example = await eventually("the example address on the server's relay domain", async () => {
        const text = (
          (await page
            .getByTestId("hero-example")
            .getByText(/^wss?:\/\//)
            .textContent()) ?? ""
        ).trim();
        return text.includes("relay.example") ? null : text;
      });
      const real = new URL(paid.url);
      assert.equal(
        new URL(example).protocol,
        real.protocol,
        `${example} uses the scheme relays really have (${paid.url})`,
      );
      assert.ok(example.endsWith(real.host.slice(real.host.indexOf("."))), `${example} is on the relays' domain`);
      assert.doesNotMatch(example, /^wss:\/\/[^/]+:\d+$/, "no wss:// with a local port");
      await done();
    });

    test("on a phone the relay's address is shown whole, and a toast stays clear of the header", T, async () => {
      const { paid } = await tenant();
      const { base } = suite.env;
      const { page, done, snap } = await suite.openPage(PHONE);
      await signIn(page);
      await page.goto(`${base}/relays/${paid.id}`);
      const url = page.getByTestId("relay-url");
      await url.waitFor();
      assert.equal((await url.textContent()).trim(), paid.url);
      const cut = await url.evaluate(
        (el) => el.scrollWidth > el.clientWidth + 1 || getComputedStyle(el).textOverflow === "ellipsis",
      );
      assert.equal(cut, false, "the address is not cut off");
      await snap("polish-phone-relay-url");

      await page.getByRole("button", { name: "Copy relay URL" }).click();
      const toast = page.locator("[data-sonner-toast]").first();
      await toast.waitFor();
      const header = await page.locator("header").first().boundingBox();
      await eventually(
        "the toast to settle",
        async () => {
          const box = await toast.boundingBox();
          return box && header && box.y >= header.y + header.height ? true : null;
        },
        5_000,
      );
      await done();
    });
  });
}
