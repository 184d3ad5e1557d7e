#!/usr/bin/env node
// Webhook receiver peer — DEVELOPMENT AND TESTS ONLY. Receives Caravel's outbound webhooks as a real receiver would:
// POST /hooks/<name> with the raw body, checked with verify.mjs against the secret set for <name> (the secret is shown
// once when the webhook is made, so until one is set the receiver answers 200 and records the delivery as unverified,
// as a receiver being set up does); a forged signature or an old timestamp is answered 400 and recorded as refused; a
// delivery id seen before is acknowledged (200) and recorded as a duplicate, not handled twice.
// Control interface (tests): POST /control/secret {name, secret}; POST /control/answer {name, status, location?}
// (answer that status instead, e.g. 500 or a 302 redirect, 0 to answer normally); GET /control/received?name=&count=
// &wait_ms= (what arrived, waiting until `count` have when asked); POST /control/reset.
//
//   node stack/webhook-receiver/server.mjs [--port N]
//   env: WEBHOOK_RECEIVER_PORT (default 4861, 0 = random)
//
// Prints one line when listening: {"ready":true,"port":N,"url":"http://127.0.0.1:N","hooks_url":"…/hooks"}

import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs, parsePort, stopOnSignals } from '../relay/cli-util.mjs';
import { verifyWebhook } from './verify.mjs';

export const DEFAULT_PORT = 4861;
const MAX_BODY = 1024 * 1024;

/**
 * @typedef {{name: string, id: string | null, type: string | null, verified: boolean, refused: string | null,
 *   duplicate: boolean, received_at_ms: number, timestamp: string | null, body: string}} Received
 */

/**
 * @param {{port?: number, host?: string, say?: (line: string) => void}} [o]
 */
export async function startWebhookReceiver({ port = 0, host = '127.0.0.1', say = () => {} } = {}) {
  /** @type {Map<string, string>} */
  const secrets = new Map();
  /** @type {Map<string, {status: number, location?: string}>} */
  const answers = new Map();
  /** @type {Received[]} */
  let received = [];
  /** @type {Set<string>} */
  const handled = new Set();
  /** @type {Set<() => void>} */
  const waiters = new Set();

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new Error('body too large'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const json = (res, status, body) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const header = (req, name) => {
    const v = req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };

  /** One delivery: answered as set for the name, else verified (when a secret is known) and recorded. */
  const hook = async (req, res, name, body) => {
    const set = answers.get(name);
    const id = header(req, 'Caravel-Webhook-Id') ?? null;
    const timestamp = header(req, 'Caravel-Webhook-Timestamp') ?? null;
    let type = null;
    try {
      type = JSON.parse(body).type ?? null;
    } catch {
      type = null;
    }
    /** @type {Received} */
    const r = {
      name,
      id,
      type,
      verified: false,
      refused: null,
      duplicate: false,
      received_at_ms: Date.now(),
      timestamp,
      body,
    };
    const secret = secrets.get(name);
    if (secret) {
      const v = verifyWebhook({
        secret,
        id: id ?? undefined,
        timestamp: timestamp ?? undefined,
        signature: header(req, 'Caravel-Webhook-Signature'),
        body,
      });
      if (v.ok) r.verified = true;
      else r.refused = v.reason;
    }
    if (!r.refused && r.verified && id) {
      r.duplicate = handled.has(id);
      handled.add(id);
    }
    received.push(r);
    for (const w of waiters) w();
    if (set?.status) {
      const headers = set.location ? { location: set.location } : {};
      res.writeHead(set.status, headers);
      return res.end(`answer set by the test: ${set.status}`);
    }
    if (r.refused) return json(res, 400, { error: r.refused });
    json(res, 200, { received: true, duplicate: r.duplicate });
  };

  const matching = (name) => received.filter((r) => !name || r.name === name);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stack');
    try {
      const body = req.method === 'POST' ? await readBody(req) : '';
      if (req.method === 'POST' && url.pathname.startsWith('/hooks/')) {
        return await hook(req, res, decodeURIComponent(url.pathname.slice('/hooks/'.length)), body);
      }
      const input = () => (body ? JSON.parse(body) : {});
      if (req.method === 'POST' && url.pathname === '/control/secret') {
        const { name, secret } = input();
        if (typeof name !== 'string' || typeof secret !== 'string')
          return json(res, 400, { error: 'name and secret are strings' });
        secrets.set(name, secret);
        say(`secret set for ${name}`);
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/control/answer') {
        const { name, status = 0, location } = input();
        if (typeof name !== 'string' || !Number.isInteger(status))
          return json(res, 400, { error: 'name is a string, status a whole number' });
        if (status) answers.set(name, { status, location });
        else answers.delete(name);
        return json(res, 200, { ok: true });
      }
      if (req.method === 'POST' && url.pathname === '/control/reset') {
        received = [];
        handled.clear();
        secrets.clear();
        answers.clear();
        return json(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/control/received') {
        const name = url.searchParams.get('name') ?? '';
        const count = Number(url.searchParams.get('count') ?? '0');
        const waitMs = Math.min(Number(url.searchParams.get('wait_ms') ?? '0'), 60_000);
        if (matching(name).length < count && waitMs > 0) {
          await new Promise((resolve) => {
            const done = () => {
              if (matching(name).length >= count) {
                waiters.delete(done);
                clearTimeout(timer);
                resolve(undefined);
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(done);
              resolve(undefined);
            }, waitMs);
            waiters.add(done);
          });
        }
        return json(res, 200, { received: matching(name) });
      }
      json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    } catch (e) {
      json(res, 400, { error: String(e?.message ?? e) });
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(undefined));
  });
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2));
  const port = parsePort(args.port ?? process.env.WEBHOOK_RECEIVER_PORT, DEFAULT_PORT);
  const server = await startWebhookReceiver({ port, say: (l) => process.stderr.write(`webhook-receiver: ${l}\n`) });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const url = `http://127.0.0.1:${actual}`;
  process.stdout.write(`${JSON.stringify({ ready: true, port: actual, url, hooks_url: `${url}/hooks` })}\n`);
  stopOnSignals(() => server.close());
}
