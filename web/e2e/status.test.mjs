// End-to-end test of the public status page (issue 56) in Debian's Chromium: a backend of its own over two zooid
// nodes, the stack's emulator ("default", taking no new relays) and a second emulator this file starts ("b"). A relay
// is placed on b; anyone sees the page operational and the relay's join page naming its host's health; once b's
// process is stopped, the page (read again: each read checks the nodes when the last check is over 3 s old) turns
// "degraded" with b's row down and the default node's still up, and the relay's join page says its host is down.
//   cd web && node --test e2e/status.test.mjs   (needs backend/target/caravel.jar and /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  api,
  apiSession,
  browserSuite,
  DESKTOP,
  eventually,
  freePort,
  keyOf,
  newKey,
  ROOT,
  sharedEnv,
  startProgram,
  startStack,
  stopAll,
} from "./harness.mjs";

const RUN = Math.random().toString(36).slice(2, 6);
const T = { timeout: 90_000 };

// the second node: the stack's zooid emulator program again, on its own port and config folder, trusting the same
// API key as the stack's node (the backend signs both with ZOOID_API_SECRET)
const stack = sharedEnv()?.stack ?? (await startStack());
const port = await freePort();
const nodeB = `http://127.0.0.1:${port}`;
const emulator = startProgram("zooid-emulator-b", "node", [join(ROOT, "stack", "zooid-emulator", "server.mjs")], {
  cwd: join(ROOT, "stack"),
  env: {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    PORT: String(port),
    API_HOST: "",
    API_WHITELIST: keyOf(Uint8Array.from(Buffer.from(stack.zooid_api_secret, "hex"))).pubkey,
    ZOOID_LINE: stack.zooid_line ?? "archived",
  },
});
await eventually("the second zooid emulator to listen", async () => {
  if (!emulator.alive()) throw new Error(`the second zooid emulator exited:\n${emulator.tail()}`);
  return fetch(nodeB).then(
    () => ({ ok: true }),
    () => ({ ok: false }),
  );
});

const suite = browserSuite({
  name: "backend-status",
  env: {
    ZOOID_API_URL: "",
    ZOOID_RELAY_ORIGIN: "",
    RELAY_DOMAIN: "",
    ZOOID_NODES:
      `default api=${stack.zooid_api_url} origin=${stack.zooid_relay_origin} domain=${stack.relay_domain} ` +
      `capacity=0; b api=${nodeB} origin=${nodeB} domain=b.${stack.relay_domain}`,
  },
});
const { openPage } = suite;

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

test(
  "a stopped zooid node turns the status page degraded, and its relay's join page says its host is down",
  T,
  async () => {
    await suite.setup();
    const base = suite.env.base;
    const owner = newKey();
    const subdomain = `health-${RUN}`;
    const { token } = await apiSession(base, owner.sk);
    const created = await api(base, token, "POST", "/relays", { name: `Health ${RUN}`, subdomain, plan: "free" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.relay.id;
    await eventually("the relay to be active on node b", async () => {
      const r = await api(base, token, "GET", `/relays/${id}`);
      return r.body?.status === "active" ? r : { ok: false, status: r.body?.status };
    });

    // anyone: no sign-in
    const { page, done } = await openPage(DESKTOP);
    const headline = page.getByTestId("status-headline");
    // a component's state (its day bars carry data-state too)
    const row = (name) =>
      page.locator(`[data-testid="status-component"][data-name="${name}"] span[data-state]:not([data-testid])`);
    await page.goto(`${base}/status`);
    assert.equal(await headline.getAttribute("data-state"), "up");
    assert.match(await headline.textContent(), /All systems operational/);
    assert.equal(await row("node:b").getAttribute("data-state"), "up");

    const health = page.getByTestId("join-health-state");
    await page.goto(`${base}/join/${subdomain}`);
    await health.waitFor();
    assert.equal(await health.getAttribute("data-state"), "up");
    assert.equal(await health.textContent(), "Relay host: Operational");

    await new Promise((resolve) => {
      emulator.child.once("exit", resolve);
      emulator.child.kill("SIGTERM");
    });

    await page.goto(`${base}/status`);
    await eventually("the page to say degraded", async () => {
      await page.reload();
      const state = await headline.getAttribute("data-state");
      return { ok: state === "degraded", state };
    });
    assert.match(await headline.textContent(), /Some systems are degraded/);
    assert.equal(await row("node:b").getAttribute("data-state"), "down");
    assert.match(await row("node:b").textContent(), /Down.*not answering/);
    assert.equal(await row("node:default").getAttribute("data-state"), "up");
    // the page names no host or address
    assert.doesNotMatch(await page.locator("main").textContent(), new RegExp(`${port}|127\\.0\\.0\\.1`));

    await page.goto(`${base}/join/${subdomain}`);
    await health.waitFor();
    assert.equal(await health.getAttribute("data-state"), "down");
    assert.equal(await health.textContent(), "Relay host: Down");
    await page.getByTestId("join-health").getByRole("link", { name: "Status page" }).click();
    await page.waitForURL(`${base}/status`);
    await done();
  },
);
