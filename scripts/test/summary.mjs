// Where a test run's time went, and the budget that keeps it short. Run by scripts/test.sh after every suite:
//   node scripts/test/summary.mjs OUTPUT_DIR BUDGET_FILE
// reads OUTPUT_DIR/suite-times.tsv (suite, seconds, passed, failed, seconds of CPU: written by test.sh) and, per suite, the reports
// under OUTPUT_DIR/reports/<suite>/: Maven Surefire's TEST-*.xml (a backend test class each), Bun's JUnit XML (a file
// per top-level testsuite) and scripts/test/file-times-reporter.mjs's TSV (a file per line). It writes
// OUTPUT_DIR/summary.txt (each suite's time, the slowest classes and files, the budget's verdict), prints the same,
// and exits 1 when a backend test class took over 30 s or an end-to-end file over 90 s without a line in BUDGET_FILE
// that allows it (or beyond the ceiling that line gives) — where the CI environment variable is set (.ci/run sets it).
// The budget is wall-clock time, which is what it bounds (the suite's time), and a class's wall clock is only
// meaningful on a machine running nothing but the suite: on a developer's machine shared with other work a class over
// its budget is named but does not fail the run. (A class's CPU time was the other choice; it would miss what a class
// waits for — leases, timers, peers' processes — which is most of the slow classes' time.)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [outDir, budgetFile] = process.argv.slice(2);
if (!outDir || !budgetFile) {
  console.error("usage: node scripts/test/summary.mjs OUTPUT_DIR BUDGET_FILE");
  process.exit(2);
}

/** The default ceilings: what a class or a file of these suites may take without a budget line. */
const LIMITS = { backend: 30, "backend-pg": 30, e2e: 90, flotilla: 90, "flotilla-newer": 90, deploy: 90 };
const SLOWEST = 15;
/** Whether the budget fails the run: where CI is set (to anything but "", "0" or "false"). */
const ENFORCED = !["", "0", "false"].includes((process.env.CI ?? "").trim().toLowerCase());

/** @param {string} s seconds as text */
const secs = (s) => Number.parseFloat(s) || 0;
/** @param {number} s */
function duration(s) {
  const whole = Math.round(s);
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
}
const attr = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** Every class (Surefire) or file (Bun JUnit, the TSV reporter) a suite's reports name, with its seconds. */
function items(suite) {
  const dir = join(outDir, "reports", suite);
  const found = [];
  for (const f of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, f), "utf8");
    if (f.endsWith(".tsv")) {
      for (const line of text.split("\n").filter(Boolean)) {
        const [name, s] = line.split("\t");
        found.push({ suite, name, seconds: secs(s) });
      }
    } else if (f.endsWith(".xml")) {
      for (const tag of text.match(/<testsuite\s[^>]*>/g) ?? []) {
        const name = attr(tag, "name");
        const file = attr(tag, "file");
        // Surefire: one testsuite per class; Bun: a testsuite per file, holding its describe blocks as testsuites
        if (f.startsWith("TEST-") || (file && name === file)) found.push({ suite, name, seconds: secs(attr(tag, "time")) });
      }
    }
  }
  return found;
}

/** BUDGET_FILE: "name ceiling-seconds reason", # comments; a name is a class's simple name or a file's path. */
function budget() {
  const lines = new Map();
  for (const raw of readFileSync(budgetFile, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = line.match(/^(\S+)\s+(\d+)\s+(.+)$/);
    if (!m) throw new Error(`${budgetFile}: not "name seconds reason": ${line}`);
    lines.set(m[1], { ceiling: Number(m[2]), reason: m[3] });
  }
  return lines;
}
/** The budget line for a class (by its simple or full name) or a file (by its path, or its name alone). */
function lineFor(lines, name) {
  const short = name.includes("/") ? name.split("/").pop() : name.split(".").pop();
  return lines.get(name) ?? lines.get(short);
}

const suites = existsSync(join(outDir, "suite-times.tsv"))
  ? readFileSync(join(outDir, "suite-times.tsv"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => {
        const [name, s, passed, failed, cpu] = l.split("\t");
        return { name, seconds: secs(s), passed, failed, cpu: cpu === undefined ? undefined : secs(cpu) };
      })
  : [];
const reports = join(outDir, "reports");
const all = (existsSync(reports) ? readdirSync(reports).sort() : []).flatMap(items);
const lines = budget();

const out = [];
const total = suites.reduce((t, s) => t + s.seconds, 0);
// the local stack's and the web app's suites run beside the backend's build (scripts/test.sh), so the sum is more
// than the run took: the run's own time is the last line
const cpuTotal = suites.reduce((t, s) => t + (s.cpu ?? 0), 0);
out.push(
  `suite times (${duration(total)} added up, some side by side; installs not counted) and the CPU each used (${duration(cpuTotal)} in all):`,
);
for (const s of suites)
  out.push(
    `  ${s.name.padEnd(14)} ${duration(s.seconds).padStart(7)} ${s.cpu === undefined ? "" : `${duration(s.cpu).padStart(8)} CPU`}  ${s.passed} passed, ${s.failed} failed`,
  );

out.push("", `the ${SLOWEST} slowest test classes (backend) and files (other suites):`);
for (const i of [...all].sort((a, b) => b.seconds - a.seconds).slice(0, SLOWEST)) {
  const b = LIMITS[i.suite] && i.seconds > LIMITS[i.suite] ? lineFor(lines, i.name) : undefined;
  out.push(
    `  ${i.seconds.toFixed(1).padStart(7)} s  ${i.suite.padEnd(11)} ${i.name}${b ? `  (budget ${b.ceiling} s: ${b.reason})` : ""}`,
  );
}

const over = [];
for (const i of all) {
  const limit = LIMITS[i.suite];
  if (limit === undefined || i.seconds <= limit) continue;
  const b = lineFor(lines, i.name);
  if (!b) over.push(`${i.suite} ${i.name}: ${i.seconds.toFixed(1)} s, over ${limit} s and not in ${budgetFile}`);
  else if (i.seconds > b.ceiling)
    over.push(`${i.suite} ${i.name}: ${i.seconds.toFixed(1)} s, over its budget of ${b.ceiling} s (${b.reason})`);
}
out.push(
  "",
  `budget: a backend test class may take ${LIMITS.backend} s and an end-to-end file ${LIMITS.e2e} s, unless ${budgetFile} allows more`,
  ENFORCED
    ? "  (wall clock, enforced: CI is set)"
    : "  (wall clock, not enforced: CI is not set, and a shared machine's wall clock is not the suite's; CI=1 enforces it)",
);
// test.sh names the "over budget:" lines as failures; the same lines unenforced say so and fail nothing
if (over.length) for (const o of over) out.push(`  ${ENFORCED ? "over budget" : "over budget, not enforced"}: ${o}`);
else out.push("  every class and file within its budget");
// a budget line whose class or file ran and stayed within the default everywhere is no longer needed
const stale = [...lines.entries()]
  .filter(([, b]) => {
    const matched = all.filter((i) => LIMITS[i.suite] !== undefined && lineFor(lines, i.name) === b);
    return matched.length > 0 && matched.every((i) => i.seconds <= LIMITS[i.suite]);
  })
  .map(([name]) => name);
if (stale.length) out.push(`  (within the default in this run, so their budget lines may go: ${stale.join(", ")})`);

const text = `${out.join("\n")}\n`;
writeFileSync(join(outDir, "summary.txt"), text);
process.stdout.write(text);
process.exit(over.length && ENFORCED ? 1 : 0);
