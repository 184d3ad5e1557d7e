// A node --test reporter that writes one line per test file: "file<TAB>seconds<TAB>passed<TAB>failed", where seconds
// adds up the file's top-level tests (hooks outside a test are not in it). scripts/test/summary.mjs reads these lines
// to list the slowest files and to hold end-to-end files to their budget. Used beside the spec reporter:
//   node --test --test-reporter=spec --test-reporter-destination=stdout \
//     --test-reporter=./scripts/test/file-times-reporter.mjs --test-reporter-destination=FILE.tsv …
import { relative } from "node:path";

export default async function* fileTimes(source) {
  /** @type {Map<string, {ms: number, passed: number, failed: number}>} */
  const files = new Map();
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { file, nesting, details } = event.data;
    if (!file || nesting !== 0) continue;
    const f = files.get(file) ?? { ms: 0, passed: 0, failed: 0 };
    f.ms += details?.duration_ms ?? 0;
    if (event.type === "test:pass") f.passed++;
    else f.failed++;
    files.set(file, f);
  }
  for (const [file, f] of files)
    yield `${relative(process.cwd(), file)}\t${(f.ms / 1000).toFixed(1)}\t${f.passed}\t${f.failed}\n`;
}
