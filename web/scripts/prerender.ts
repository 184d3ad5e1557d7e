// Prerenders the app into dist/ after `vite build`: builds src/prerender.tsx for the server (Solid's SSR output),
// renders the marketing page and the signed-in frame, and writes each into a copy of dist/index.html's #root:
//   dist/pages/home.html    "/"
//   dist/pages/frame.html   the dashboard's frame, for /relays…, /account, /admin… (their data comes later)
// dist/index.html stays the plain shell for the rest (/login, unknown paths). /login is not prerendered: it is a
// form, and what a visitor typed or chose before the app took over would be lost.
// The backend serves dist/pages/<name>.html for its path (backend: caravel.api.WebPages). The app then renders itself
// off-screen and swaps in once its page is ready (src/index.tsx), so what was painted is never replaced by a
// loading state.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import solid from "vite-plugin-solid";
import { deferEntry, fill } from "./prerender-html";

const WEB = join(import.meta.dir, "..");
const DIST = join(WEB, "dist");
const SSR_OUT = join(WEB, "node_modules", ".prerender");

export const PAGES: Record<string, string> = { home: "/" };

if (import.meta.main) {
  rmSync(SSR_OUT, { recursive: true, force: true });
  await build({
    configFile: false,
    root: WEB,
    logLevel: "warn",
    // SSR output, but not hydratable: the app renders itself afresh (no hydration keys or serialized resources)
    plugins: [solid({ ssr: true, solid: { hydratable: false } })],
    resolve: { alias: { "~": join(WEB, "src") } },
    build: { ssr: join(WEB, "src", "prerender.tsx"), outDir: SSR_OUT, target: "es2022", emptyOutDir: true },
  });
  const mod = await import(pathToFileURL(join(SSR_OUT, "prerender.js")).href);
  const template = readFileSync(join(DIST, "index.html"), "utf8"); // vite's, left as it is
  mkdirSync(join(DIST, "pages"), { recursive: true });
  for (const [name, url] of Object.entries(PAGES)) {
    const html = deferEntry(fill(template, await mod.renderPage(url)));
    writeFileSync(join(DIST, "pages", `${name}.html`), html);
    console.log(`prerendered ${url} → dist/pages/${name}.html (${(html.length / 1024).toFixed(1)} KB)`);
  }
  writeFileSync(join(DIST, "pages", "frame.html"), deferEntry(fill(template, await mod.renderFrame())));
  console.log("prerendered the signed-in frame → dist/pages/frame.html");
  process.exit(0); // the SSR bundle may leave timers (toasts, stores) behind
}
