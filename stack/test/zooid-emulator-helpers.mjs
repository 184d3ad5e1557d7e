// Shared helpers for the zooid emulator tests (no tests in here).

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AbstractRelay } from 'nostr-tools/abstract-relay';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { LoopbackWebSocket, LoopbackWebSocketImpl } from '../lib/loopback-websocket.mjs';
import { challengeOf } from '../lib/nip42.mjs';
import { spawnReady } from '../relay/cli-util.mjs';

export const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'zooid-emulator', 'server.mjs');

export function keypair() {
  const sk = generateSecretKey();
  return { sk, hex: bytesToHex(sk), pk: getPublicKey(sk) };
}

export const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zooid-emu-test-'));

/**
 * Spawn the emulator program; resolves { ...ready line, port, stop() }.
 * @param {{ configDir?: string, whitelist?: string, line?: string, args?: string[], env?: Record<string, string> }} [o]
 * @returns {Promise<any>}
 */
export async function spawnEmulator({ configDir, whitelist, line, args = [], env = {} } = {}) {
  // No not-loaded window after a config write unless a test asks for one (zooid-emulator-reload.test.mjs): the
  // other tests look at what a write does, not at when it takes effect.
  const fullEnv = { PORT: '0', API_WHITELIST: whitelist, RELOAD_GAP_MS: '0', ...env };
  const clean = { ...process.env };
  for (const k of ['API_HOST', 'CONFIG', 'ZOOID_LINE', 'LOG', 'RELOAD_GAP_MS']) delete clean[k];
  const proc = await spawnReady(
    SERVER,
    [...(configDir ? ['--config', configDir] : []), ...(line ? ['--line', line] : []), ...args],
    {
      env: { ...clean, ...fullEnv },
      name: 'zooid-emulator',
    },
  );
  return { ...proc.ready, child: proc.child, stderr: proc.stderr, stop: () => proc.stop() };
}

/**
 * One HTTP request with full control over the Host header.
 * @param {number} port
 * @param {{ method?: string, path?: string, host?: string, headers?: Record<string, string>, body?: unknown }} [o]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string, json: any }>}
 */
export function call(port, { method = 'GET', path: p = '/', host = `127.0.0.1:${port}`, headers = {}, body } = {}) {
  const payload =
    body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: p,
        headers: {
          Host: host,
          ...(payload !== undefined ? { 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** "Nostr <base64>" of a signed event template (created_at defaults to now). */
export function authHeader(template, sk) {
  const ev = finalizeEvent({ created_at: Math.floor(Date.now() / 1000), content: '', ...template }, sk);
  return `Nostr ${Buffer.from(JSON.stringify(ev)).toString('base64')}`;
}

/** NIP-98 call to the management API: u = http://<api host><path>. */
/**
 * @param {any} emu
 * @param {string} method
 * @param {string} p
 * @param {unknown} [body]
 * @param {{ sk?: Uint8Array, host?: string, created_at?: number }} [o]
 */
export function api(emu, method, p, body, { sk, host = emu.api_host, created_at } = {}) {
  const auth = authHeader(
    {
      kind: 27235,
      tags: [
        ['u', `http://${host}${p.split('?')[0]}`],
        ['method', method],
      ],
      ...(created_at ? { created_at } : {}),
    },
    sk,
  );
  return call(emu.port, { method, path: p, host, headers: { Authorization: auth }, body });
}

export const sha256hex = (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * NIP-86 call on a relay host. Options: u (default ws://<host>), omitU, payload (default the
 * body's hash), noPayload, created_at, kind (default 27235), headers.
 */
export function rpc(port, host, sk, method, params = [], opts = {}) {
  const body = JSON.stringify({ method, params });
  const tags = [];
  if (!opts.omitU) tags.push(['u', opts.u ?? `ws://${host}`]);
  tags.push(['method', 'POST']);
  if (!opts.noPayload) tags.push(['payload', opts.payload ?? sha256hex(body)]);
  const auth = authHeader(
    { kind: opts.kind ?? 27235, tags, ...(opts.created_at ? { created_at: opts.created_at } : {}) },
    sk,
  );
  return call(port, {
    method: 'POST',
    path: opts.path ?? '/',
    host,
    headers: { Authorization: auth, 'Content-Type': 'application/nostr+json+rpc', ...(opts.headers ?? {}) },
    body,
  });
}

/** A valid relay config for `name` on `<name>.localhost:<port>`. */
export function relayConfig(name, port, owner, extra = {}) {
  const secret = keypair();
  return {
    host: `${name}.localhost:${port}`,
    schema: name,
    secret: secret.hex,
    info: {
      name: `Relay ${name}`,
      icon: `https://img.example/${name}.png`,
      pubkey: owner.pk,
      description: `about ${name}`,
    },
    policy: { public_join: false, strip_signatures: false },
    groups: { enabled: false },
    management: { enabled: true },
    blossom: { enabled: false },
    ...extra,
  };
}

export { LoopbackWebSocket };

/** nostr-tools relay client for ws://<host>, connected over loopback. */
export async function connectRelay(host) {
  const relay = new AbstractRelay(`ws://${host}`, { verifyEvent, websocketImplementation: LoopbackWebSocketImpl });
  await relay.connect({ timeout: 5000 });
  return relay;
}

/** Resolves when the relay has sent its AUTH challenge. */
export async function waitForChallenge(relay, ms = 3000) {
  const until = Date.now() + ms;
  while (!challengeOf(relay)) {
    if (Date.now() > until) throw new Error('no AUTH challenge');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** AUTH as `sk` (waits for the challenge). Resolves with the OK message or rejects with the reason. */
export async function authenticate(relay, sk) {
  await waitForChallenge(relay);
  return relay.auth(async (template) => finalizeEvent(template, sk));
}

/**
 * One REQ: resolves { events, closed: reason|null } at EOSE or CLOSED.
 */
export function query(relay, filters, ms = 4000) {
  return new Promise((resolve, reject) => {
    const events = [];
    const timer = setTimeout(() => reject(new Error('query timed out')), ms);
    const sub = relay.subscribe(filters, {
      onevent: (e) => events.push(e),
      oneose: () => {
        clearTimeout(timer);
        resolve({ events, closed: null });
        sub.close();
      },
      onclose: (reason) => {
        clearTimeout(timer);
        resolve({ events, closed: reason });
      },
    });
  });
}

/** Publish; resolves { ok: true, message } or { ok: false, message }. */
export async function publish(relay, event) {
  try {
    return { ok: true, message: await relay.publish(event) };
  } catch (e) {
    return { ok: false, message: e.message };
  }
}

export const sign = (sk, kind, tags = [], content = '') =>
  finalizeEvent({ kind, tags, content, created_at: Math.floor(Date.now() / 1000) }, sk);

/**
 * A raw WebSocket session on ws://<host> (no client-side checks): resolves { ws, challenge,
 * send(msg), next(pred, ms) -> the next message matching pred, auth(sk) -> OK message, close() }.
 */
export async function rawSession(host) {
  const ws = new LoopbackWebSocket(`ws://${host}`);
  const inbox = [];
  const waiters = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString());
    const i = waiters.findIndex((w) => w.pred(m));
    if (i === -1) inbox.push(m);
    else waiters.splice(i, 1)[0].resolve(m);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (pred, ms = 3000) => {
    const i = inbox.findIndex(pred);
    if (i !== -1) return Promise.resolve(inbox.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      };
      const t = setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        reject(new Error('no matching message'));
      }, ms);
      waiters.push(w);
    });
  };
  const challenge = (await next((m) => m[0] === 'AUTH'))[1];
  const send = (msg) => ws.send(JSON.stringify(msg));
  return {
    ws,
    challenge,
    send,
    next,
    async auth(sk) {
      const ev = sign(sk, 22242, [
        ['relay', `ws://${host}`],
        ['challenge', challenge],
      ]);
      send(['AUTH', ev]);
      return next((m) => m[0] === 'OK' && m[1] === ev.id);
    },
    /** REQ and collect until EOSE/CLOSED: { events, closed } */
    async req(subId, ...filters) {
      send(['REQ', subId, ...filters]);
      const events = [];
      for (;;) {
        const m = await next((x) => (x[0] === 'EVENT' || x[0] === 'EOSE' || x[0] === 'CLOSED') && x[1] === subId);
        if (m[0] === 'EVENT') events.push(m[2]);
        else return { events, closed: m[0] === 'CLOSED' ? m[2] : null };
      }
    },
    close: () => ws.close(),
  };
}
