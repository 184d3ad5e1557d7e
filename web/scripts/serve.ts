// Serves web/dist like the backend will: files as they are, browser navigations (Accept: text/html)
// to index.html, and every other request proxied to the API (CARAVEL_API_URL, default :2892).
//   bun scripts/serve.ts [--port 4173]
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

const i = process.argv.indexOf("--port");
const PORT = Number(i >= 0 ? process.argv[i + 1] : (process.env.PORT ?? 4173));
const API = process.env.CARAVEL_API_URL ?? "http://127.0.0.1:2892";
const DIST = resolve(import.meta.dir, "..", "dist");

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: PORT,
  async fetch(req) {
    const url = new URL(req.url);
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, "");
    const file = resolve(DIST, rel);
    if (req.method === "GET" && rel && file.startsWith(DIST) && existsSync(file) && statSync(file).isFile()) {
      return new Response(Bun.file(file));
    }
    if (req.method === "GET" && (req.headers.get("accept") ?? "").includes("text/html")) {
      return new Response(Bun.file(join(DIST, "index.html")), {
        headers: { "Content-Type": "text/html; charset=utf-8" },
      });
    }
    const headers = new Headers(req.headers);
    headers.set("x-forwarded-host", url.host);
    headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
    try {
      return await fetch(API + url.pathname + url.search, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : await req.arrayBuffer(),
        redirect: "manual",
      });
    } catch {
      return Response.json({ error: `API unreachable at ${API}` }, { status: 502 });
    }
  },
});
console.log(JSON.stringify({ ready: true, port: server.port, url: `http://127.0.0.1:${server.port}` }));
