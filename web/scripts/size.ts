// Prints the gzip size of what the browser loads first: the JS and CSS that dist/index.html
// references (entry script, modulepreloads, stylesheets). Fails when the JS is over budget.
// bench/fcp.ts reuses initialRefs/gzipSize/kb on the app as the backend serves it.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = join(import.meta.dir, "..", "dist");
export const BUDGET_JS = 150 * 1024;

/** The JS and CSS files an index.html loads up front (script src, modulepreload/stylesheet href). */
export function initialRefs(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)) refs.add(m[1]!);
  // prerendered pages start the entry and its chunks from an inline loader after the first paint (prerender.ts)
  for (const m of html.matchAll(/<script>requestAnimationFrame[\s\S]*?<\/script>/g))
    for (const r of m[0].matchAll(/"(\/assets\/[^"]+\.js)"/g)) refs.add(r[1]!);
  return [...refs];
}

export const gzipSize = (data: Uint8Array) => gzipSync(data, { level: 9 }).length;
export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

if (import.meta.main) {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const refs = new Set(initialRefs(html));
  const gz = (path: string) => gzipSize(readFileSync(path));

  let js = 0;
  let css = 0;
  const rows: [string, number, number][] = [];
  for (const ref of refs) {
    const file = join(DIST, ref.replace(/^\//, ""));
    const raw = statSync(file).size;
    const g = gz(file);
    rows.push([ref, raw, g]);
    if (ref.endsWith(".js")) js += g;
    else css += g;
  }

  let lazy = 0;
  let lazyCount = 0;
  const assets = join(DIST, "assets");
  for (const f of readdirSync(assets)) {
    if (!f.endsWith(".js") || refs.has(`/assets/${f}`)) continue;
    lazy += gz(join(assets, f));
    lazyCount++;
  }

  console.log("\nInitial load (gzip):");
  for (const [ref, raw, g] of rows)
    console.log(`  ${ref.padEnd(44)} ${kb(raw).padStart(10)} raw  ${kb(g).padStart(9)} gzip`);
  console.log(`  initial JS:  ${kb(js)} gzip (budget ${kb(BUDGET_JS)})`);
  console.log(`  initial CSS: ${kb(css)} gzip`);
  console.log(`  lazy chunks: ${lazyCount} files, ${kb(lazy)} gzip in total\n`);
  if (js > BUDGET_JS) {
    console.error(`initial JS ${kb(js)} is over the ${kb(BUDGET_JS)} budget`);
    process.exit(1);
  }
}
