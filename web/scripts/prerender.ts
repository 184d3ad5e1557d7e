// Prerenders the app into dist/ after `vite build`: builds src/prerender.tsx for the server (Solid's SSR output),
// renders the public pages (PRERENDERED in src/App.tsx) and the signed-in frame, and writes each into a copy of
// dist/index.html's #root:
//   dist/pages/home.html    "/"
//   dist/pages/login.html   "/login"
//   dist/pages/frame.html   the dashboard's frame, for /relays…, /account, /admin… (their data comes later)
// dist/index.html stays the plain shell for the rest (unknown paths).
// The backend serves dist/pages/<name>.html for its path (backend: caravel.api.WebPages). The app hydrates the public
// pages (adopts their nodes and state); the frame is not the page it stands for, so there the app renders itself
// off-screen and swaps in once its page is ready (src/index.tsx): what was painted never turns into a loading state.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import solid from "vite-plugin-solid";
import { deferEntry, fill, fillHydratable } from "./prerender-html";

const WEB = join(import.meta.dir, "..");
const DIST = join(WEB, "dist");
const SSR_OUT = join(WEB, "node_modules", ".prerender");

if (import.meta.main) {
  rmSync(SSR_OUT, { recursive: true, force: true });
  await build({
    configFile: false,
    root: WEB,
    logLevel: "warn",
    // hydratable SSR output: hydration keys on the nodes, lazy pages' state in inline scripts
    plugins: [solid({ ssr: true })],
    resolve: { alias: { "~": join(WEB, "src") } },
    build: { ssr: join(WEB, "src", "prerender.tsx"), outDir: SSR_OUT, target: "es2022", emptyOutDir: true },
  });
  const mod = await import(pathToFileURL(join(SSR_OUT, "prerender.js")).href);
  const template = readFileSync(join(DIST, "index.html"), "utf8"); // vite's, left as it is
  mkdirSync(join(DIST, "pages"), { recursive: true });
  for (const [url, name] of mod.prerenderedPages() as [string, string][]) {
    const html = deferEntry(fillHydratable(template, await mod.renderPage(url), mod.hydrationScript()));
    writeFileSync(join(DIST, "pages", `${name}.html`), html);
    console.log(`prerendered ${url} → dist/pages/${name}.html (${(html.length / 1024).toFixed(1)} KB)`);
  }
  writeFileSync(join(DIST, "pages", "frame.html"), deferEntry(fill(template, await mod.renderFrame())));
  console.log("prerendered the signed-in frame → dist/pages/frame.html");
  process.exit(0); // the SSR bundle may leave timers (toasts, stores) behind
}
