// Prerenders the app into dist/ after `vite build`: builds src/prerender.tsx for the server (Solid's SSR output),
// renders the public pages and the signed-in frame, and writes each into a copy of dist/index.html's #root:
//   dist/index.html        the signed-in pages' frame (every app path without a page of its own)
//   dist/pages/home.html   "/"            dist/pages/login.html   "/login"
// The backend serves dist/pages/<name>.html for its path (PrerenderedPages.java). The app then renders itself
// off-screen and swaps in once its page is ready (src/index.tsx), so what was painted is never replaced by a
// loading state.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import solid from "vite-plugin-solid";

const WEB = join(import.meta.dir, "..");
const DIST = join(WEB, "dist");
const SSR_OUT = join(WEB, "node_modules", ".prerender");

export const PAGES: Record<string, string> = { home: "/", login: "/login" };

/** index.html with `body` inside <div id="root">; fails if the template has no empty root to fill. */
export function fill(template: string, rendered: string): string {
  // Solid's async renderer adds inline scripts that hand lazy pages' data to hydration; nothing here hydrates
  const body = rendered.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  if (/<script\b/i.test(body)) throw new Error("a prerendered page must be plain HTML, but it has a <script>");
  const empty = '<div id="root"></div>';
  if (!template.includes(empty)) throw new Error("dist/index.html has no empty <div id=\"root\"></div>");
  return template.replace(empty, `<div id="root" data-prerendered="">${body}</div>`);
}

/**
 * The app's entry script, started after the first paint instead of before it. A module script is deferred, but on a
 * fast connection it (and the module preloads) are fetched and evaluated before the browser's first rendering
 * opportunity, so the prerendered page would only paint once ~300 KB of JavaScript had run. requestAnimationFrame
 * runs just before that paint and a timeout queued from it runs just after: the page paints, then the entry and its
 * chunks (the former preloads, requested together so they do not wait for each other) load.
 */
export function deferEntry(html: string): string {
  const entry = /<script type="module" crossorigin src="([^"]+)"><\/script>/;
  const m = html.match(entry);
  if (!m) throw new Error("dist/index.html has no module entry script");
  const preloads = [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((p) => p[1]!);
  const loader = `<script>requestAnimationFrame(function(){setTimeout(function(){` +
    `${JSON.stringify(preloads)}.forEach(function(h){var l=document.createElement("link");l.rel="modulepreload";l.crossOrigin="";l.href=h;document.head.appendChild(l)});` +
    `var s=document.createElement("script");s.type="module";s.crossOrigin="";s.src=${JSON.stringify(m[1])};document.head.appendChild(s)})})</script>`;
  return html.replace(entry, loader).replace(/<link rel="modulepreload"[^>]*>\s*/g, "");
}

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
  // vite's index.html is the template; a second run (without a new vite build) reuses the copy kept by the first
  const TEMPLATE = join(WEB, "node_modules", ".prerender-template.html");
  let template = readFileSync(join(DIST, "index.html"), "utf8");
  if (template.includes('<div id="root"></div>')) writeFileSync(TEMPLATE, template);
  else template = readFileSync(TEMPLATE, "utf8");
  mkdirSync(join(DIST, "pages"), { recursive: true });
  for (const [name, url] of Object.entries(PAGES)) {
    const html = deferEntry(fill(template, await mod.renderPage(url)));
    writeFileSync(join(DIST, "pages", `${name}.html`), html);
    console.log(`prerendered ${url} → dist/pages/${name}.html (${(html.length / 1024).toFixed(1)} KB)`);
  }
  writeFileSync(join(DIST, "index.html"), deferEntry(fill(template, await mod.renderFrame())));
  console.log("prerendered the signed-in frame → dist/index.html");
  process.exit(0); // the SSR bundle may leave timers (toasts, stores) behind
}
