#!/usr/bin/env node
// zooid emulator — DEVELOPMENT AND TESTS ONLY.
//
// One HTTP server that behaves like zooid's management API and its virtual relays' NIP-86 /
// NIP-11 endpoints, as described in /work/shared/zooid-api.md. Requests are routed by Host:
//   Host = API_HOST            -> management API (api.mjs), or emulator control under /_emulator/
//   Host = a config's `host`   -> that virtual relay (relay-host.mjs)
//   anything else              -> 404 {"error":"not found"}
//
// Usage: node zooid-emulator/server.mjs [--port N] [--config DIR] [--api-host H] [--api-whitelist HEX,...] [--log]
// Env:   PORT (3334; 0 = random), CONFIG (default: a new temp dir), API_HOST (127.0.0.1),
//        API_WHITELIST (required, comma-separated hex pubkeys), LOG=1 (request log on stderr)
// When listening it prints exactly one line to stdout:
//   {"ready":true,"port":N,"url":"http://127.0.0.1:N","config_dir":"..."}

import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ConfigStore, RelayData } from './store.mjs';
import { hostMatches } from './hosts.mjs';
import { handleApi } from './api.mjs';
import { handleRelayHost } from './relay-host.mjs';
import { handleControl, takeFailure } from './control.mjs';
import { sendJson, readBody } from './http-util.mjs';
import { isHex64 } from './keys.mjs';

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
    if (!['port', 'config', 'api-host', 'api-whitelist'].includes(key)) throw new Error(`unknown option: --${key}`);
    const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
    if (value === undefined) throw new Error(`--${key} needs a value`);
    args[key] = value;
  }

  const portText = args.port ?? env.PORT ?? '3334';
  const port = Number(portText);
  if (!/^\d+$/.test(String(portText)) || port > 65535) throw new Error(`PORT must be 0-65535, got ${portText}`);

  const whitelistText = args['api-whitelist'] ?? env.API_WHITELIST ?? '';
  const whitelist = whitelistText
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (whitelist.length === 0) throw new Error('API_WHITELIST is required (comma-separated hex pubkeys)');
  const bad = whitelist.find((p) => !isHex64(p));
  if (bad) throw new Error(`API_WHITELIST entry is not a 64-hex pubkey: ${bad}`);

  return {
    port,
    apiHost: (args['api-host'] ?? env.API_HOST ?? '127.0.0.1').trim() || '127.0.0.1',
    whitelist,
    configDir: args.config ?? env.CONFIG ?? null,
    log: Boolean(args.log || (env.LOG && env.LOG !== '0')),
  };
}

/**
 * Start the emulator. Resolves { server, port, url, configDir, close() }.
 * @param opts { port, apiHost, whitelist: string[], configDir?: string|null, log?: boolean }
 */
export async function startEmulator(opts) {
  const configDir = path.resolve(opts.configDir || fs.mkdtempSync(path.join(os.tmpdir(), 'zooid-emulator-')));
  const store = new ConfigStore(configDir);
  await store.init();
  const data = new RelayData(path.join(configDir, '.emulator-data.json'));
  await data.load();

  const ctx = {
    store,
    data,
    apiHost: opts.apiHost,
    whitelist: new Set(opts.whitelist.map((p) => p.toLowerCase())),
    failure: { status: 500, count: 0, target: 'api' },
  };

  const server = http.createServer((req, res) => {
    const started = Date.now();
    if (opts.log) {
      res.on('finish', () =>
        process.stderr.write(`${req.method} ${req.headers.host ?? '-'}${req.url} -> ${res.statusCode} (${Date.now() - started} ms)\n`),
      );
    }
    dispatch(ctx, req, res).catch((e) => {
      process.stderr.write(`zooid-emulator: ${e.stack ?? e}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: `internal error: ${e.message}` });
      else res.destroy();
    });
  });

  // WebSocket upgrades: zooid would serve the relay here; the emulator does not.
  server.on('upgrade', async (req, socket) => {
    try {
      const relay = await findRelay(ctx, req.headers.host);
      const [status, text] = !relay
        ? [404, 'Not Found']
        : relay.config.inactive === true
          ? [503, 'Service Unavailable']
          : [501, 'Not Implemented'];
      const body = JSON.stringify({ error: `${text}: the zooid emulator does not serve WebSocket` }) + '\n';
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    } catch {
      socket.destroy();
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, BIND, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = server.address().port;

  return {
    server,
    port,
    url: `http://${BIND}:${port}`,
    configDir,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function findRelay(ctx, host) {
  if (!host) return null;
  return (await ctx.store.list()).find((r) => hostMatches(r.config.host, host)) ?? null;
}

/** Route one request by its Host header. */
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
  const input = await readBody(req);
  const host = req.headers.host;

  if (hostMatches(ctx.apiHost, host)) {
    if (pathname === '/_emulator' || pathname.startsWith('/_emulator/')) {
      return handleControl(ctx, req, res, pathname, input);
    }
    if (injectFailure(ctx, res, 'api')) return;
    return handleApi(ctx, req, res, pathname, input);
  }

  const relay = await findRelay(ctx, host);
  if (!relay) return sendJson(res, 404, { error: 'not found' });
  if (injectFailure(ctx, res, 'relay')) return;
  return handleRelayHost(ctx, req, res, pathname, relay, input);
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
    JSON.stringify({ ready: true, port: emulator.port, url: emulator.url, config_dir: emulator.configDir }) + '\n',
  );
  const stop = () => emulator.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main();
}
