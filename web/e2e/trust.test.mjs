// The first hour, round two (issue 25), end to end in Chromium against the full local stack: each module in
// e2e/trust/ walks one area a new user or admin found contradictory or unfinished (money on the account page, live
// members, offline and reconnect, confirmations and polish) and fails on the old behaviour. They share one stack and
// one browser, so the walk costs one start-up.
//   cd web && node --test --test-reporter=spec e2e/trust.test.mjs
// TRUST_ONLY=<module name without .mjs> runs one area while working on it.
import { after } from "node:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { browserSuite, stopAll } from "./harness.mjs";

const suite = browserSuite({ navigationTimeout: 30_000 });

after(
  async () => {
    await suite.close();
    await stopAll();
  },
  { timeout: 60_000 },
);

const dir = join(import.meta.dirname, "trust");
for (const file of (existsSync(dir) ? readdirSync(dir) : [])
  .filter((f) => f.endsWith(".mjs"))
  .filter((f) => !process.env.TRUST_ONLY || f === `${process.env.TRUST_ONLY}.mjs`)
  .sort()) {
  const area = await import(join(dir, file));
  area.default(suite);
}
