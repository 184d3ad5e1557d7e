// Confirmations (issue 25): paying beyond the autopay budget is confirmed in the app's own dialog — what is paid, for
// which relay, a masked passphrase for the key saved on this device — never in window.prompt, and the dialog right
// after creating an over-budget relay offers it; an upgrade autopay pays at once shows progress and "Upgraded", never
// a QR code to scan, and never "being activated" for a relay that is already active.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { encrypt as nip49Encrypt } from "nostr-tools/nip49";
import { DESKTOP, api, apiSession, eventually, newKey, nip98, tenantWallet } from "../harness.mjs";

const T = { timeout: 120_000 };
const RUN = Math.random().toString(36).slice(2, 6);
const PASSPHRASE = "confirm walk passphrase";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe-core violations inside `selector`, as "rule-id: target" lines. */
async function axeViolations(page, selector) {
  // evaluated over the DevTools protocol, which the app's Content-Security-Policy (no inline scripts) does not block
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(`${AXE};0`);
  return page.evaluate(async (sel) => {
    // @ts-expect-error injected above
    const r = await window.axe.run(sel, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  }, selector);
}

/**
 * Notes, from before any script of the app runs, every moment the invoice dialog offers to scan or copy a Lightning
 * invoice (however briefly), and every text its "paid" box shows: a flash is missed by any later look.
 */
async function watchInvoiceDialog(page) {
  await page.addInitScript(() => {
    const seen = { scan: 0, progress: 0, paid: [] };
    // @ts-expect-error the test's record
    window.__invoiceSeen = seen;
    const look = () => {
      if (document.querySelector('[data-testid="invoice-qr"], [data-testid="invoice-bolt11"]')) seen.scan++;
      if (document.querySelector('[data-testid="invoice-autopaying"]')) seen.progress++;
      const paid = document.querySelector('[data-testid="invoice-paid"]');
      const text = paid?.textContent?.trim();
      if (text && !seen.paid.includes(text)) seen.paid.push(text);
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** The tenant's own PUT, signed (NIP-98) instead of a session: how a raise of the autopay budget is made. */
async function signedPut(base, key, path, body) {
  const text = JSON.stringify(body);
  const r = await fetch(base + path, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: nip98(key.sk, base + path, "PUT", text) },
    body: text,
  });
  assert.equal(r.status, 200, await r.text());
}

export default function (suite) {
  describe("confirmations: autopay over budget and upgrades", () => {
    test(
      "an over-budget relay is confirmed in the app's dialog, signed with the key saved on this device",
      T,
      async () => {
        await suite.setup();
        const { base, stack } = suite.env;
        const key = newKey();
        // the account exists with autopay on (the tenant's wallet); nothing in service yet, so its budget is 0 and a
        // new paid relay is over it
        const s = await apiSession(base, key.sk);
        const wallet = await tenantWallet(stack, "confirm-over-budget");
        const on = await api(base, s.token, "PUT", `/tenants/${key.pubkey}`, { nwc_url: wallet });
        assert.equal(on.status, 200, JSON.stringify(on.body));

        const { page, done, snap } = await suite.openPage(DESKTOP);
        const prompts = [];
        page.on("dialog", (d) => {
          prompts.push(`${d.type()}: ${d.message()}`);
          void d.dismiss();
        });
        await watchInvoiceDialog(page);
        // the key was saved on this device (NIP-49, as "remember on this device" keeps it); log in with its passphrase
        await page.addInitScript(
          (v) => localStorage.setItem("caravel.local-ncryptsec", v),
          JSON.stringify({ ncryptsec: nip49Encrypt(key.sk, PASSPHRASE, 16, 0x01), pubkey: key.pubkey }),
        );
        await page.goto(`${base}/login`);
        await page.getByTestId("unlock-passphrase").fill(PASSPHRASE);
        await Promise.all([page.waitForURL(/\/relays$/), page.getByTestId("login-saved").click()]);

        // create a paid relay over the budget: its invoice dialog offers to confirm and pay from the wallet at once
        const name = `Confirm ${RUN}`;
        await page.goto(`${base}/relays/new`);
        await page.getByTestId("relay-name").fill(name);
        await page.getByTestId("plan-option-basic").click();
        await page.getByTestId("subdomain-status").getByText("Available", { exact: true }).waitFor();
        await page.getByTestId("relay-submit").click();
        const invoiceDialog = page.getByTestId("invoice-dialog");
        await invoiceDialog.waitFor();
        await invoiceDialog.getByTestId("invoice-confirm-autopay").click();

        // the confirmation says what is paid and for which relay, and asks the saved key's passphrase, masked
        const confirm = page.getByTestId("signature-dialog");
        await confirm.waitFor();
        const said = await confirm.textContent();
        assert.match(said, /[\d,]+ sats/, "the amount is shown");
        assert.ok(said.includes(name), `the relay is named: ${said}`);
        assert.match(said, /passphrase/i);
        const secret = confirm.getByTestId("signature-secret");
        assert.equal(await secret.getAttribute("type"), "password", "the passphrase is masked");
        await snap("desktop-confirm-over-budget");
        assert.deepEqual(
          await axeViolations(page, '[data-testid="signature-dialog"]'),
          [],
          "the confirmation is accessible",
        );
        // Cancel pays nothing and leaves the invoice as it was
        await confirm.getByTestId("signature-cancel").click();
        await confirm.waitFor({ state: "hidden" });
        const relays = await api(base, s.token, "GET", `/tenants/${key.pubkey}/relays`);
        const relay = relays.body.items.find((r) => r.name === name);
        assert.ok(relay, JSON.stringify(relays.body));
        const pending = await api(base, s.token, "GET", `/tenants/${key.pubkey}/invoices?status=pending`);
        assert.equal(pending.body.items.length, 1, "the invoice is still unpaid after Cancel");
        assert.equal(pending.body.items[0].autopay_started_at, null, "nothing was sent to the wallet after Cancel");

        // a wrong passphrase is said in place; the right one signs and the wallet pays
        await invoiceDialog.getByTestId("invoice-confirm-autopay").click();
        await confirm.waitFor();
        await secret.fill("not the passphrase");
        await confirm.getByTestId("signature-confirm").click();
        await confirm.getByTestId("signature-error").waitFor();
        await secret.fill(PASSPHRASE);
        await Promise.all([
          page.waitForURL(new RegExp(`/relays/${relay.id}$`), { timeout: 60_000 }),
          confirm.getByTestId("signature-confirm").click(),
        ]);
        await eventually("the paid relay to be active", async () => {
          const r = await api(base, s.token, "GET", `/relays/${relay.id}`);
          return r.body.status === "active" ? r.body : { ok: false, status: r.body.status };
        });

        assert.deepEqual(prompts, [], "no browser prompt, alert or confirm at any point");
        await done();
      },
    );

    test('an upgrade autopay pays shows progress, then "Upgraded": no QR code, no "activated"', T, async () => {
      await suite.setup();
      const { base, stack } = suite.env;
      const key = newKey();
      // autopay on with a budget that covers everything here (raised with a signature, as the account page does); a
      // relay on Basic, paid by autopay and active
      const s = await apiSession(base, key.sk);
      const wallet = await tenantWallet(stack, "confirm-upgrade");
      const on = await api(base, s.token, "PUT", `/tenants/${key.pubkey}`, { nwc_url: wallet });
      assert.equal(on.status, 200, JSON.stringify(on.body));
      await signedPut(base, key, `/tenants/${key.pubkey}`, { autopay_budget: 10_000_000 });
      const made = await api(base, s.token, "POST", "/relays", {
        name: `Upgrade ${RUN}`,
        subdomain: `confirm-upgrade-${RUN}`,
        plan: "basic",
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const relay = await eventually("the relay to be paid by autopay and active", async () => {
        const r = await api(base, s.token, "GET", `/relays/${made.body.relay.id}`);
        return r.body.status === "active" ? r.body : { ok: false, status: r.body.status };
      });

      const { page, done } = await suite.openPage(DESKTOP);
      await watchInvoiceDialog(page);
      await page.addInitScript((v) => localStorage.setItem("caravel.session", v), JSON.stringify(s));
      await page.goto(`${base}/relays/${relay.id}/edit`);
      await page.getByTestId("plan-option-growth").click();
      await page.getByTestId("relay-submit").click();
      await page.getByRole("button", { name: "Confirm and pay" }).click();
      await page.getByTestId("invoice-paid").waitFor({ timeout: 60_000 });
      await page.waitForURL(new RegExp(`/relays/${relay.id}$`));
      const seen = await page.evaluate(() => window.__invoiceSeen);
      assert.equal(seen.scan, 0, "no QR code or invoice to copy while autopay pays the upgrade");
      assert.ok(seen.progress > 0, "the dialog said autopay was paying");
      const upgraded = seen.paid.at(-1) ?? "";
      assert.match(upgraded, /Upgraded/);
      assert.match(upgraded, /plan change is being applied/);
      assert.doesNotMatch(upgraded, /activated/, "the relay was active already");
      await eventually("the relay to be on the new plan", async () => {
        const r = await api(base, s.token, "GET", `/relays/${relay.id}`);
        return r.body.plan === "growth" ? r.body : { ok: false, plan: r.body.plan };
      });
      await done();
    });
  });
}
