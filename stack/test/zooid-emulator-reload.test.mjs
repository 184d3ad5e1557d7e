// What zooid does when a relay's config file is written: a new relay instance, the old instance's
// sockets left open (answering pings and AUTH) but deaf, and a short window in which the relay is
// not loaded. Caravel's membership watcher must survive exactly this.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  api,
  authenticate,
  call,
  connectRelay,
  keypair,
  publish,
  query,
  relayConfig,
  sign,
  spawnEmulator,
  tmpDir,
} from './zooid-emulator-helpers.mjs';

const admin = keypair();
const owner = keypair();
const relayKey = keypair();
const GAP_MS = 400;
const configDir = tmpDir();
/** @type {any} */
let emu;
let host = '';
const clients = [];

before(async () => {
  emu = await spawnEmulator({ configDir, whitelist: admin.pk, env: { RELOAD_GAP_MS: String(GAP_MS) } });
  host = `hall.localhost:${emu.port}`;
  const cfg = relayConfig('hall', emu.port, owner, { secret: relayKey.hex });
  assert.equal((await api(emu, 'POST', '/relay/hall', cfg, { sk: admin.sk })).status, 201);
});

after(async () => {
  for (const c of clients) c.close();
  await emu?.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nip11 = () => call(emu.port, { host, headers: { Accept: 'application/nostr+json' } });

async function open(sk) {
  const relay = await connectRelay(host);
  clients.push(relay);
  await authenticate(relay, sk);
  return relay;
}

/** A live subscription (new events only) whose events are collected in `seen`. */
function watch(relay, filters) {
  const seen = [];
  const since = Math.floor(Date.now() / 1000);
  relay.subscribe(
    filters.map((f) => ({ ...f, since })),
    { onevent: (e) => seen.push(e) },
  );
  return seen;
}

/** A WebSocket ping answered with a pong within a second. */
function pings(relay) {
  const ws = relay.ws;
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), 1000);
    ws.once('pong', () => {
      clearTimeout(t);
      resolve(true);
    });
    ws.ping();
  });
}

test('a config write orphans the old sockets: open, pinging, AUTH works, but deaf; new sockets hear', async () => {
  const first = keypair();
  const second = keypair();
  const joins = { kinds: [8000], '#p': [first.pk, second.pk] };
  const old = await open(relayKey.sk);
  const oldMembers = watch(old, [joins]);
  const oldNotes = watch(old, [{ kinds: [1] }]);
  assert.equal(
    (await call(emu.port, { method: 'POST', path: '/_emulator/relays/hall/members', body: { pubkey: first.pk } }))
      .status,
    200,
  );
  await sleep(100);
  assert.equal(oldMembers.length, 1, 'before the write the old socket hears joins');

  // any edit rewrites the file
  const edited = await api(emu, 'PATCH', '/relay/hall', { info: { name: 'Great Hall' } }, { sk: admin.sk });
  assert.equal(edited.status, 200);

  // not loaded for a moment: NIP-11 and new WebSockets get 404
  assert.equal((await nip11()).status, 404);
  await assert.rejects(connectRelay(host));
  await sleep(GAP_MS + 100);
  assert.equal((await nip11()).json.name, 'Great Hall');

  // the old socket: still open, pings answered, nothing served
  assert.equal(old.connected, true);
  assert.equal(await pings(old), true);
  const fresh = await open(relayKey.sk);
  // (only the second join: the first may be sent as stored, within the same second as `since`)
  const freshMembers = watch(fresh, [{ kinds: [8000], '#p': [second.pk] }]);
  assert.equal(
    (await call(emu.port, { method: 'POST', path: '/_emulator/relays/hall/members', body: { pubkey: second.pk } }))
      .status,
    200,
  );
  const ownerConn = await open(owner.sk);
  assert.equal((await publish(ownerConn, sign(owner.sk, 1, [], 'after the edit'))).ok, true);
  await sleep(200);
  assert.equal(freshMembers.length, 1, 'the new instance delivers the join');
  assert.equal(freshMembers[0].tags.find((t) => t[0] === 'p')[1], second.pk);
  assert.equal(oldMembers.length, 1, 'the old socket never hears another join');
  assert.equal(oldNotes.length, 0, 'nor another note');
  // a REQ is answered from the database both instances share (real zooid: the old khatru relay queries it too), so
  // the old socket reads what the new instance stored although it never heard it live
  for (const socket of [old, fresh]) {
    const joined = (await query(socket, [{ kinds: [8000] }])).events.map((e) => e.tags.find((t) => t[0] === 'p')[1]);
    assert.ok(joined.includes(first.pk) && joined.includes(second.pk), 'a REQ on either socket sees every join');
  }
  assert.equal(oldMembers.length, 1, 'and the old socket still heard nothing live');

  // an EVENT on the old socket (the relay key is a member) is still kept: zooid's instances share one database; the
  // old instance's own sockets hear it live, the new instance's do not
  const freshNotes = watch(fresh, [{ kinds: [1] }]);
  const late = sign(relayKey.sk, 1, [], 'through the old instance');
  assert.equal((await publish(old, late)).ok, true);
  assert.equal((await query(ownerConn, [{ ids: [late.id] }])).events.length, 1);
  await sleep(200);
  assert.deepEqual(
    oldNotes.map((e) => e.id),
    [late.id],
    'the old instance delivers it to its own sockets',
  );
  assert.ok(!freshNotes.some((e) => e.id === late.id), 'the new instance never hears it');
});

test('AUTH still works on an orphaned socket', async () => {
  await sleep(GAP_MS);
  const relay = await connectRelay(host);
  clients.push(relay);
  assert.equal((await api(emu, 'PATCH', '/relay/hall', { info: { description: 'v1' } }, { sk: admin.sk })).status, 200);
  await sleep(GAP_MS + 100);
  await authenticate(relay, owner.sk); // resolves with the OK, rejects on a refusal
  // signed in as a member: its REQs are answered (from the shared database), where before AUTH they were refused
  const stored = await query(relay, [{ kinds: [1] }]);
  assert.equal(stored.closed, null);
  assert.ok(stored.events.some((e) => e.content === 'after the edit'));
});

test('every write builds a new instance: a socket opened between two writes is orphaned by the second', async () => {
  await sleep(GAP_MS);
  const a = await open(relayKey.sk);
  const third = keypair();
  const heard = watch(a, [{ kinds: [8000], '#p': [third.pk] }]);
  assert.equal((await api(emu, 'PATCH', '/relay/hall', { info: { description: 'v2' } }, { sk: admin.sk })).status, 200);
  await sleep(GAP_MS + 100);
  const b = await open(relayKey.sk);
  const heardB = watch(b, [{ kinds: [8000], '#p': [third.pk] }]);
  assert.equal(
    (await call(emu.port, { method: 'POST', path: '/_emulator/relays/hall/members', body: { pubkey: third.pk } }))
      .status,
    200,
  );
  await sleep(200);
  assert.equal(heard.length, 0);
  assert.equal(heardB.length, 1);
});

test('a control join during the not-loaded window is refused like any join (409)', async () => {
  assert.equal((await api(emu, 'PATCH', '/relay/hall', { info: { description: 'v3' } }, { sk: admin.sk })).status, 200);
  const r = await call(emu.port, {
    method: 'POST',
    path: '/_emulator/relays/hall/members',
    body: { pubkey: keypair().pk },
  });
  assert.equal(r.status, 409);
  await sleep(GAP_MS + 100);
  const state = await call(emu.port, { path: '/_emulator/relays/hall/state' });
  assert.equal(state.json.loaded, true);
});
