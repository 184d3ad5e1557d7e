// Visual check: builds nothing; serves dist with the dev mock API, drives Chromium through the
// main flows and saves screenshots (desktop 1280 px and phone 375 px) to $SHOTS (default /tmp/shots).
//   node scripts/screenshots.mjs      (needs /usr/bin/chromium and a built dist/)
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { nsecEncode } from "nostr-tools/nip19";

const OUT = process.env.SHOTS ?? "/tmp/shots";
mkdirSync(OUT, { recursive: true });
const adminSk = generateSecretKey();
const userSk = generateSecretKey();
const bun = process.env.BUN ?? "bun";

const mock = spawn(bun, ["dev/mock-api.ts", "--port", "0", "--admin", getPublicKey(adminSk)], {
  stdio: ["ignore", "pipe", "inherit"],
});
const base = await new Promise((res, rej) => {
  const rl = createInterface({ input: mock.stdout });
  rl.once("line", (l) => res(JSON.parse(l).url));
  mock.once("exit", () => rej(new Error("mock exited")));
  setTimeout(() => rej(new Error("mock timeout")), 15000);
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const problems = [];
async function shot(page, name, full = false) {
  await page.waitForTimeout(350);
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
      const id = await page.evaluate(async () => {
        const s = JSON.parse(localStorage.getItem("caravel.session"));
        const r = await fetch(`/tenants/${s.pubkey}/invoices?status=pending`, {
          headers: { Authorization: `Bearer ${s.token}`, Accept: "application/json" },
        });
        return (await r.json()).items[0].id;
      });
      await fetch(`${base}/__mock/pay/${id}`, { method: "POST" });
      await page.getByTestId("invoice-check").click();
    } else {
      await page.keyboard.press("Escape");
    }
  }
  await page.waitForURL(/\/relays\/\d+$/);
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
    await page.waitForURL(/\/relays\/\d+$/);
    await page.getByTestId("payment-due").waitFor();
    await shot(page, `${label}-relay-pending`, true);
    await createRelay(page, `Paid Relay ${label}`, "basic", true);
    await page
      .getByTestId("members")
      .getByText(/member/)
      .first()
      .waitFor();
    await shot(page, `${label}-relay-detail`, true);
    await page.getByTestId("edit-relay").click();
    await page.getByTestId("relay-submit").waitFor();
    await page.getByTestId("relay-subdomain").fill("paid-relay-renamed");
    await page.getByText("Available").waitFor();
    await shot(page, `${label}-relay-edit`, true);
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.getByTestId("deactivate-relay").click();
    await shot(page, `${label}-confirm`);
    await page.keyboard.press("Escape");
    await page.goto(`${base}/relays`);
    await page.getByTestId("relay-row").first().waitFor();
    await shot(page, `${label}-relays`);
    await page.goto(`${base}/account`);
    await page.getByTestId("invoice-row").first().waitFor();
    await shot(page, `${label}-account`, true);
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
  mock.kill();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`screenshots in ${OUT}, no horizontal overflow`);
