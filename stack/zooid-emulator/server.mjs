#!/usr/bin/env node

// zooid emulator — DEVELOPMENT AND TESTS ONLY.
//
// One HTTP server that behaves like zooid: its management API, and its virtual relays (NIP-11,
// NIP-86 and real Nostr over WebSocket). Requests are routed by the exact Host header:
//   Host = API_HOST            -> management API (api.mjs), or emulator control under /_emulator/
//   Host = a served relay's `host` -> that virtual relay (relay-host.mjs, virtual-relay.mjs)
//   /.well-known/nostr.json at any other host, with --nip05-upstream -> Caravel (nip05-forward.mjs), as the
//                                  production proxy routes NIP-05 lookups at relay hosts
//   anything else              -> 404, text/plain, body "Not Found" (HTTP, NIP-11 and WebSocket alike)
//
// Usage: node zooid-emulator/server.mjs [--port N] [--config DIR] [--api-host H] [--api-whitelist HEX,...]
//          [--line archived|newer] [--reload-gap-ms N] [--nip05-upstream URL] [--log]
// Env:   PORT (3334; 0 = random), CONFIG (default: a new temp dir), API_HOST (default
//        127.0.0.1:<bound port>), API_WHITELIST (required, comma-separated hex pubkeys),
//        ZOOID_LINE (archived), RELOAD_GAP_MS (300: how long a relay whose config was rewritten is
//        not loaded, as zooid's failed and good reloads within the same second; 0 turns it off),
//        NIP05_UPSTREAM (unset: none; Caravel's base URL, where NIP-05 lookups at relay hosts are sent),
//        LOG=1 (request log on stderr)
// When listening it prints exactly one line to stdout:
//   {"ready":true,"port":N,"url":"http://127.0.0.1:N","config_dir":"...","api_host":"127.0.0.1:N","line":"archived"}

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { handleApi } from './api.mjs';
import { BLOSSOM_MAX_BYTES, isBlossomRequest } from './blossom.mjs';
import { handleControl, takeFailure } from './control.mjs';
import { readBody, sendJson, sendText } from './http-util.mjs';
import { isHex64 } from './keys.mjs';
import { forwardNip05, isNip05Request, upstreamProblem } from './nip05-forward.mjs';
import { Registry } from './registry.mjs';
import { DataStore } from './relay-data.mjs';
import { handleRelayHost } from './relay-host.mjs';
import { ConfigStore } from './store.mjs';
import { MAX_MESSAGE_BYTES } from './virtual-relay.mjs';

export const LINES = ['archived', 'newer'];
const BIND = '127.0.0.1';

/** Options from argv and env (argv wins). Throws an Error with a readable message. */
export function parseOptions(argv = process.argv.slice(2), env = process.env) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    const key = eq === -1 ? a.slice(2) : a.slice(2, eq);
    if (key === 'log') {
      args.log = true;
      continue;
    }
    if (!['port', 'config', 'api-host', 'api-whitelist', 'line', 'reload-gap-ms', 'nip05-upstream'].includes(key))
      throw new Error(`unknown option: --${key}`);
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined) throw new Error(`--${key} needs a value`);
    args[key] = value;
  }

  const portText = args.port ?? env.PORT ?? '3334';
  const port = Number(portText);
  if (!/^\d+$/.test(String(portText)) || port > 65535) throw new Error(`PORT must be 0-65535, got ${portText}`);

  const whitelistText = args['api-whitelist'] ?? env.API_WHITELIST ?? '';
  // Entries are compared exactly with the signer's lower-case hex (an upper-case entry never matches).
  const whitelist = whitelistText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (whitelist.length === 0) throw new Error('API_WHITELIST is required (comma-separated hex pubkeys)');
  const bad = whitelist.find((p) => !isHex64(p));
  if (bad) throw new Error(`API_WHITELIST entry is not a 64-hex pubkey: ${bad}`);

  const line = (args.line ?? env.ZOOID_LINE ?? 'archived').trim() || 'archived';
  if (!LINES.includes(line)) throw new Error(`--line / ZOOID_LINE must be "archived" or "newer", got ${line}`);

  const gapText = String(args['reload-gap-ms'] ?? env.RELOAD_GAP_MS ?? '300').trim();
  if (!/^\d+$/.test(gapText) || Number(gapText) > 60_000)
    throw new Error(`--reload-gap-ms / RELOAD_GAP_MS must be 0-60000, got ${gapText}`);

  const nip05Upstream = String(args['nip05-upstream'] ?? env.NIP05_UPSTREAM ?? '').trim() || null;
  const upstreamBad = upstreamProblem(nip05Upstream ?? '');
  if (upstreamBad) throw new Error(`--nip05-upstream / NIP05_UPSTREAM: ${upstreamBad}`);

  return {
    port,
    nip05Upstream,
    reloadGapMs: Number(gapText),
    // Compared exactly with the Host header; null = 127.0.0.1:<bound port>.
    apiHost: (args['api-host'] ?? env.API_HOST ?? '').trim() || null,
    line,
    whitelist,
    configDir: args.config ?? env.CONFIG ?? null,
    log: Boolean(args.log || (env.LOG && env.LOG !== '0')),
  };
}

/**
 * What the request handlers share.
 * @typedef {object} EmulatorContext
 * @property {ConfigStore} store
 * @property {DataStore} data
 * @property {Registry} registry
 * @property {'archived'|'newer'} line
 * @property {string|null} apiHost exact Host header of the management API (set once listening when not given)
 * @property {Set<string>} whitelist pubkeys allowed to call the management API
 * @property {{ status: number, count: number, target: string }} failure injected failures (control routes)
 * @property {{ count: number, keep: number }} [blobWriteCut] Blossom file writes to cut short (control routes)
 * @property {string|null} nip05Upstream Caravel's base URL for NIP-05 lookups at relay hosts (null: not forwarded)
 */

/**
 * Start the emulator. Resolves { server, port, url, configDir, apiHost, line, close() }.
 * @param {{ port: number, reloadGapMs?: number, apiHost?: string|null, line?: 'archived'|'newer', whitelist: string[], configDir?: string|null, log?: boolean, nip05Upstream?: string|null }} opts
 */
export async function startEmulator(opts) {
  const configDir = path.resolve(opts.configDir || fs.mkdtempSync(path.join(os.tmpdir(), 'zooid-emulator-')));
  const line = opts.line ?? 'archived';
  const store = new ConfigStore(configDir);
  await store.init();
  const data = new DataStore(path.join(configDir, '.emulator-data'));
  const log = opts.log ? (m) => process.stderr.write(`zooid-emulator: ${m}\n`) : () => {};
  const registry = new Registry({ store, data, line, log, reloadGapMs: opts.reloadGapMs ?? 0 });
  await registry.sync();
  registry.watch();
  store.watch();

  /** @type {EmulatorContext} */
  const ctx = {
    store,
    data,
    registry,
    line,
    apiHost: opts.apiHost ?? null,
    whitelist: new Set(opts.whitelist),
    failure: { status: 500, count: 0, target: 'api' },
    blobWriteCut: { count: 0, keep: 0 },
    nip05Upstream: opts.nip05Upstream ?? null,
  };

  const server = http.createServer((req, res) => {
    const started = Date.now();
    if (opts.log) {
      res.on('finish', () =>
        process.stderr.write(
          `${req.method} ${req.headers.host ?? '-'}${req.url} -> ${res.statusCode} (${Date.now() - started} ms)\n`,
        ),
      );
    }
    dispatch(ctx, req, res).catch((e) => {
      process.stderr.write(`zooid-emulator: ${e.stack ?? e}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: `internal error: ${e.message}` });
      else res.destroy();
    });
  });

  // WebSocket upgrades: a served relay's host gets a Nostr connection; anything else the same
  // plain-text 404 as a plain HTTP request.
  // zooid (khatru) reads messages of at most 512,000 bytes and closes the connection (1009) on a larger one
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', async (req, socket, head) => {
    socket.on('error', () => {});
    try {
      const host = req.headers.host;
      let vr = null;
      if (host !== ctx.apiHost) {
        await registry.syncForHost(host);
        vr = registry.relayForHost(host);
      }
      if (!vr) {
        const body = 'Not Found\n';
        socket.end(
          `HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => vr.accept(ws, req, () => registry.syncIfDirty()));
    } catch (e) {
      process.stderr.write(`zooid-emulator: upgrade failed: ${e.stack ?? e}\n`);
      socket.destroy();
    }
  });

  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, BIND, () => {
        server.off('error', reject);
        resolve();
      });
    })
  );
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  ctx.apiHost ??= `${BIND}:${port}`;

  return {
    server,
    port,
    url: `http://${BIND}:${port}`,
    configDir,
    apiHost: ctx.apiHost,
    line,
    close: async () => {
      await /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          for (const ws of wss.clients) ws.terminate();
        })
      );
      await registry.closeAll();
      store.close();
      data.flushAll();
    },
  };
}

/** Route one request by its exact Host header. */
async function dispatch(ctx, req, res) {
  // Path without query string, percent-decoded like Go's URL.Path.
  const raw = req.url.startsWith('/') ? req.url : new URL(req.url, 'http://x').pathname;
  const rawPath = raw.split('?')[0].split('#')[0];
  let pathname;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    await readBody(req);
    return sendJson(res, 400, { error: 'invalid request path' });
  }
  const host = req.headers.host;
  // A Blossom upload may be up to 10 MiB; everything else keeps zooid's 1 MiB body bound.
  const input = await readBody(
    req,
    host !== ctx.apiHost && isBlossomRequest(req.method, pathname) ? BLOSSOM_MAX_BYTES : undefined,
  );

  if (host === ctx.apiHost) {
    if (pathname === '/_emulator' || pathname.startsWith('/_emulator/')) {
      return handleControl(ctx, req, res, pathname, input);
    }
    if (injectFailure(ctx, res, 'api')) return;
    return handleApi(ctx, req, res, pathname, input);
  }

  // NIP-05 lookups at relay hosts are Caravel's (the production proxy routes them there before zooid sees them)
  if (isNip05Request(pathname, ctx.nip05Upstream)) return forwardNip05(req, res, ctx.nip05Upstream, input);

  await ctx.registry.syncForHost(host);
  const vr = ctx.registry.relayForHost(host);
  if (!vr) return sendText(res, 404, 'Not Found\n');
  if (injectFailure(ctx, res, 'relay')) return;
  return handleRelayHost(ctx, req, res, pathname, vr, input);
}

/** Apply a planned failure (POST /_emulator/fail). True when the request was answered. */
function injectFailure(ctx, res, kind) {
  const status = takeFailure(ctx, kind);
  if (status === null) return false;
  if (status === 0) res.socket?.destroy();
  else sendJson(res, status, { error: 'emulated failure' });
  return true;
}

async function main() {
  let opts;
  try {
    opts = parseOptions();
  } catch (e) {
    process.stderr.write(`zooid-emulator: ${e.message}\n`);
    process.exit(2);
  }
  let emulator;
  try {
    emulator = await startEmulator(opts);
  } catch (e) {
    process.stderr.write(`zooid-emulator: cannot start: ${e.message}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      port: emulator.port,
      url: emulator.url,
      config_dir: emulator.configDir,
      api_host: emulator.apiHost,
      line: emulator.line,
    })}\n`,
  );
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main();
}
