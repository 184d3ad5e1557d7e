// A remote signer's NIP-46 auth_url over real sockets: the stack's relay and development bunker (node) run as child
// processes, the bunker answers sign_event with an auth_url first, and the web app's bunker client passes only https:
// URLs on to be opened; a javascript: URL is reported as unsafe and never handed to the opener.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
const children: ChildProcess[] = [];
let bunkerUrl = "";
let controlUrl = "";

function start(script: string, args: string[]): Promise<Record<string, unknown>> {
  const p = spawn("node", [join(ROOT, script), ...args], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(p);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} was not ready in 20 s`)), 20_000);
    createInterface({ input: p.stdout! }).on("line", (line) => {
      if (!line.startsWith('{"ready":true')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
    p.on("exit", (code) => reject(new Error(`${script} exited (${code})`)));
  });
}

beforeAll(async () => {
  const relay = await start("stack/relay/server.mjs", ["--port", "0"]);
  const bunker = await start("stack/bunker/server.mjs", [
    "--relay",
    String(relay.url),
    "--control-port",
    "0",
    "--quiet",
  ]);
  bunkerUrl = String(bunker.bunker_url);
  controlUrl = String(bunker.control_url);
}, 30_000);

afterAll(() => {
  for (const c of children) c.kill();
});

async function authUrlPolicy(url: string | null) {
  const r = await fetch(`${controlUrl}/policy`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deny: [], auth_url: url }),
  });
  expect(r.status).toBe(200);
}

async function newBunkerUrl(): Promise<string> {
  const r = await fetch(`${controlUrl}/bunker-urls`, { method: "POST" });
  return ((await r.json()) as { bunker_url: string }).bunker_url ?? bunkerUrl;
}

test("a javascript: auth_url from the bunker is refused, an https: one is passed on", async () => {
  const { bunkerSigner } = await import("../src/lib/signers");
  for (const [sent, safe] of [
    ["javascript:alert(document.domain)", false],
    ["https://signer.example/approve?req=1", true],
  ] as const) {
    await authUrlPolicy(null);
    const opened: string[] = [];
    const refused: string[] = [];
    const signer = await bunkerSigner(await newBunkerUrl(), {
      onAuthUrl: (u) => opened.push(u),
      onUnsafeAuthUrl: (u) => refused.push(u),
    });
    await authUrlPolicy(sent);
    const signed = await signer.signEvent({
      kind: 1,
      created_at: Math.floor(Date.now() / 1000),
      tags: [],
      content: "hi",
    });
    expect(signed.sig).toMatch(/^[0-9a-f]{128}$/); // the bunker answered after its auth_url
    if (safe) {
      expect(opened).toEqual([sent]);
      expect(refused).toEqual([]);
    } else {
      expect(opened).toEqual([]);
      expect(refused).toEqual([sent]);
    }
    await signer.close?.();
  }
}, 60_000);
