import { readFileSync } from "node:fs";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";
import tailwindcss from "@tailwindcss/vite";
import { fileURLToPath } from "node:url";
import type { IncomingMessage } from "node:http";

// The Caravel backend. API paths overlap the SPA's paths (/relays, /relays/:id, ...), so the
// dev proxy sends browser navigations (Accept: text/html) to the SPA and everything else to the API.
const API = process.env.CARAVEL_API_URL ?? "http://127.0.0.1:2892";
// every path the API serves, from its one description (so a new route is proxied without editing this list)
const API_PREFIXES = [
  ...new Set(
    Object.keys(
      JSON.parse(readFileSync(new URL("../backend/src/main/resources/openapi.json", import.meta.url), "utf8")).paths,
    ).map((path) => `/${path.split("/")[1]}`),
  ),
];

function bypassNavigations(req: IncomingMessage): string | undefined {
  const accept = req.headers.accept ?? "";
  if (req.method === "GET" && accept.includes("text/html")) return "/index.html";
  return undefined;
}

export default defineConfig({
  // hydratable output: the prerendered public pages are adopted by the app, not rendered again (src/index.tsx)
  plugins: [solid({ ssr: true }), tailwindcss()],
  resolve: { alias: { "~": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? 5173),
    proxy: Object.fromEntries(
      API_PREFIXES.map((p) => [p, { target: API, changeOrigin: false, xfwd: true, bypass: bypassNavigations }]),
    ),
  },
  build: {
    target: "es2022",
    outDir: "dist",
    assetsInlineLimit: 2048,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // One chunk for all icons instead of dozens of tiny files.
        codeSplitting: { groups: [{ name: "icons", test: /lucide-solid/ }] },
      },
    },
  },
});
