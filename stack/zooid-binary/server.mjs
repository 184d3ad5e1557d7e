#!/usr/bin/env node

// A real zooid binary (ZOOID_BIN) behind the zooid emulator's start contract — DEVELOPMENT AND TESTS ONLY.
//
// stack/start.mjs and the backend's test harness start either the emulator or this program; both take the same
// options and print the same ready line, so nothing downstream can tell which one answers. This program only sets
// zooid's environment, waits until zooid serves, and stops zooid with itself. It adds nothing to zooid: there are no
// control routes here (the emulator's /_emulator/ routes do not exist on real zooid).
//
// Usage: ZOOID_BIN=<path> node zooid-binary/server.mjs [--port N] [--config DIR] [--api-host H]
//          [--api-whitelist HEX,...] [--line archived] [--reload-gap-ms N] [--data DIR] [--media DIR]
// Env:   the emulator's: PORT (3334; 0 = a free port picked here, zooid cannot report the one it bound), CONFIG
//        (default: a new temp dir), API_HOST (default 127.0.0.1:<port>), API_WHITELIST (required), ZOOID_LINE.
// zooid's DATA and MEDIA default to <CONFIG>-data and <CONFIG>-media beside the config directory, so a restart on
// the same CONFIG finds the same events, members and media. zooid runs in <ZOOID_BIN>-www/ when that exists (the
// build copies zooid's templates and static files there; zooid serves them relative to its working directory).
//
// Refused, because only the emulator can do them: --line newer (the binary is what it is; the archived line is the
// one that can be built from public source). --reload-gap-ms is accepted and ignored: real zooid has its own
// not-loaded window after every config write, and it cannot be set.
//
// Prints, once zooid answers and has loaded the configs it found at start:
//   {"ready":true,"port":N,"url":"http://127.0.0.1:N","config_dir":"...","api_host":"127.0.0.1:N","line":"archived",
//    "zooid_bin":"...","pid":<zooid's pid>}
// SIGTERM / SIGINT, or its stdin closing when it was started through a pipe, stop zooid (SIGTERM, then SIGKILL).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { onParentGone, parseArgs } from '../relay/cli-util.mjs';
import { zooidProgram } from './select.mjs';

const BIND = '127.0.0.1';
const HEX64 = /^[0-9a-f]{64}$/;
const OPTIONS = ['port', 'config', 'api-host', 'api-whitelist', 'line', 'reload-gap-ms', 'data', 'media'];

/** Options from argv and env (argv wins), as the emulator reads them. Throws an Error with a readable message. */
export function parseOptions(argv = process.argv.slice(2), env = process.env) {
  const args = parseArgs(argv);
  for (const k of Object.keys(args)) if (!OPTIONS.includes(k)) throw new Error(`unknown option: --${k}`);
  const program = zooidProgram(env);
  if (program.kind !== 'binary') throw new Error('ZOOID_BIN is not set: name the zooid binary to run');

  const portText = String(args.port ?? env.PORT ?? '3334');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`PORT must be 0-65535, got ${portText}`);

  const whitelist = String(args['api-whitelist'] ?? env.API_WHITELIST ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // zooid mounts its API only with a whitelist, and compares entries with the signer's lower-case hex
  if (whitelist.length === 0) throw new Error('API_WHITELIST is required (comma-separated hex pubkeys)');
  const bad = whitelist.find((p) => !HEX64.test(p));
  if (bad) throw new Error(`API_WHITELIST entry is not a lower-case 64-hex pubkey: ${bad}`);

  const line = String(args.line ?? env.ZOOID_LINE ?? 'archived').trim() || 'archived';
  if (line !== 'archived')
    throw new Error(
      `--line ${line}: a real zooid binary runs as the line it was built from; only the emulator switches lines`,
    );

  const gapText = String(args['reload-gap-ms'] ?? '0').trim();
  if (!/^\d+$/.test(gapText)) throw new Error(`--reload-gap-ms must be a number of milliseconds, got ${gapText}`);

  const configDir = args.config ?? env.CONFIG ?? null;
  return {
    bin: program.bin,
    port,
    apiHost: String(args['api-host'] ?? env.API_HOST ?? '').trim() || null,
    whitelist,
    line,
    configDir,
    dataDir: args.data ?? null,
    mediaDir: args.media ?? null,
  };
}

/** A port nobody listens on right now (zooid binds ":<port>" and cannot tell us which one it got for 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, BIND, () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/** The files zooid will try to load at start (it reads every non-directory entry of CONFIG). */
function configFiles(dir) {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.isDirectory()).length;
  } catch {
    return 0;
  }
}

/** True once something answers HTTP on the port with the API's Host. */
function answers(port, apiHost) {
  return new Promise((resolve) => {
    const req = http.get({ host: BIND, port, path: '/', headers: { Host: apiHost }, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Start zooid. Resolves { port, url, configDir, apiHost, line, bin, pid, child, stop(graceMs) } once it serves.
 * @param {ReturnType<typeof parseOptions>} opts
 * @param {{ stderr?: NodeJS.WritableStream, timeoutMs?: number }} [io]
 */
export async function startZooid(opts, { stderr = process.stderr, timeoutMs = 20000 } = {}) {
  const configDir = path.resolve(opts.configDir || fs.mkdtempSync(path.join(os.tmpdir(), 'zooid-binary-')));
  fs.mkdirSync(configDir, { recursive: true });
  const dataDir = path.resolve(opts.dataDir ?? `${configDir}-data`);
  const mediaDir = path.resolve(opts.mediaDir ?? `${configDir}-media`);
  const port = opts.port === 0 ? await freePort() : opts.port;
  const apiHost = opts.apiHost ?? `${BIND}:${port}`;
  const www = `${opts.bin}-www`;
  const expected = configFiles(configDir);

  const env = { ...process.env };
  // zooid reads its whole environment: drop what our own callers set for other programs
  for (const k of ['ZOOID_BIN', 'ZOOID_LINE', 'RELOAD_GAP_MS', 'LOG']) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    CONFIG: configDir,
    DATA: dataDir,
    MEDIA: mediaDir,
    API_HOST: apiHost,
    API_WHITELIST: opts.whitelist.join(','),
  });
  const child = spawn(opts.bin, [], {
    cwd: fs.existsSync(www) ? www : configDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // zooid logs one line per config it looked at during start ("Loaded x.toml", "Skipped inactive x.toml",
  // "Failed to make instance for x.toml: ..."); the emulator is ready only once its relays are served, so wait too.
  let seen = 0;
  let tail = '';
  const onLog = (d) => {
    const text = d.toString();
    stderr.write(text);
    tail = (tail + text).slice(-4000);
    seen += (text.match(/\b(Loaded|Skipped inactive|Failed to make instance for) /g) ?? []).length;
  };
  child.stdout.on('data', onLog);
  child.stderr.on('data', onLog);

  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      resolve(exited);
    });
    child.once('error', (e) => {
      exited = e.message;
      resolve(exited);
    });
  });

  const stop = async (graceMs = 5000) => {
    if (exited !== null) return;
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.kill('SIGTERM');
    await exit;
    clearTimeout(t);
  };

  const deadline = Date.now() + timeoutMs;
  let up = false;
  while (exited === null && Date.now() < deadline) {
    up = up || (await answers(port, apiHost));
    if (up && seen >= expected) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (exited !== null) throw new Error(`zooid (${opts.bin}) exited (${exited}) before it served\n${tail}`);
  if (!up) {
    await stop();
    throw new Error(`zooid (${opts.bin}) did not answer on port ${port} within ${timeoutMs} ms\n${tail}`);
  }
  if (seen < expected) stderr.write(`zooid-binary: ${seen} of ${expected} configs reported loaded; going on\n`);

  return {
    port,
    url: `http://${BIND}:${port}`,
    configDir,
    apiHost,
    line: opts.line,
    bin: opts.bin,
    pid: child.pid,
    child,
    exit,
    stop,
  };
}

async function main() {
  let opts;
  try {
    opts = parseOptions();
  } catch (e) {
    process.stderr.write(`zooid-binary: ${e.message}\n`);
    process.exit(2);
  }
  let zooid;
  try {
    zooid = await startZooid(opts);
  } catch (e) {
    process.stderr.write(`zooid-binary: cannot start: ${e.message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await zooid.stop();
    process.exit(0);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, stop);
  onParentGone(stop);
  zooid.exit.then((how) => {
    if (stopping) return;
    process.stderr.write(`zooid-binary: zooid exited (${how})\n`);
    process.exit(1);
  });
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      port: zooid.port,
      url: zooid.url,
      config_dir: zooid.configDir,
      api_host: zooid.apiHost,
      line: zooid.line,
      zooid_bin: zooid.bin,
      pid: zooid.pid,
    })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  main();
}
