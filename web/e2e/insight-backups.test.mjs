// End-to-end test of a relay's insight and backups (issue 45) in Debian's Chromium against the local stack and a
// backend on a clock the test moves (caravel.testing.ClockControlledMain). Two members post and one uploads a picture;
// the owner's Insight section charts the last 30 days with those posts. The clock is moved past the backup schedule's
// first pass: a scheduled backup appears in the Backups section, is downloaded from the page (its manifest read from
// the archive: counts and a checksum per file), and restored from the page into a new relay, which then holds the
// same events, media and members (counted on the new relay itself). Deleting and undoing is retire.test.mjs's.
//   cd web && node e2e/run.mjs e2e/insight-backups.test.mjs   (needs backend/target/caravel.jar,
//                                                              backend/target/test-classes and /usr/bin/chromium)
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finalizeEvent } from "nostr-tools/pure";
import {
  DESKTOP,
  ROOT,
  api,
  apiSession,
  browserSuite,
  eventually,
  loginWithNsec,
  newKey,
  relayInfo,
  stopAll,
} from "./harness.mjs";
import * as nostr from "./nostr-client.mjs";

// the emulator's stand-in for an operator's RESTORE_EVENTS_COMMAND (zooid takes members' events only from their
// authors), pointed at the zooid the backend uses: the command is split on spaces, so the address comes from the
// backend's own environment through this wrapper
const work = mkdtempSync(join(tmpdir(), "caravel-e2e-backups-"));
const restoreCommand = join(work, "restore-events.sh");
writeFileSync(
  restoreCommand,
  `#!/bin/sh\nexec node "${join(ROOT, "stack/zooid-emulator/restore-events.mjs")}" --node "default=$ZOOID_API_URL" "$@"\n`,
);
chmodSync(restoreCommand, 0o755);

const suite = browserSuite({
  navigationTimeout: 30_000,
  clockControl: true,
  name: "backend-insight-backups",
  env: {
    // the free plan with media, so the backup holds Blossom blobs
    PLANS: JSON.stringify([{ id: "free", name: "Free", price: 0, members: 10, blossom: true, backups: 3 }]),
    RESTORE_EVENTS_COMMAND: restoreCommand,
    RELAY_BACKUP_SCHEDULE: "on",
  },
});
const { openPage } = suite;
const RUN = Math.random().toString(36).slice(2, 6);

after(
  async () => {
    await suite.close();
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  },
  { timeout: 60_000 },
);

/** A Blossom request on a relay's own host (Node does not resolve *.localhost: the socket goes to loopback). */
function blossom(relayUrl, method, path, headers, body) {
  const u = new URL(relayUrl);
  return new Promise((res, rej) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: u.port, path, method, headers: { Host: u.host, ...headers }, timeout: 10_000 },
      (r) => {
        const chunks = [];
        r.on("data", (c) => chunks.push(c));
        r.on("end", () => res({ status: r.statusCode, reason: r.headers["x-reason"], body: Buffer.concat(chunks) }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", rej);
    req.end(body);
  });
}

/** BUD-01 authorization: a kind 24242 event for the verb and blob, base64 after "Nostr ". */
function blossomAuth(sk, verb, sha) {
  const now = Math.floor(Date.now() / 1000);
  const tags = [
    ["t", verb],
    ["expiration", String(now + 300)],
    ["x", sha],
  ];
  const e = finalizeEvent({ kind: 24242, created_at: now, tags, content: verb }, sk);
  return `Nostr ${Buffer.from(JSON.stringify(e)).toString("base64")}`;
}

/** The relay's kind-1 events as its owner reads them (authenticated): their ids, sorted. */
async function postIds(relayUrl, sk) {
  const c = await nostr.connect(relayUrl);
  try {
    await nostr.authenticate(c, sk);
    const { events, closed } = await nostr.query(c, [{ kinds: [1] }]);
    assert.equal(closed, null, `the owner reads ${relayUrl}`);
    return events.map((e) => e.id).sort();
  } finally {
    c.close();
  }
}

test("insight charts a relay's month; a scheduled backup is downloaded and restored into a new relay", {
  timeout: 150_000,
}, async () => {
  await suite.setup();
  const started = Date.now();
  const base = () => suite.env.base;
  const owner = newKey();
  const alice = newKey();
  const bob = newKey();
  const { token } = await apiSession(base(), owner.sk);
  const created = await api(base(), token, "POST", "/relays", {
    name: `Source ${RUN}`,
    subdomain: `src-${RUN}`,
    plan: "free",
    settings: { blossom_enabled: true },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.relay.id;
  const source = await eventually("the relay to be active", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}`);
    return r.body?.status === "active" && r.body.sync?.state === "synced" ? r.body : { ok: false };
  });
  for (const k of [alice, bob]) {
    const added = await api(base(), token, "POST", `/relays/${id}/members`, { pubkey: k.pubkey });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  }

  // --- the members post from their own clients; alice uploads a picture and posts it
  const picture = randomBytes(40_000);
  const sha = createHash("sha256").update(picture).digest("hex");
  const up = await eventually("alice's upload", async () => {
    const r = await blossom(
      source.url,
      "PUT",
      "/upload",
      { Authorization: blossomAuth(alice.sk, "upload", sha), "Content-Type": "application/octet-stream" },
      picture,
    );
    return r.status === 200 ? r : { ok: false, status: r.status, reason: r.reason };
  });
  assert.equal(up.status, 200);
  const posts = [
    [alice, "first from alice"],
    [bob, "bob says hi"],
    [alice, "a picture"],
    [bob, "bob again"],
  ];
  for (const [k, text] of posts) {
    const ok = await eventually(`${text} accepted`, async () => {
      const c = await nostr.connect(source.url);
      try {
        await nostr.authenticate(c, k.sk);
        const tags =
          text === "a picture" ? [["imeta", `url http://${new URL(source.url).host}/${sha}`, `x ${sha}`]] : [];
        const r = await nostr.publish(c, k.sk, 1, tags, `${text} ${RUN}`);
        return r.ok ? r : { ok: false, message: r.message };
      } finally {
        c.close();
      }
    });
    assert.equal(ok.ok, true);
  }

  // --- Insight: the figures are the watch's aggregates; the page charts the last 30 days
  await eventually("insight to count the posts", async () => {
    const r = await api(base(), token, "GET", `/relays/${id}/insight`);
    const posted = (r.body?.days ?? []).reduce((n, d) => n + d.posts, 0);
    return posted >= posts.length ? r : { ok: false, posted };
  });
  const tab = await openPage(DESKTOP);
  const { page } = tab;
  // the archive is downloaded the ordinary way (no save dialog), so the browser hands it to the test
  await page.addInitScript(() => {
    Object.defineProperty(window, "showSaveFilePicker", { value: undefined, configurable: true });
  });
  await loginWithNsec(page, base(), owner.nsec);
  await page.goto(`${base()}/relays/${id}/insight`);
  await page.getByTestId("insight-section").waitFor();
  assert.equal((await page.getByTestId("insight-posts").textContent())?.includes(String(posts.length)), true);
  assert.match((await page.getByTestId("insight-active").textContent()) ?? "", /2/);
  // uPlot draws the 30 days on a canvas, labelled with the same figures in words
  await page.locator('[data-testid="insight-days-chart"] canvas').first().waitFor();
  assert.match(
    (await page.getByTestId("insight-days-chart").getAttribute("aria-label")) ?? "",
    new RegExp(`the last 30 days: ${posts.length} posts`),
  );
  await tab.snap("insight-30-days", { fullPage: true });

  // --- the schedule's first pass is due a pass (10 minutes) after start-up: the backend's clock moves past it
  const clock = /** @type {NonNullable<typeof suite.env.clock>} */ (suite.env.clock);
  await clock.advance(11 * 60);
  const scheduled = await eventually(
    "a scheduled backup",
    async () => {
      const r = await api(base(), token, "GET", `/relays/${id}/backups`);
      const b = (r.body?.items ?? []).find((x) => x.reason === "scheduled");
      return b?.status === "done" ? b : { ok: false, items: r.body?.items };
    },
    60_000,
  );
  assert.equal(scheduled.events >= posts.length, true, JSON.stringify(scheduled));
  assert.equal(scheduled.blobs, 1);
  assert.equal(scheduled.members >= 2, true, JSON.stringify(scheduled));

  // --- zooid reports no per-relay media figure: the Insight section now shows what the backup counted
  await page.goto(`${base()}/relays/${id}/insight`);
  await page.getByTestId("insight-section").waitFor();
  assert.match(
    (await page.getByTestId("insight-storage").textContent()) ?? "",
    /media [\d.]+ (B|KB|MB) in 1 file, counted /,
  );

  // --- the owner sees it and downloads it as one archive; its manifest counts what was written, with sums
  await page.goto(`${base()}/relays/${id}/backups`);
  const row = page.getByTestId("backup-row").filter({ hasText: "Scheduled" });
  await row.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("backup-download").click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^src-${RUN}-backup-${scheduled.id}\\.zip$`));
  const zip = join(work, "backup.zip");
  await download.saveAs(zip);
  const manifest = JSON.parse(execFileSync("unzip", ["-p", zip, "manifest.json"], { encoding: "utf8" }));
  assert.equal(manifest.backup_id, scheduled.id);
  assert.equal(manifest.relay.id, id);
  assert.equal(manifest.counts.events, scheduled.events);
  assert.equal(manifest.counts.blobs, 1);
  assert.equal(manifest.counts.members, scheduled.members);
  const media = manifest.files.find((f) => f.path === `media/${sha}`);
  assert.ok(media, `the picture is in the archive: ${JSON.stringify(manifest.files.map((f) => f.path))}`);
  assert.equal(media.sha256, sha);
  assert.equal(media.size, picture.length);
  // each listed file is in the archive with the sum the manifest gives
  for (const f of manifest.files) {
    const bytes = execFileSync("unzip", ["-p", zip, f.path], { maxBuffer: 64 << 20 });
    assert.equal(createHash("sha256").update(bytes).digest("hex"), f.sha256, f.path);
  }

  // --- restored from the page into a new relay
  await row.getByTestId("backup-restore").click();
  const dialog = page.getByTestId("restore-dialog");
  await dialog.getByTestId("restore-preview").waitFor();
  await dialog.getByTestId("restore-new-name").fill(`Copy ${RUN}`);
  await dialog.getByTestId("restore-new-subdomain").fill(`copy-${RUN}`);
  await Promise.all([
    // the page is on the source's backups already: wait for another relay's
    page.waitForURL((u) => /^\/relays\/[^/]+\/backups$/.test(u.pathname) && !u.pathname.includes(id), {
      timeout: 30_000,
    }),
    dialog.getByTestId("restore-new").click(),
  ]);
  const copyId = new URL(page.url()).pathname.split("/")[2];
  assert.notEqual(copyId, id);
  const restore = await eventually(
    "the restore into the new relay",
    async () => {
      const r = await api(base(), token, "GET", `/relays/${copyId}/backups`);
      const x = r.body?.restores?.[0];
      if (x?.status === "failed") throw new Error(`the restore failed: ${JSON.stringify(x)}`);
      return x?.status === "done" ? x : { ok: false, restore: x };
    },
    60_000,
  );
  assert.deepEqual(restore.problems ?? [], []);
  // the new relay's page keeps the restore's result (read while it ran, or after it ended)
  const result = page.getByTestId("restore-progress").filter({ hasText: "Restored:" });
  await result.waitFor();
  assert.equal(await result.getAttribute("data-status"), "done");
  await tab.snap("restored-into-new", { fullPage: true });

  // --- counted on the new relay itself: the same events, the same media, the same members
  const copy = (await api(base(), token, "GET", `/relays/${copyId}`)).body;
  assert.deepEqual(await postIds(copy.url, owner.sk), await postIds(source.url, owner.sk));
  const got = await blossom(copy.url, "GET", `/${sha}`, { Authorization: blossomAuth(owner.sk, "get", sha) });
  assert.equal(got.status, 200, got.reason);
  assert.equal(createHash("sha256").update(got.body).digest("hex"), sha);
  // people, not the relays' own keys (each relay has its own; NIP-11's self and pubkey name them)
  const members = async (relay) => {
    const r = (await api(base(), token, "GET", `/relays/${relay}`)).body;
    const info = (await relayInfo(suite.env.stack, new URL(r.url).host)).body;
    const own = new Set([info.self, info.pubkey].filter(Boolean));
    const list = (await api(base(), token, "GET", `/relays/${relay}/members`)).body.items;
    return list
      .map((m) => m.pubkey)
      .filter((p) => !own.has(p) || p === owner.pubkey)
      .sort();
  };
  const copied = await members(copyId);
  assert.deepEqual(copied, await members(id));
  assert.ok(copied.includes(alice.pubkey) && copied.includes(bob.pubkey), JSON.stringify(copied));

  await tab.done();
  assert.ok(Date.now() - started < 90_000, `took ${Date.now() - started} ms`);
});
