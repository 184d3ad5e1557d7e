// Runs the end-to-end files against ONE local stack (with its DNS server) and ONE backend jar, two files at a time:
// starting a stack, a JVM and a Chromium per file cost about a minute of a 2-core machine per file. The stack's ready
// line, the admin key and the backend's address go to a JSON file named by CARAVEL_E2E_ENV, which harness.mjs's
// startEnv hands out instead of starting its own (a file run alone by hand starts everything itself, as before). A
// file that needs a backend of its own (other settings, a clock it moves, a backend it stops) starts one on the shared
// stack. Each file is its own `node --test --test-reporter=spec` process; its report is printed whole when it ends
// (two interleaved reports could not be read), then one summary in node's own words ("ℹ pass N", "ℹ fail N" and the
// "✖ failing tests:" list, as scripts/test.sh reads them). Each file's time and counts also go to
// test-output/e2e-times.tsv (file, seconds, passed, failed), slowest first.
//   cd web && node e2e/run.mjs [FILE...]        (bun run e2e; FILE defaults to every e2e/*.test.mjs but deploy's)
//   E2E_CONCURRENCY=N                           files at a time (2)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { OUT, SHARED_ENV, WEB, newKey, startBackend, startStack, stopAll } from "./harness.mjs";

// the deploy test runs Caddy, its own stack and jar in front of each other: a suite of its own (bun run e2e:deploy)
const LEFT_OUT = new Set(["deploy.test.mjs"]);
// the longest files first, so the last one to start is a short one (times of a run on a 2-core machine)
const ORDER = ["app", "first-hour", "trust", "admission", "names", "community"];
const rank = (f) => {
  const i = ORDER.indexOf(basename(f, ".test.mjs"));
  return i === -1 ? ORDER.length : i;
};

const args = process.argv.slice(2);
const files = (
  args.length
    ? args
    : readdirSync(join(WEB, "e2e"))
        .filter((f) => f.endsWith(".test.mjs") && !LEFT_OUT.has(f))
        .map((f) => join("e2e", f))
).sort((a, b) => rank(a) - rank(b));
const concurrency = Math.max(1, Number(process.env.E2E_CONCURRENCY ?? 2) || 2);

/** @type {Set<import("node:child_process").ChildProcess>} */
const children = new Set();
/** Files not started yet; emptied on a signal. */
const queue = [...files];
for (const sig of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
  process.on(sig, () => {
    queue.length = 0;
    for (const c of children) c.kill("SIGTERM");
  });
}

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), "caravel-e2e-env-"));
let env;
try {
  // the union of what the files need of the shared backend: the stack's DNS server as its resolver (names)
  const admin = newKey();
  const stack = await startStack({ dns: true });
  const backend = await startBackend(stack, {
    admins: [admin.pubkey],
    env: {
      DNS_RESOLVERS: /** @type {string} */ (stack.dns_resolver),
      // every browser of every file comes from 127.0.0.1: two files at once must not share one address's budget
      // (no e2e test is about these limits; the backend's own tests are)
      RATE_REQUESTS_PER_MINUTE_IP: "10000",
      LIVE_STREAMS_PER_ADDRESS: "512",
    },
  });
  env = join(dir, "env.json");
  writeFileSync(
    env,
    JSON.stringify({
      stack,
      admin_sk: Buffer.from(admin.sk).toString("hex"),
      base: backend.base,
      port: backend.port,
      log: backend.log,
      db_dir: backend.dbDir,
    }),
    { mode: 0o600 },
  );
} catch (e) {
  console.error(`e2e: the shared stack and backend did not start: ${e instanceof Error ? e.message : e}`);
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
  // in node's words, so the summary counts the run as failed
  console.log("ℹ pass 0\nℹ fail 1\n\n✖ failing tests:\n\ntest at e2e/run.mjs:1:1\n✖ the shared environment started");
  process.exit(1);
}
console.log(`e2e: one stack and one backend for ${files.length} files, ${concurrency} at a time`);

/**
 * One file's run: its report with its own summary taken out (the closing one adds them up), its counts and its
 * failing-tests list.
 * @param {string} file
 */
function runFile(file) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ["--test", "--test-reporter=spec", file], {
      cwd: WEB,
      env: { ...process.env, [SHARED_ENV]: env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (out += d));
    child.once("close", (code, signal) => {
      children.delete(child);
      const seconds = Math.round((Date.now() - t0) / 1000);
      const lines = out.split("\n");
      const num = (key) => Number(lines.find((l) => l.startsWith(`ℹ ${key} `))?.slice(key.length + 3) ?? 0);
      const at = lines.indexOf("✖ failing tests:");
      let failing =
        at === -1
          ? ""
          : lines
              .slice(at + 1)
              .join("\n")
              .trim();
      let failed = num("fail");
      // a file that died without its summary (a crash, a signal) fails as a whole
      if ((code !== 0 || signal) && failed === 0) {
        failed = 1;
        failing += `${failing ? "\n\n" : ""}test at ${file}:1:1\n✖ ${file} exited with ${signal ?? code}`;
      }
      const report = (at === -1 ? lines : lines.slice(0, at)).filter((l) => !/^ℹ \w+ /.test(l)).join("\n");
      resolve({ file, seconds, passed: num("pass"), failed, cancelled: num("cancelled"), report, failing });
    });
  });
}

const results = [];
await Promise.all(
  Array.from({ length: Math.min(concurrency, files.length) }, async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const r = await runFile(file);
      results.push(r);
      console.log(`\n── ${r.file}: ${r.passed} passed, ${r.failed} failed (${r.seconds} s) ──`);
      console.log(r.report.trimEnd());
    }
  }),
);
await stopAll();
rmSync(dir, { recursive: true, force: true });

const sum = (k) => results.reduce((n, r) => n + r[k], 0);
mkdirSync(OUT, { recursive: true });
const byTime = [...results].sort((a, b) => b.seconds - a.seconds);
writeFileSync(
  join(OUT, "e2e-times.tsv"),
  byTime.map((r) => `${r.file}\t${r.seconds}\t${r.passed}\t${r.failed}\n`).join(""),
);
console.log("\nfile times (test-output/e2e-times.tsv):");
for (const r of byTime)
  console.log(`  ${r.file.padEnd(28)} ${String(r.seconds).padStart(4)} s  ${r.passed} passed, ${r.failed} failed`);
console.log(`ℹ tests ${sum("passed") + sum("failed")}`);
console.log(`ℹ pass ${sum("passed")}`);
console.log(`ℹ fail ${sum("failed")}`);
console.log(`ℹ cancelled ${sum("cancelled")}`);
console.log(`ℹ duration_ms ${Date.now() - started}`);
const failing = results.filter((r) => r.failing).map((r) => r.failing);
if (failing.length) console.log(`\n✖ failing tests:\n\n${failing.join("\n\n")}`);
process.exit(sum("failed") > 0 ? 1 : 0);
