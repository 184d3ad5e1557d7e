// The HTML side of prerendering (scripts/prerender.ts): putting a rendered page into vite's index.html, and starting
// the app after the first paint. Pure string functions, kept apart from the build so tests can import them.

import { EARLY_CLICKS } from "../src/lib/hydration";

const EMPTY_ROOT = '<div id="root"></div>';

function intoRoot(template: string, attribute: string, body: string): string {
  if (!template.includes(EMPTY_ROOT)) throw new Error('dist/index.html has no empty <div id="root"></div>');
  return template.replace(EMPTY_ROOT, `<div id="root" ${attribute}="">${body}</div>`);
}

/**
 * index.html with a page to be replaced (the signed-in frame) inside <div id="root" data-prerendered>: plain HTML,
 * the renderer's inline scripts dropped (they hand data to hydration, and nothing hydrates it).
 */
export function fill(template: string, rendered: string): string {
  const body = rendered.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  if (/<script\b/i.test(body)) throw new Error("a prerendered page must be plain HTML, but it has a <script>");
  return intoRoot(template, "data-prerendered", body);
}

/** Records what is clicked before the app has loaded, except links (the browser follows those); see EARLY_CLICKS. */
export const EARLY_CLICKS_SCRIPT =
  `<script>window.${EARLY_CLICKS}=[];addEventListener("click",function(e){var c=window.${EARLY_CLICKS};` +
  `if(c&&e.isTrusted&&!(e.target.closest&&e.target.closest("a[href]")))c.push(e.target)},true)</script>`;

/**
 * index.html with a page to be hydrated inside <div id="root" data-hydrate>, exactly as rendered (its inline scripts
 * hand lazy pages' state to hydration), and first in <head> Solid's hydration script (it defines what those scripts
 * call) and ours recording early clicks.
 */
export function fillHydratable(template: string, rendered: string, hydrationScript: string): string {
  if (!/^<script>[\s\S]*<\/script>(<!--[^>]*-->)?$/.test(hydrationScript.trim()))
    throw new Error("the hydration script must be one inline <script> (and Solid's marker comment)");
  if (!template.includes("<head>")) throw new Error("dist/index.html has no <head>");
  return intoRoot(template, "data-hydrate", rendered).replace(
    "<head>",
    `<head>${hydrationScript}${EARLY_CLICKS_SCRIPT}`,
  );
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
