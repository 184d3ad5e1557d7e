// Web app benchmark:  cd web && bun run bench
//  1. the gzip size of the initial JS and CSS, as the backend jar serves them (scripts/size.ts's rules);
//  2. time to first contentful paint of "/" and "/login" (a visitor) and "/relays" (logged in, with the session in
//     localStorage exactly as the app stores it), in Debian's Chromium against the jar on the full local
//     stack (the e2e harness), each load in a fresh browser context (cold cache); loads of the pages
//     alternate, one warm-up each is dropped; the medians are printed with their ratio; for the hydrated public
//     pages also when the app had taken them over (hydrated, early clicks played back);
//  3. beside them, a plain static page of similar size served by the same backend in the same run: "/" as prerendered
//     (same HTML and CSS) with its scripts removed, so FCP of "/" ÷ FCP of that page is what the app's JavaScript
//     costs the first paint (goal ≤ 1.5). The backend serves a copy of web/dist (WEB_DIR) with that page added.
// Env: FCP_LOADS (default 10). Needs backend/target/caravel.jar and /usr/bin/chromium.
import type { Browser } from "playwright-core";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { api, apiSession, launchBrowser, newKey, startEnv, stopAll } from "../e2e/harness.mjs";
import { BUDGET_JS, gzipSize, initialRefs, kb } from "../scripts/size";

const LOADS = Math.max(1, Number(process.env.FCP_LOADS ?? 10));
const SESSION_KEY = "caravel.session";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(7);

async function initialSizes(base: string) {
  const html = await (await fetch(`${base}/`, { headers: { Accept: "text/html" } })).text();
  const rows: [string, number, number][] = [];
  let js = 0;
  let css = 0;
  for (const ref of initialRefs(html)) {
    const r = await fetch(new URL(ref, base));
    if (!r.ok) throw new Error(`GET ${ref} → ${r.status}`);
    const body = new Uint8Array(await r.arrayBuffer());
    const g = gzipSize(body);
    rows.push([ref, body.length, g]);
    if (ref.endsWith(".js")) js += g;
    else css += g;
  }
  return { rows, js, css };
}

/**
 * One cold load; returns the first-contentful-paint time (ms since navigation start) and, for a hydrated page, when
 * the app had taken it over (its recorded early clicks taken, see web/src/lib/hydration.ts).
 */
async function fcp(
  browser: Browser,
  url: string,
  session: object | null,
  ready: string,
): Promise<{ paint: number; hydrated?: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  try {
    if (session) {
      await ctx.addInitScript(([k, v]) => localStorage.setItem(k!, v!), [SESSION_KEY, JSON.stringify(session)]);
    }
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    const t = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const get = () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime;
          const now = get();
          if (now !== undefined) return resolve(now);
          new PerformanceObserver(() => {
            const v = get();
            if (v !== undefined) resolve(v);
          }).observe({ type: "paint", buffered: true });
          setTimeout(() => resolve(Number.NaN), 10_000);
        }),
    );
    // The page really rendered what it should (not, e.g., a redirect to /login).
    await page.locator(ready).first().waitFor({ timeout: 15_000 });
    if (!Number.isFinite(t)) throw new Error(`no first-contentful-paint entry for ${url}`);
    // a page to hydrate, with its scripts (the static reference is the same HTML without them)
    const hydrating = await page.evaluate(
      () => !!document.querySelector("#root[data-hydrate]") && "__caravelEarlyClicks" in window,
    );
    if (!hydrating) return { paint: t };
    // polled from here: waitForFunction evaluates a string, which the page's CSP refuses
    const takenOver = () =>
      page.evaluate(() =>
        (window as unknown as Record<string, unknown>).__caravelEarlyClicks === null ? performance.now() : null,
      );
    for (let tries = 0; tries < 1500; tries++) {
      const at = await takenOver();
      if (at !== null) return { paint: t, hydrated: at };
      await page.waitForTimeout(10);
    }
    throw new Error(`the app did not take over ${url}`);
  } finally {
    await ctx.close();
  }
}

/** web/dist plus static-reference.html: the prerendered "/" without any script (and no module preloads). */
function webDirWithReference(): string {
  const dist = join(import.meta.dir, "..", "dist");
  const dir = mkdtempSync(join(tmpdir(), "caravel-fcp-"));
  cpSync(dist, dir, { recursive: true });
  const home = readFileSync(join(dist, "pages", "home.html"), "utf8");
  const plain = home
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
  writeFileSync(join(dir, "static-reference.html"), plain);
  return dir;
}

let failed = false;
let browser: Browser | undefined;
const webDir = webDirWithReference();
try {
  const t0 = Date.now();
  const env = await startEnv({ env: { WEB_DIR: webDir } });
  console.log(`local stack + backend jar up in ${((Date.now() - t0) / 1000).toFixed(1)} s at ${env.base}`);

  const sizes = await initialSizes(env.base);
  console.log("\nInitial load as served by the backend (gzip):");
  for (const [ref, raw, g] of sizes.rows)
    console.log(`  ${ref.padEnd(44)} ${kb(raw).padStart(10)} raw  ${kb(g).padStart(9)} gzip`);
  console.log(`  initial JS:  ${kb(sizes.js)} gzip (budget ${kb(BUDGET_JS)})`);
  console.log(`  initial CSS: ${kb(sizes.css)} gzip`);

  // A tenant with a few relays, logged in the way the app stores a session.
  const key = newKey();
  const session = await apiSession(env.base, key.sk);
  for (const [i, name] of ["Bench One", "Bench Two", "Bench Three"].entries()) {
    const r = await api(env.base, session.token, "POST", "/relays", {
      name,
      subdomain: `bench-${i + 1}`,
      plan: "free",
    });
    if (r.status !== 201) throw new Error(`POST /relays → ${r.status} ${JSON.stringify(r.body)}`);
  }

  browser = await launchBrowser();
  const pages = [
    { path: "/", session: null, ready: '[data-testid="pricing"]', label: "/ (visitor)" },
    { path: "/relays", session, ready: '[data-testid="relay-row"]', label: "/relays (logged in)" },
    { path: "/static-reference.html", session: null, ready: "h1", label: "static page, same size" },
    { path: "/login", session: null, ready: '[role="tab"]', label: "/login (visitor)" },
  ];
  for (const p of pages) await fcp(browser, env.base + p.path, p.session, p.ready); // warm-up (server JIT, disk cache)
  const times: number[][] = pages.map(() => []);
  const hydrated: number[][] = pages.map(() => []);
  for (let i = 0; i < LOADS; i++) {
    for (const [j, p] of pages.entries()) {
      const t = await fcp(browser, env.base + p.path, p.session, p.ready);
      times[j]!.push(t.paint);
      if (t.hydrated !== undefined) hydrated[j]!.push(t.hydrated);
    }
  }
  console.log(`\nFirst contentful paint, Chromium headless, cold cache, ${LOADS} loads each:`);
  const medians = pages.map((p, j) => {
    const xs = times[j]!;
    const m = median(xs);
    const h = hydrated[j]!.length ? `   hydrated: median ${ms(median(hydrated[j]!))}` : "";
    console.log(
      `  ${p.label.padEnd(22)} median ${ms(m)}   min ${ms(Math.min(...xs))}   max ${ms(Math.max(...xs))}${h}`,
    );
    return m;
  });
  console.log(`  ratio /relays ÷ /: ${(medians[1]! / medians[0]!).toFixed(2)}`);
  console.log(`  ratio / ÷ static page of similar size: ${(medians[0]! / medians[2]!).toFixed(2)} (goal ≤ 1.5)`);
  console.log(`  ratio /login ÷ static page of the size of /: ${(medians[3]! / medians[2]!).toFixed(2)}`);
} catch (e) {
  failed = true;
  console.error(`bench failed: ${(e as Error).stack ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  await stopAll();
  rmSync(webDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
