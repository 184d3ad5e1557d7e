// The HTML side of prerendering (scripts/prerender.ts): putting a rendered page into vite's index.html, and starting
// the app after the first paint. Pure string functions, kept apart from the build so tests can import them.

/** index.html with `body` inside <div id="root">; fails if the template has no empty root to fill. */
export function fill(template: string, rendered: string): string {
  // Solid's async renderer adds inline scripts that hand lazy pages' data to hydration; nothing here hydrates
  const body = rendered.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  if (/<script\b/i.test(body)) throw new Error("a prerendered page must be plain HTML, but it has a <script>");
  const empty = '<div id="root"></div>';
  if (!template.includes(empty)) throw new Error('dist/index.html has no empty <div id="root"></div>');
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
  const loader =
    `<script>requestAnimationFrame(function(){setTimeout(function(){` +
    `${JSON.stringify(preloads)}.forEach(function(h){var l=document.createElement("link");l.rel="modulepreload";l.crossOrigin="";l.href=h;document.head.appendChild(l)});` +
    `var s=document.createElement("script");s.type="module";s.crossOrigin="";s.src=${JSON.stringify(m[1])};document.head.appendChild(s)})})</script>`;
  return html.replace(entry, loader).replace(/<link rel="modulepreload"[^>]*>\s*/g, "");
}
