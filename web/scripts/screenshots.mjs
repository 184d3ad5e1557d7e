// Visual check: builds nothing; the real backend (serving the built dist/) and the local stack, started by the e2e
// harness (e2e/harness.mjs) on free ports, and Chromium driven through the main flows; saves screenshots (desktop
// 1280 px, phone 375 px, desktop dark) to $SHOTS (default /tmp/shots) and fails on horizontal overflow.
//   bun run build && node scripts/screenshots.mjs
// Needs what the e2e tests need: the backend jar (backend/target/caravel.jar, or CARAVEL_JAR), `npm ci` in stack/
// and /usr/bin/chromium. Invoices are paid from the stack's tenant wallet, as a person's wallet would.
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { nsecEncode } from "nostr-tools/nip19";
import { launchBrowser, newKey, payFromWallet, settled, startEnv, stopAll, WEB } from "../e2e/harness.mjs";

const OUT = process.env.SHOTS ?? "/tmp/shots";
mkdirSync(OUT, { recursive: true });
const dist = resolve(WEB, "dist");
if (!existsSync(resolve(dist, "index.html"))) throw new Error(`no built web app in ${dist}: run bun run build first`);

// the backend serves this build, not the copy inside the jar, so the pictures show the web app as it is now
const env = await startEnv({ env: { WEB_DIR: dist } });
const base = env.base;
const adminSk = env.admin.sk;
const userSk = newKey().sk;
const browser = await launchBrowser();

// a relay's own page (ids are opaque strings), not the new-relay form
const RELAY_PAGE = /\/relays\/(?!new$)[A-Za-z0-9_-]+$/;
const problems = [];
async function shot(page, name, full = false) {
  await settled(page);
  const [sw, vw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (sw > vw) problems.push(`${name}: page is ${sw}px wide in a ${vw}px viewport`);
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: full });
  console.log("shot", name);
}

async function login(page, sk) {
  await page.goto(`${base}/login`);
  await page.getByRole("tab", { name: /secret key/i }).click();
  await page.getByTestId("nsec-input").fill(nsecEncode(sk));
  await page.getByTestId("login-nsec").click();
  await page.waitForURL(/\/relays/);
}

async function createRelay(page, name, plan, pay) {
  await page.goto(`${base}/relays/new`);
  await page.getByTestId("relay-name").fill(name);
  await page.getByTestId(`plan-option-${plan}`).click();
  await page.getByText("Available").waitFor();
  await page.getByTestId("relay-submit").click();
  if (plan !== "free") {
    await page.getByTestId("invoice-qr").waitFor();
    if (pay) {
      const bolt11 = (await page.getByTestId("invoice-bolt11").textContent()).trim();
      await payFromWallet(env.stack, bolt11, "tenant");
      // the live stream usually tells the open dialog first; "I've paid" is the fallback
      const paidShown = page.getByTestId("invoice-paid").waitFor({ timeout: 30_000 });
      await page
        .getByTestId("invoice-check")
        .click({ timeout: 2_000 })
        .catch(() => {});
      await paidShown;
    } else {
      await page.keyboard.press("Escape");
    }
  }
  await page.waitForURL(RELAY_PAGE);
}

try {
  for (const [label, viewport, dark] of [
    ["desktop", { width: 1280, height: 800 }, false],
    ["phone", { width: 375, height: 812 }, false],
    ["desktop-dark", { width: 1280, height: 800 }, true],
  ]) {
    const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: dark ? "dark" : "light" });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => console.error("pageerror:", e.message));
    page.on("console", (m) => m.type() === "error" && console.error("console:", m.text()));
    await page.goto(`${base}/`);
    await page.getByTestId("pricing").waitFor();
    await shot(page, `${label}-home`, label !== "desktop-dark");
    await page.goto(`${base}/login`);
    await shot(page, `${label}-login`);
    await page.getByRole("tab", { name: /signer/i }).click();
    await page
      .getByText(/Waiting for your signer|reach the connection relays/)
      .first()
      .waitFor();
    await shot(page, `${label}-login-signer`);
    await page.getByRole("tab", { name: /new key/i }).click();
    await page.getByTestId("create-key").click();
    await shot(page, `${label}-login-newkey`);
    const sk = label === "phone" ? userSk : adminSk;
    await login(page, sk);
    await page
      .getByText(/no relays yet|relay-row/i)
      .first()
      .waitFor()
      .catch(() => {});
    await shot(page, `${label}-relays-empty`);
    await page.goto(`${base}/relays/new`);
    await page.getByTestId("relay-name").fill("Bitcoin Builders");
    await page.getByText("Available").waitFor();
    await shot(page, `${label}-relay-new`, true);
    await page.getByTestId("relay-subdomain").fill("www");
    await page.getByTestId("relay-submit").click();
    await shot(page, `${label}-relay-new-errors`);
    await createRelay(page, `Nostr Café ${label}`, "free", false);
    await createRelay(page, `Meetups ${label}`, "basic", false);
    await page.goto(`${base}/relays/new`);
    await page.getByTestId("relay-name").fill(`Growth Club ${label}`);
    await page.getByTestId("plan-option-growth").click();
    await page.getByText("Available").waitFor();
    await page.getByTestId("relay-submit").click();
    await page.getByTestId("invoice-qr").waitFor();
    await shot(page, `${label}-invoice`);
    await page.keyboard.press("Escape");
    await page.waitForURL(RELAY_PAGE);
    await page.getByTestId("payment-due").waitFor();
    await shot(page, `${label}-relay-pending`, true);
    await createRelay(page, `Paid Relay ${label}`, "basic", true);
    await page.getByTestId("relay-health").waitFor();
    await shot(page, `${label}-relay-detail`, true);
    // the relay page's other sections, each at its own address
    for (const section of ["members", "admission", "moderation", "settings"]) {
      await page.getByTestId(`section-${section}`).click();
      await page.waitForURL(new RegExp(`/${section}(\\?.*)?$`));
      await page.getByTestId("relay-bar").waitFor();
      await shot(page, `${label}-relay-${section}`, true);
    }
    await page.getByTestId("edit-relay").click();
    await page.getByTestId("relay-submit").waitFor();
    await page.getByTestId("relay-subdomain").fill("paid-relay-renamed");
    await page.getByText("Available").waitFor();
    await shot(page, `${label}-relay-edit`, true);
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.getByTestId("section-settings").click();
    await page.getByTestId("deactivate-relay").click();
    await shot(page, `${label}-confirm`);
    await page.keyboard.press("Escape");
    await page.goto(`${base}/relays`);
    await page.getByTestId("relay-row").first().waitFor();
    await shot(page, `${label}-relays`);
    await page.goto(`${base}/account`);
    await page.getByTestId("invoice-row").first().waitFor();
    await shot(page, `${label}-account`, true);
    await page.goto(`${base}/communities`);
    await page.getByText("No communities yet").waitFor();
    await shot(page, `${label}-communities`);
    await page.goto(`${base}/account`);
    await page.getByTestId("invoice-row").first().waitFor();
    await page.getByTestId("autopay-switch").click();
    await page.getByTestId("nwc-url").fill("nostr+walletconnect://abc");
    await page.getByTestId("nwc-save").click();
    await shot(page, `${label}-account-nwc-error`);
    const first = page.getByTestId("relay-row").first();
    if (label !== "phone") {
      await page.goto(`${base}/admin`);
      await page.getByRole("heading", { name: "Needs attention" }).waitFor();
      await shot(page, `${label}-admin`);
      await page.goto(`${base}/admin/relays`);
      await page.getByTestId("relay-row").first().waitFor();
      await shot(page, `${label}-admin-relays`);
      await page.goto(`${base}/admin/tenants`);
      await page.getByTestId("tenant-row").first().waitFor();
      await shot(page, `${label}-admin-tenants`);
      await page.getByTestId("tenant-row").first().getByRole("link").click();
      await page.getByTestId("deactivate-tenant").waitFor();
      await shot(page, `${label}-admin-tenant`, true);
    } else {
      await page.goto(`${base}/admin`);
      await page.getByTestId("not-authorized").waitFor();
      await shot(page, `${label}-not-authorized`);
      void first;
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await stopAll();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`screenshots in ${OUT}, no horizontal overflow`);
