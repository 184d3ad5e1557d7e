// The first hour of a new user and a new operator (issue 16), end to end in Chromium against the full local stack:
//  - the "first hour" walkthrough, saving its screenshots to docs/first-hour/ (desktop 1280×800, light) so they
//    follow the app;
//  - not-found and error pages for every route that can miss, one message each, with a way back and a retry;
//  - NIP-07 login with a real window.nostr provider (signing in Node with a test key), a declining one and none;
//  - every page at phone and desktop widths (and 360/768 for some), light and dark, for a tenant and an admin:
//    no sideways scrolling, the account menu reachable, no console errors, and no serious or critical axe-core
//    accessibility violations.
//   cd web && node --test --test-reporter=spec e2e/first-hour.test.mjs
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { finalizeEvent, getPublicKey } from "nostr-tools/pure";
import {
  DESKTOP,
  ROOT,
  api,
  apiSession,
  browserSuite,
  eventually,
  hydrated,
  loginWithNsec,
  newKey,
  payFromWallet,
  settled,
  stopAll,
} from "./harness.mjs";

const suite = browserSuite({ navigationTimeout: 30_000 });
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);
const T = { timeout: 180_000 };
const FIRST_HOUR = join(ROOT, "docs", "first-hour");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

const url = (path) => `${suite.env.base}${path}`;
const RELAY_PAGE = /\/relays\/(?!new$)[A-Za-z0-9_-]+$/;

/** A viewport screenshot for the walkthrough (docs/first-hour/<name>.png): small, and the first thing one sees. */
async function walkthroughShot(page, name) {
  mkdirSync(FIRST_HOUR, { recursive: true });
  // only for the picture (nothing is asserted on it): a moment for the page to look finished in the README
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(FIRST_HOUR, `${name}.png`), fullPage: false });
}

/** Starts `page` logged in as the API session `s` (the app reads its session from localStorage). */
async function withSession(page, s) {
  await page.addInitScript((v) => {
    localStorage.setItem("caravel.session", v);
  }, JSON.stringify(s));
}

/** Serious and critical axe-core violations on the current page, as "rule-id: target" lines. */
async function axeViolations(page) {
  // evaluated over the DevTools protocol, which the app's Content-Security-Policy (no inline scripts) does not block
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(`${AXE};0`);
  const found = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(" | ")}`,
      );
  });
  return found;
}

/** Problems a page has at its viewport: sideways scrolling, an account menu that cannot be reached. */
async function layoutProblems(page, label, o = {}) {
  const problems = [];
  const [sw, vw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (sw > vw) problems.push(`${label}: ${sw}px wide in a ${vw}px viewport`);
  if (o.menu) {
    const menu = page.getByTestId("user-menu");
    const box = await menu.boundingBox();
    if (!box || box.x < 0 || box.x + box.width > vw) problems.push(`${label}: the account menu is off screen`);
  }
  return problems;
}

/** A tenant with an active free relay (over the API); returns its session and relay. */
async function tenantWithRelay(label) {
  const key = newKey();
  const s = await apiSession(suite.env.base, key.sk);
  const created = await api(suite.env.base, s.token, "POST", "/relays", {
    name: `First Hour ${label} ${RUN}`,
    subdomain: `first-hour-${label}-${RUN}`,
    plan: "free",
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const relay = await eventually("the relay to be active", async () => {
    const r = await api(suite.env.base, s.token, "GET", `/relays/${created.body.relay.id}`);
    return r.body.status === "active" ? r.body : { ok: false };
  });
  return { key, session: s, relay };
}

// ---------------------------------------------------------------------------------------------

describe("the first hour", () => {
  test("walkthrough: home, login with a new key, create, pay, active, admin (docs/first-hour/)", T, async () => {
    await suite.setup();
    const { page, done } = await openPage(DESKTOP, { colorScheme: "light" });
    await page.goto(url("/"));
    await page.getByTestId("pricing").waitFor();
    await page.getByTestId("hero-example").waitFor();
    await walkthroughShot(page, "01-home");

    await page.getByTestId("nav-login").click();
    await page.waitForURL(/\/login/);
    await page.getByRole("tab", { name: /new key/i }).click();
    await page.getByTestId("create-key").click();
    await page.getByTestId("new-nsec").waitFor();
    await walkthroughShot(page, "02-login");
    await page.getByTestId("confirm-saved").click();
    await page.getByTestId("continue-new-key").click();
    await page.waitForURL(/\/relays$/);

    await page.getByTestId("add-relay").click();
    await page.waitForURL(/\/relays\/new/);
    await page.getByTestId("relay-name").fill(`Walkthrough ${RUN}`);
    await page.getByTestId("plan-option-basic").click();
    await page.getByTestId("subdomain-status").getByText("Available", { exact: true }).waitFor();
    await walkthroughShot(page, "03-create-relay");

    await page.getByTestId("relay-submit").click();
    await page.getByTestId("invoice-qr").waitFor();
    await walkthroughShot(page, "04-pay-invoice");
    const bolt11 = (await page.getByTestId("invoice-bolt11").textContent()).trim();
    await payFromWallet(suite.env.stack, bolt11, "tenant");
    const paidShown = page.getByTestId("invoice-paid").waitFor({ timeout: 30_000 });
    await page
      .getByTestId("invoice-check")
      .click({ timeout: 2_000 })
      .catch(() => {});
    await paidShown;
    await page.waitForURL(RELAY_PAGE, { timeout: 30_000 });
    await page.getByTestId("relay-status").filter({ hasText: "Active" }).first().waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await walkthroughShot(page, "05-relay-active");
    await done();

    const admin = await openPage(DESKTOP, { colorScheme: "light" });
    await loginWithNsec(admin.page, suite.env.base, suite.env.admin.nsec);
    await admin.page.goto(url("/admin/relays"));
    await admin.page.getByTestId("relay-row").first().waitFor();
    await walkthroughShot(admin.page, "06-admin");
    // the money view shows the payment the stack's wallet just made: paid over Lightning, this month
    await admin.page.goto(url("/admin/money"));
    await admin.page.getByTestId("money-way-lightning").waitFor();
    const thisMonth = await admin.page.getByTestId("money-this-month").textContent();
    if (!/[1-9][\d,]* payments?/.test(thisMonth))
      throw new Error(`the money view shows no payment this month: ${thisMonth}`);
    await admin.done();
  });

  test("not found: every route that can miss says so once, with a way back", T, async () => {
    await suite.setup();
    const tenant = await tenantWithRelay("nf");
    const adminSession = await apiSession(suite.env.base, suite.env.admin.sk);
    const missingKey = getPublicKey(newKey().sk);
    const cases = [
      [tenant.session, "/relays/no-such-relay", "Relay not found", "/relays"],
      [tenant.session, "/relays/no-such-relay/edit", "Relay not found", "/relays"],
      [tenant.session, "/relays/no-such-relay/moderation", "Relay not found", "/relays"],
      [tenant.session, "/relays/no-such-relay/settings", "Relay not found", "/relays"],
      [tenant.session, "/receipts/no-such-invoice", "Receipt not found", "/account"],
      [adminSession, "/admin/relays/no-such-relay", "Relay not found", "/admin/relays"],
      [adminSession, "/admin/relays/no-such-relay/edit", "Relay not found", "/admin/relays"],
      [adminSession, "/admin/relays/no-such-relay/moderation", "Relay not found", "/admin/relays"],
      [adminSession, "/admin/relays/no-such-relay/members", "Relay not found", "/admin/relays"],
      [adminSession, `/admin/tenants/${missingKey}`, "Tenant not found", "/admin/tenants"],
      [adminSession, "/admin/no-such-page", "Page not found", "/admin"],
    ];
    for (const [s, path, heading, back] of cases) {
      const { page, done } = await openPage();
      await withSession(page, s);
      await page.goto(url(path));
      await page.getByRole("heading", { name: heading }).waitFor();
      // errors never stack: the not-found message is the page's only one
      await page.waitForLoadState("networkidle");
      assert.equal(await page.getByTestId("not-found").count(), 1, `${path}: one not-found message`);
      assert.equal(await page.locator('[role="alert"]').count(), 0, `${path}: no error box besides it`);
      assert.equal(await page.getByText("Something went wrong").count(), 0, `${path}: no generic error`);
      await page.getByTestId("not-found-back").click();
      await page.waitForURL((u) => u.pathname === back);
      await done();
    }

    // an unknown address anywhere else: the app's own not-found page
    const { page, done } = await openPage();
    await page.goto(url("/no/such/page"));
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await done();
  });

  test("a relay page that failed to load retries in place", T, async () => {
    await suite.setup();
    const tenant = await tenantWithRelay("retry");
    const { page, done } = await openPage();
    await withSession(page, tenant.session);
    let fail = true;
    await page.route(
      (u) => u.pathname === `/relays/${tenant.relay.id}`,
      (route) =>
        fail && route.request().resourceType() === "fetch"
          ? route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"Temporarily down."}' })
          : route.fallback(),
    );
    await page.goto(url(`/relays/${tenant.relay.id}`));
    await page.getByText("Couldn't load this relay").waitFor();
    assert.equal(await page.locator('[role="alert"]').count(), 1, "one error message");
    fail = false;
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("relay-name-heading").waitFor();
    assert.equal(await page.locator('[role="alert"]').count(), 0);
    await done();
  });
});

// ---------------------------------------------------------------------------------------------
// NIP-07: a provider in the page, as extensions inject one, whose keys stay in Node

/**
 * Gives the page a window.nostr (NIP-07) before any script runs. getPublicKey and signEvent call into Node, which
 * signs with `key` (nostr-tools finalizeEvent) — or declines, as a user who says no in the extension's prompt.
 * @param {import("playwright-core").Page} page
 */
async function nip07(page, key, o = { decline: false }) {
  await page.exposeFunction("__e2eNip07", (method, template) => {
    if (method === "getPublicKey") return key.pubkey;
    if (o.decline) throw new Error("User rejected the request.");
    return finalizeEvent(template, key.sk);
  });
  await page.addInitScript(() => {
    // @ts-expect-error the test's provider
    const call = window.__e2eNip07;
    // @ts-expect-error as an extension defines it
    window.nostr = {
      getPublicKey: () => call("getPublicKey"),
      signEvent: (t) => call("signEvent", t),
    };
  });
}

describe("NIP-07 login", () => {
  test("logs in through the Extension tab with a browser extension's window.nostr", T, async () => {
    const { page, done } = await openPage();
    const key = newKey();
    await nip07(page, key);
    await page.goto(url("/login"));
    await page.getByRole("tab", { name: /extension/i }).click();
    await Promise.all([page.waitForURL(/\/relays$/), page.getByTestId("login-extension").click()]);
    const s = await page.evaluate(() => JSON.parse(localStorage.getItem("caravel.session") ?? "null"));
    assert.equal(s.pubkey, key.pubkey, "the session is the extension's key");
    assert.equal(s.signer, "nip07");
    await page.getByText("No relays yet").waitFor();
    await done();
  });

  test("an extension that declines to sign: a message, no login, no crash", T, async () => {
    const { page, done } = await openPage();
    await nip07(page, newKey(), { decline: true });
    await page.goto(url("/login"));
    await page.getByRole("tab", { name: /extension/i }).click();
    await page.getByTestId("login-extension").click();
    await page.getByTestId("login-error").waitFor();
    assert.match(await page.getByTestId("login-error").textContent(), /\S/);
    assert.match(page.url(), /\/login/);
    assert.equal(await page.evaluate(() => localStorage.getItem("caravel.session")), null);
    // the button is usable again: a second attempt is possible
    assert.equal(await page.getByTestId("login-extension").isDisabled(), false);
    await done();
  });

  test("no extension in the browser: the tab says so and offers the other methods", T, async () => {
    const { page, done } = await openPage();
    await page.goto(url("/login"));
    await page.getByRole("tab", { name: /extension/i }).click();
    await page.getByText("No Nostr extension found in this browser.").waitFor();
    assert.equal(await page.getByTestId("login-extension").count(), 0);
    await done();
  });
});

// ---------------------------------------------------------------------------------------------
// keyboard only

/** Presses Tab until `testId` has the focus (at most `max` times). */
async function tabTo(page, testId, max = 25) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute("data-testid") === id, testId)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`Tab never reached ${testId}`);
}

/**
 * Waits until the focus is inside `dialog`. Kobalte moves the focus into a dialog from a timer after the dialog is
 * drawn, so on a loaded machine the dialog is visible a moment before it holds the focus.
 */
async function focusEnters(page, dialog) {
  const handle = await dialog.elementHandle();
  await page
    .waitForFunction((d) => d?.contains(document.activeElement), handle, { timeout: 5_000 })
    .catch(async () => {
      const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
      assert.fail(`the focus never moved into the dialog (it is on ${at})`);
    });
}

/** Waits until `testId` has the focus again: Kobalte gives it back from a timer after the dialog has gone. */
async function focusReturnsTo(page, testId, what) {
  await page
    .waitForFunction((id) => document.activeElement?.getAttribute("data-testid") === id, testId, { timeout: 5_000 })
    .catch(async () => {
      const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
      assert.fail(`${what} (the focus is on ${at})`);
    });
}

/** Whether the focused element shows a focus ring (an outline or a box-shadow ring). */
async function focusVisible(page) {
  return (await focusProblem(page)) === null;
}

/**
 * Why the focused element is not a visible, visibly focused control, or null when it is: something other than the
 * page has the focus, it is on screen and bigger than a pixel, and it draws an outline or a box-shadow ring (a shadow
 * with no offset and a spread — an ordinary drop shadow such as the buttons' does not count, nor does a transparent
 * outline). A visually hidden input (Kobalte's radios) shows its focus on its label, so the label is checked instead.
 * Transitions on the element finish first: a ring that fades in is judged as it ends up.
 */
async function focusProblem(page) {
  return page.evaluate(async () => {
    const el = /** @type {HTMLElement | null} */ (document.activeElement);
    if (!el || el === document.body || el === document.documentElement) return "nothing has the focus";
    const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ""} "${(
      el.getAttribute("aria-label") ??
      el.textContent ??
      ""
    )
      .trim()
      .slice(0, 40)}"`;
    let shown = el;
    const own = el.getBoundingClientRect();
    // @ts-expect-error inputs have labels
    if ((own.width <= 1 || own.height <= 1) && el.labels?.length) shown = el.labels[0];
    // the rings fade in (a box-shadow transition): judge them once it has run, on the control drawn after a hidden
    // input too (a checkbox's ring is its next sibling's, peer-focus-visible)
    await Promise.race([
      Promise.all(
        [el, shown, el.nextElementSibling]
          .flatMap((e) => e?.getAnimations() ?? [])
          .map((a) => a.finished.catch(() => {})),
      ),
      new Promise((res) => setTimeout(res, 1000)),
    ]);
    const r = shown.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return `${name} is not visible (${r.width}×${r.height})`;
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return `${name} is off screen`;
    const cs = getComputedStyle(shown);
    if (cs.visibility !== "visible" || Number(cs.opacity) === 0) return `${name} is hidden`;
    const clear = (c) => c === "transparent" || /^rgba\(.*,\s*0\)$/.test(c) || /\/\s*0\)$/.test(c);
    /** @param {Element} e */
    const ringed = (e) => {
      const style = getComputedStyle(e);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !clear(style.outlineColor);
      const ring = style.boxShadow.split(/,(?![^(]*\))/).some((layer) => {
        const px = (layer.match(/-?[\d.]+px/g) ?? []).map(parseFloat);
        const color = layer
          .replace(/-?[\d.]+px/g, "")
          .replace("inset", "")
          .trim();
        return px.length >= 4 && px[0] === 0 && px[1] === 0 && px[3] >= 1 && !clear(color);
      });
      return outline || ring;
    };
    // a hidden input's focus is drawn on its label (a plan card) or on the control drawn right after it (a switch's
    // peer-focus-visible ring)
    const drawn = shown !== el && el.nextElementSibling ? [el.nextElementSibling] : [];
    return [shown, ...drawn].some(ringed) ? null : `${name} shows no focus ring`;
  });
}

/** Asserts the focused element is visible and visibly focused (focusProblem). */
async function assertFocusShown(page, where) {
  const problem = await focusProblem(page);
  assert.equal(problem, null, `${where}: ${problem}`);
}

/**
 * Presses Tab (or Shift+Tab with back) until the focused element has the data-testid `target`, or `target` (a
 * function evaluated in the page) returns true; asserts at every stop that the focus is visible; at most `max` presses.
 */
async function tabUntil(page, target, o = {}) {
  const max = o.max ?? 40;
  const key = o.back ? "Shift+Tab" : "Tab";
  const problems = [];
  for (let i = 0; i <= max; i++) {
    if (i > 0) {
      await page.keyboard.press(key);
      const p = await focusProblem(page);
      if (p) problems.push(p);
    }
    const hit =
      typeof target === "string"
        ? await page.evaluate((t) => document.activeElement?.getAttribute("data-testid") === t, target)
        : await page.evaluate(target);
    if (hit) {
      assert.deepEqual(problems, [], `on the way to ${target}: focus not shown`);
      return;
    }
  }
  assert.fail(`${key} never reached ${target} in ${max} presses`);
}

describe("keyboard", () => {
  test("log in with the keyboard; a confirm dialog holds and returns the focus; focus is visible", T, async () => {
    await suite.setup();
    const tenant = await tenantWithRelay("keys");
    const { page, done } = await openPage();
    await page.goto(url("/login"));
    await hydrated(page);
    await page.getByRole("tab", { name: /secret key/i }).focus();
    await page.keyboard.press("Enter");
    await tabTo(page, "nsec-input");
    await page.keyboard.type(tenant.key.nsec);
    await tabTo(page, "login-nsec");
    assert.ok(await focusVisible(page), "the login button shows its focus");
    await Promise.all([page.waitForURL(/\/relays$/), page.keyboard.press("Enter")]);

    await page.goto(url(`/relays/${tenant.relay.id}/settings`));
    await page.getByTestId("deactivate-relay").waitFor();
    await page.getByTestId("deactivate-relay").focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    // the focus moves into the dialog and Tab keeps it there
    await focusEnters(page, dialog);
    for (let i = 1; i <= 6; i++) {
      await page.keyboard.press("Tab");
      assert.ok(
        await dialog.evaluate((d) => d.contains(document.activeElement)),
        `after Tab ${i}, the focus stays in the dialog`,
      );
    }
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await focusReturnsTo(page, "deactivate-relay", "the focus returns to the button that opened the dialog");

    // the account menu opens from the keyboard and reaches Log out
    await page.getByTestId("user-menu").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("logout").waitFor();
    await page.keyboard.press("Escape");
    await done();
  });

  // The flows below are keyboard only: Tab, Shift+Tab, Enter, Space, arrows and typing, no clicks and no .focus().

  test("create a free relay from the dashboard with the keyboard", T, async () => {
    await suite.setup();
    const s = await apiSession(suite.env.base, newKey().sk);
    const { page, done } = await openPage();
    await withSession(page, s);
    await page.goto(url("/relays"));
    await page.getByText("No relays yet").waitFor();
    await tabUntil(page, "add-relay");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/relays\/new$/);
    await page.getByTestId("relay-name").waitFor();

    const name = `Keyboard ${RUN}`;
    const subdomain = `keyboard-new-${RUN}`;
    await tabUntil(page, "relay-name");
    await page.keyboard.type(name);
    await tabUntil(page, "relay-subdomain");
    // the subdomain follows the name until it is edited: replace it
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(subdomain);
    await page.getByTestId("subdomain-status").getByText("Available", { exact: true }).waitFor();

    // Tab enters the plan radio group at the checked plan (free, the default); arrows move the choice
    await tabUntil(page, () => document.activeElement?.closest("[data-testid^='plan-option-']") != null);
    const checked = () =>
      page.evaluate(() =>
        document.querySelector("[data-testid^='plan-option-'][data-checked]")?.getAttribute("data-testid"),
      );
    assert.equal(await checked(), "plan-option-free");
    await page.keyboard.press("ArrowRight");
    assert.equal(await checked(), "plan-option-basic", "an arrow key picks the next plan");
    await assertFocusShown(page, "the basic plan");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await checked(), "plan-option-free", "and back");
    await assertFocusShown(page, "the free plan");

    await tabUntil(page, "relay-submit");
    await Promise.all([page.waitForURL(RELAY_PAGE), page.keyboard.press("Enter")]);
    await page.getByTestId("relay-name-heading").filter({ hasText: name }).waitFor();
    const listed = await api(suite.env.base, s.token, "GET", `/tenants/${s.pubkey}/relays`);
    assert.ok(
      JSON.stringify(listed.body).includes(subdomain),
      `the relay was created with the typed subdomain: ${JSON.stringify(listed.body)}`,
    );
    await done();
  });

  test("the pay dialog opens from the keyboard, holds the focus, closes with Escape and returns it", T, async () => {
    await suite.setup();
    const key = newKey();
    const s = await apiSession(suite.env.base, key.sk);
    const created = await api(suite.env.base, s.token, "POST", "/relays", {
      name: `Keyboard Pay ${RUN}`,
      subdomain: `keyboard-pay-${RUN}`,
      plan: "basic",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { page, done } = await openPage();
    await withSession(page, s);
    await page.goto(url(`/relays/${created.body.relay.id}`));
    await page.getByTestId("pay-relay").waitFor();
    await tabUntil(page, "pay-relay");
    await page.keyboard.press("Enter");
    const dialog = page.getByTestId("invoice-dialog");
    await dialog.waitFor();
    await dialog.getByTestId("invoice-qr").waitFor();
    const inDialog = () => dialog.evaluate((d) => d.contains(document.activeElement));
    await focusEnters(page, dialog);
    await assertFocusShown(page, "the dialog's first control");

    // Tab and Shift+Tab go round the dialog's controls and never leave it
    const seen = [];
    for (const key of ["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab", "Shift+Tab"]) {
      await page.keyboard.press(key);
      assert.ok(await inDialog(), `after ${key}, the focus stays in the dialog`);
      await assertFocusShown(page, `in the dialog after ${key}`);
      seen.push(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80)));
    }
    const distinct = new Set(seen);
    assert.ok(distinct.size >= 3, `Tab visits the dialog's controls: ${[...distinct].join(" | ")}`);
    assert.ok(distinct.size < seen.filter((_, i) => i < 7).length, "seven Tabs come round to the start again");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await focusReturnsTo(page, "pay-relay", "the focus returns to the Pay button");
    await assertFocusShown(page, "the Pay button after the dialog");
    await done();
  });

  test("edit a relay's name with the keyboard and save it", T, async () => {
    await suite.setup();
    const tenant = await tenantWithRelay("kbd-edit");
    const { page, done } = await openPage();
    await withSession(page, tenant.session);
    await page.goto(url(`/relays/${tenant.relay.id}`));
    // the Settings section's link in the relay's bar, then its Edit link, all from the keyboard
    await page.getByTestId("section-settings").waitFor();
    await tabUntil(page, "section-settings");
    await Promise.all([page.waitForURL(/\/settings$/), page.keyboard.press("Enter")]);
    await page.getByTestId("edit-relay").waitFor();
    await tabUntil(page, "edit-relay");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/edit$/);
    await page.getByTestId("relay-name").waitFor();
    await tabUntil(page, "relay-name");
    const renamed = `Renamed by keyboard ${RUN}`;
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(renamed);
    await tabUntil(page, "relay-submit");
    await Promise.all([page.waitForURL(RELAY_PAGE), page.keyboard.press("Enter")]);
    await page.getByTestId("relay-name-heading").filter({ hasText: renamed }).waitFor();
    const r = await api(suite.env.base, tenant.session.token, "GET", `/relays/${tenant.relay.id}`);
    assert.equal(r.body.name, renamed);
    await done();
  });

  test("an admin deactivates a relay with the keyboard through its confirm dialog", T, async () => {
    await suite.setup();
    const tenant = await tenantWithRelay("kbd-admin");
    const admin = await apiSession(suite.env.base, suite.env.admin.sk);
    const { page, done } = await openPage();
    await withSession(page, admin);
    await page.goto(url(`/admin/relays/${tenant.relay.id}/settings`));
    await page.getByTestId("deactivate-relay").waitFor();
    // the settings page's cards before it (webhooks: one checkbox per event) hold some forty stops
    await tabUntil(page, "deactivate-relay", { max: 80 });
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    await focusEnters(page, dialog);
    await assertFocusShown(page, "the confirm dialog");
    await tabUntil(
      page,
      () =>
        document.activeElement?.closest("[role='alertdialog']") != null &&
        document.activeElement?.textContent?.trim() === "Deactivate",
      { max: 4 },
    );
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "hidden" });
    await page.getByTestId("relay-status").filter({ hasText: "Inactive" }).first().waitFor();
    const r = await api(suite.env.base, admin.token, "GET", `/relays/${tenant.relay.id}`);
    assert.equal(r.body.status, "inactive");
    // the Deactivate button is gone with the relay's new state: the focus lands somewhere a keyboard user can go on
    await assertFocusShown(page, "after the relay is deactivated");
    await done();
  });
});

// ---------------------------------------------------------------------------------------------
// every page × {tenant, admin} × widths × {light, dark}

const WIDTHS = { 360: 740, 390: 844, 768: 1024, 1280: 800 };
// phone and desktop in both themes for every page; 360 and 768 px in one theme each (layout only differs by width)
const RUNS = [
  [390, "light", true],
  [1280, "light", true],
  [390, "dark", true],
  [1280, "dark", true],
  [360, "light", false],
  [768, "dark", false],
];

/** @type {Promise<{tenant: Awaited<ReturnType<typeof tenantWithRelay>>, admin: object}> | undefined} */
let people;
function sweepPeople() {
  people ??= (async () => {
    await suite.setup();
    return { tenant: await tenantWithRelay("widths"), admin: await apiSession(suite.env.base, suite.env.admin.sk) };
  })();
  return people;
}

function routesOf(who, tenant) {
  const id = tenant.relay.id;
  return who === "tenant"
    ? [
        ["/", "pricing"],
        ["/login", null],
        ["/relays", "add-relay"],
        ["/relays/new", "relay-name"],
        [`/relays/${id}`, "relay-name-heading"],
        [`/relays/${id}/edit`, "relay-name"],
        [`/relays/${id}/moderation`, "moderation-heading"],
        ["/account", null],
      ]
    : [
        ["/admin", null],
        ["/admin/money", "money-people"],
        ["/admin/tenants", "tenant-row"],
        [`/admin/tenants/${tenant.key.pubkey}`, "deactivate-tenant"],
        ["/admin/relays", "relay-row"],
        [`/admin/relays/${id}`, "relay-name-heading"],
        [`/admin/relays/${id}/edit`, "relay-name"],
        [`/admin/relays/${id}/moderation`, "moderation-heading"],
        ["/admin/platform-bans", null],
      ];
}

describe("every page at every width", () => {
  for (const who of ["tenant", "admin"]) {
    for (const [width, scheme, withAxe] of RUNS) {
      test(
        `${who} pages at ${width} px, ${scheme}: fit, menu reachable, no console errors${withAxe ? ", axe" : ""}`,
        T,
        async () => {
          const { tenant, admin } = await sweepPeople();
          const { page, consoleErrors, done } = await openPage(
            { width, height: WIDTHS[width] },
            { colorScheme: /** @type {"light"|"dark"} */ (scheme) },
          );
          await withSession(page, who === "tenant" ? tenant.session : admin);
          const problems = [];
          const a11y = [];
          for (const [path, ready] of routesOf(who, tenant)) {
            await page.goto(url(path));
            if (ready) await page.getByTestId(ready).first().waitFor();
            else await page.locator("h1").first().waitFor();
            // no networkidle: the live stream keeps a request open on the dashboard pages
            await settled(page);
            const label = `${path} @${width} ${scheme}`;
            problems.push(...(await layoutProblems(page, label, { menu: path !== "/" && path !== "/login" })));
            if (withAxe) for (const v of await axeViolations(page)) a11y.push(`${path}: ${v}`);
          }
          // logout stays reachable from the last page
          await page.getByTestId("user-menu").click();
          await page.getByTestId("logout").waitFor();
          await page.keyboard.press("Escape");
          problems.push(...consoleErrors.map((e) => `console error ${e}`));
          await done();
          assert.deepEqual(problems, [], "layout problems and console errors");
          assert.deepEqual(a11y, [], "serious or critical accessibility violations");
        },
      );
    }
  }
});
