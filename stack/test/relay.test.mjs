// Tests of stack/relay (development relay) over real sockets, spawning the program.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools';
import WebSocket from 'ws';
import { spawnReady } from '../relay/cli-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RELAY = path.join(here, '..', 'relay', 'server.mjs');

/** Minimal raw NIP-01 client that records every message. */
class RawClient {
  static async connect(url) {
    const c = new RawClient(url);
    await new Promise((resolve, reject) => {
      c.ws.once('open', resolve);
      c.ws.once('error', reject);
    });
    return c;
  }
  constructor(url) {
    this.ws = new WebSocket(url);
    this.messages = [];
    this.waiters = [];
    this.ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      this.messages.push(m);
      for (const w of [...this.waiters]) if (w.pred(m)) w.resolve(m);
    });
  }
  send(m) {
    this.ws.send(JSON.stringify(m));
  }
  /** Next message matching pred, among those received from index `from` on (default: all). */
  next(pred, timeoutMs = 3000, from = 0) {
    const seen = this.messages.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (m) => {
          clearTimeout(t);
          this.waiters.splice(this.waiters.indexOf(w), 1);
          resolve(m);
        },
      };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`timeout waiting for message; got ${JSON.stringify(this.messages).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }
  async publish(event, timeoutMs) {
    const from = this.messages.length;
    this.send(['EVENT', event]);
    return this.next((m) => m[0] === 'OK' && m[1] === event.id, timeoutMs, from);
  }
  /** REQ and collect stored events until EOSE (or CLOSED). */
  async query(subId, ...filters) {
    this.send(['REQ', subId, ...filters]);
    const end = await this.next((m) => (m[0] === 'EOSE' || m[0] === 'CLOSED') && m[1] === subId);
    const events = this.messages.filter((m) => m[0] === 'EVENT' && m[1] === subId).map((m) => m[2]);
    return { end, events };
  }
  close() {
    this.ws.terminate();
  }
}

const sign = (sk, fields) =>
  finalizeEvent({ created_at: Math.floor(Date.now() / 1000), tags: [], content: '', ...fields }, sk);

async function withRelay(args, fn) {
  const proc = await spawnReady(RELAY, ['--port', '0', ...args], { name: 'relay' });
  try {
    assert.match(proc.ready.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(proc.ready.url, `ws://127.0.0.1:${proc.ready.port}`);
    await fn(proc.ready.url);
  } finally {
    await proc.stop();
  }
}

describe('stack/relay (default mode)', () => {
  let proc;
  let url;
  before(async () => {
    proc = await spawnReady(RELAY, [], { name: 'relay', env: { PORT: '0' } });
    url = proc.ready.url;
  });
  after(async () => proc && (await proc.stop()));

  test('stores events and serves them by filter with EOSE', async () => {
    const a = generateSecretKey();
    const b = generateSecretKey();
    const pa = getPublicKey(a);
    const pb = getPublicKey(b);
    const t0 = Math.floor(Date.now() / 1000) - 100;
    const c = await RawClient.connect(url);
    try {
      const e1 = sign(a, {
        kind: 1,
        created_at: t0,
        content: 'one',
        tags: [
          ['t', 'caravel'],
          ['p', pb],
        ],
      });
      const e2 = sign(a, { kind: 1, created_at: t0 + 10, content: 'two', tags: [['t', 'other']] });
      const e3 = sign(b, { kind: 7, created_at: t0 + 20, content: '+', tags: [['e', e1.id]] });
      for (const e of [e1, e2, e3]) assert.deepEqual(await c.publish(e), ['OK', e.id, true, '']);

      const dup = await c.publish(e1);
      assert.equal(dup[2], true);
      assert.match(dup[3], /^duplicate:/);

      const ids = (r) => r.events.map((e) => e.id);
      const r = await c.query('authors', { authors: [pa] });
      assert.deepEqual(r.end, ['EOSE', 'authors']);
      assert.deepEqual(ids(r), [e2.id, e1.id], 'newest first');
      assert.deepEqual(ids(await c.query('kinds', { kinds: [7] })), [e3.id]);
      assert.deepEqual(ids(await c.query('ids', { ids: [e2.id, e3.id] })), [e3.id, e2.id]);
      assert.deepEqual(ids(await c.query('tag-t', { '#t': ['caravel'] })), [e1.id]);
      assert.deepEqual(ids(await c.query('tag-p', { '#p': [pb] })), [e1.id]);
      assert.deepEqual(ids(await c.query('tag-e', { '#e': [e1.id], authors: [pb] })), [e3.id]);
      assert.deepEqual(ids(await c.query('since', { authors: [pa, pb], since: t0 + 10 })), [e3.id, e2.id]);
      assert.deepEqual(ids(await c.query('until', { authors: [pa, pb], until: t0 + 10 })), [e2.id, e1.id]);
      assert.deepEqual(ids(await c.query('limit', { authors: [pa, pb], limit: 1 })), [e3.id]);
      assert.deepEqual(
        ids(await c.query('or', { kinds: [7], authors: [pb] }, { ids: [e1.id] })).sort(),
        [e1.id, e3.id].sort(),
      );
      assert.deepEqual(ids(await c.query('none', { authors: [pa], kinds: [7] })), []);

      const bad = await c.query('bad', { authors: ['not-hex'] });
      assert.equal(bad.end[0], 'CLOSED');
      assert.match(bad.end[2], /^invalid:/);

      const forged = { ...sign(a, { kind: 1, content: 'x' }), content: 'tampered' };
      const ok = await c.publish(forged);
      assert.equal(ok[2], false);
      assert.match(ok[3], /^invalid:/);
    } finally {
      c.close();
    }
  });

  test('live subscriptions get only matching new events (incl. #tag filters) and ephemeral events', async () => {
    const sk = generateSecretKey();
    const target = getPublicKey(generateSecretKey());
    const sub = await RawClient.connect(url);
    const pub = await RawClient.connect(url);
    try {
      const r = await sub.query('live', { kinds: [23195, 1], '#p': [target] });
      assert.deepEqual(r.events, []);
      const other = sign(sk, { kind: 23195, tags: [['p', getPublicKey(generateSecretKey())]] });
      const mine = sign(sk, { kind: 23195, tags: [['p', target]] });
      assert.equal((await pub.publish(other))[2], true);
      assert.equal((await pub.publish(mine))[2], true);
      const got = await sub.next((m) => m[0] === 'EVENT' && m[1] === 'live');
      assert.equal(got[2].id, mine.id);
      await new Promise((res) => setTimeout(res, 200));
      const delivered = sub.messages.filter((m) => m[0] === 'EVENT').map((m) => m[2].id);
      assert.deepEqual(delivered, [mine.id], 'event for another #p must not be delivered');
      // Ephemeral events are not stored.
      assert.deepEqual((await pub.query('eph', { ids: [mine.id] })).events, []);
      // CLOSE stops delivery.
      sub.send(['CLOSE', 'live']);
      await new Promise((res) => setTimeout(res, 100));
      const later = sign(sk, { kind: 1, tags: [['p', target]] });
      await pub.publish(later);
      await new Promise((res) => setTimeout(res, 200));
      assert.equal(sub.messages.filter((m) => m[0] === 'EVENT').length, 1);
    } finally {
      sub.close();
      pub.close();
    }
  });

  test('replaceable and addressable events keep only the newest version', async () => {
    const sk = generateSecretKey();
    const pk = getPublicKey(sk);
    const t = Math.floor(Date.now() / 1000) - 50;
    const c = await RawClient.connect(url);
    try {
      const m1 = sign(sk, { kind: 0, created_at: t, content: '{"name":"old"}' });
      const m2 = sign(sk, { kind: 0, created_at: t + 5, content: '{"name":"new"}' });
      const m0 = sign(sk, { kind: 0, created_at: t - 5, content: '{"name":"older"}' });
      await c.publish(m1);
      await c.publish(m2);
      await c.publish(m0); // older than what is stored: not kept
      let r = await c.query('k0', { kinds: [0], authors: [pk] });
      assert.deepEqual(
        r.events.map((e) => e.id),
        [m2.id],
      );
      assert.deepEqual((await c.query('k0-old', { ids: [m1.id, m0.id] })).events, []);

      const l1 = sign(sk, { kind: 10002, created_at: t, tags: [['r', 'wss://a.example']] });
      const l2 = sign(sk, { kind: 10002, created_at: t + 1, tags: [['r', 'wss://b.example']] });
      await c.publish(l1);
      await c.publish(l2);
      r = await c.query('k10002', { kinds: [10002], authors: [pk] });
      assert.deepEqual(
        r.events.map((e) => e.id),
        [l2.id],
      );

      const a1 = sign(sk, { kind: 30000, created_at: t, tags: [['d', 'x']], content: 'x1' });
      const a2 = sign(sk, { kind: 30000, created_at: t + 1, tags: [['d', 'x']], content: 'x2' });
      const b1 = sign(sk, { kind: 30000, created_at: t, tags: [['d', 'y']], content: 'y1' });
      for (const e of [a1, a2, b1]) await c.publish(e);
      r = await c.query('k30000', { kinds: [30000], authors: [pk] });
      assert.deepEqual(r.events.map((e) => e.content).sort(), ['x2', 'y1']);
      r = await c.query('k30000-d', { kinds: [30000], '#d': ['x'], authors: [pk] });
      assert.deepEqual(
        r.events.map((e) => e.id),
        [a2.id],
      );

      // NIP-09 deletion of a regular event by its author.
      const note = sign(sk, { kind: 1, content: 'to delete' });
      await c.publish(note);
      assert.equal((await c.query('before-del', { ids: [note.id] })).events.length, 1);
      await c.publish(sign(sk, { kind: 5, tags: [['e', note.id]] }));
      assert.equal((await c.query('after-del', { ids: [note.id] })).events.length, 0);
    } finally {
      c.close();
    }
  });

  test('answers NIP-11 on HTTP', async () => {
    const res = await fetch(url.replace('ws://', 'http://'), { headers: { accept: 'application/nostr+json' } });
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.ok(doc.supported_nips.includes(1));
    assert.equal(doc.limitation.auth_required, false);
  });
});

test('--auth-required: AUTH challenge, REQ/EVENT refused until NIP-42 authenticated', async () => {
  await withRelay(['--auth-required'], async (url) => {
    const sk = generateSecretKey();
    const c = await RawClient.connect(url);
    try {
      const challengeMsg = await c.next((m) => m[0] === 'AUTH');
      const challenge = challengeMsg[1];
      assert.equal(typeof challenge, 'string');
      assert.ok(challenge.length > 0);

      const r = await c.query('s1', { kinds: [1] });
      assert.equal(r.end[0], 'CLOSED');
      assert.match(r.end[2], /^auth-required:/);

      const note = sign(sk, { kind: 1, content: 'hi' });
      const refused = await c.publish(note);
      assert.equal(refused[2], false);
      assert.match(refused[3], /^auth-required:/);

      const wrong = sign(sk, {
        kind: 22242,
        tags: [
          ['relay', url],
          ['challenge', 'not-the-challenge'],
        ],
      });
      c.send(['AUTH', wrong]);
      const wrongOk = await c.next((m) => m[0] === 'OK' && m[1] === wrong.id);
      assert.equal(wrongOk[2], false);

      const wrongRelay = sign(sk, {
        kind: 22242,
        tags: [
          ['relay', 'wss://elsewhere.example'],
          ['challenge', challenge],
        ],
      });
      c.send(['AUTH', wrongRelay]);
      assert.equal((await c.next((m) => m[0] === 'OK' && m[1] === wrongRelay.id))[2], false);

      const auth = sign(sk, {
        kind: 22242,
        tags: [
          ['relay', url],
          ['challenge', challenge],
        ],
      });
      c.send(['AUTH', auth]);
      assert.deepEqual(await c.next((m) => m[0] === 'OK' && m[1] === auth.id), ['OK', auth.id, true, '']);

      assert.equal((await c.publish(note))[2], true);
      const r2 = await c.query('s2', { ids: [note.id] });
      assert.deepEqual(r2.end, ['EOSE', 's2']);
      assert.deepEqual(
        r2.events.map((e) => e.id),
        [note.id],
      );

      // Another, unauthenticated connection is still refused.
      const d = await RawClient.connect(url);
      try {
        assert.equal((await d.query('s3', { ids: [note.id] })).end[0], 'CLOSED');
      } finally {
        d.close();
      }
    } finally {
      c.close();
    }
  });
});

test('--never-ok: events are accepted but no OK is ever sent', async () => {
  await withRelay(['--never-ok'], async (url) => {
    const sk = generateSecretKey();
    const c = await RawClient.connect(url);
    try {
      const note = sign(sk, { kind: 1, content: 'silent' });
      await assert.rejects(c.publish(note, 1000), /timeout/);
      const r = await c.query('q', { ids: [note.id] });
      assert.deepEqual(
        r.events.map((e) => e.id),
        [note.id],
        'the event was stored',
      );
      assert.equal(c.messages.filter((m) => m[0] === 'OK').length, 0);
    } finally {
      c.close();
    }
  });
});

test('--reject (env REJECT=1 too): every EVENT gets OK false "blocked: test"', async () => {
  const proc = await spawnReady(RELAY, ['--port', '0'], { name: 'relay', env: { REJECT: '1' } });
  try {
    const sk = generateSecretKey();
    const c = await RawClient.connect(proc.ready.url);
    try {
      const note = sign(sk, { kind: 1, content: 'nope' });
      assert.deepEqual(await c.publish(note), ['OK', note.id, false, 'blocked: test']);
      assert.deepEqual((await c.query('q', { ids: [note.id] })).events, []);
    } finally {
      c.close();
    }
  } finally {
    await proc.stop();
  }
});

test('relay exits when its parent closes stdin', async () => {
  const proc = await spawnReady(RELAY, ['--port', '0'], { name: 'relay' });
  const exited = new Promise((resolve) => proc.child.once('exit', (code) => resolve(code)));
  proc.child.stdin.end();
  let timer;
  const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('still running'), 5000)))]);
  clearTimeout(timer);
  if (code === 'still running') await proc.stop();
  assert.equal(code, 0);
});
