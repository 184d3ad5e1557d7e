// The zooid emulator's virtual relays as Nostr relays, driven by nostr-tools' relay client over
// real WebSockets (ws://<name>.localhost:<port>, connected over loopback), plus NIP-86 on the
// same host. Archived line (the default).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import {
  api,
  authenticate,
  call,
  connectRelay,
  keypair,
  LoopbackWebSocket,
  publish,
  query,
  rawSession,
  relayConfig,
  rpc,
  sign,
  spawnEmulator,
  tmpDir,
} from './zooid-emulator-helpers.mjs';

const admin = keypair();
const owner = keypair();
const relayKey = keypair();
const inviter = keypair(); // a role with can_invite
const moderator = keypair(); // a role with can_manage
const alice = keypair(); // joins with a claim
const bob = keypair(); // never joins

/**
 * The set-up both describe blocks share: registers a before hook that spawns the emulator (on `line` when given) and
 * creates relay `name` (owned by `owner`, signed by `relayKey`, with `roles`), and an after hook that closes every
 * client `open()` made, stops the emulator and removes its config directory. `emu` and `host` are set once the before
 * hook ran.
 */
function servedRelay(name, { line, roles }) {
  const configDir = tmpDir();
  const clients = [];
  const served = {
    emu: /** @type {any} */ (null),
    host: '',
    open: async () => {
      const r = await connectRelay(served.host);
      clients.push(r);
      return r;
    },
  };
  before(async () => {
    served.emu = await spawnEmulator({ configDir, whitelist: admin.pk, line });
    if (line) assert.equal(served.emu.line, line);
    served.host = `${name}.localhost:${served.emu.port}`;
    const cfg = relayConfig(name, served.emu.port, owner, { secret: relayKey.hex, roles });
    assert.equal((await api(served.emu, 'POST', `/relay/${name}`, cfg, { sk: admin.sk })).status, 201);
  });
  after(async () => {
    for (const c of clients) c.close();
    await served.emu?.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });
  return served;
}

describe('virtual relay over WebSocket (archived line)', () => {
  const served = servedRelay('club', {
    roles: {
      inviters: { pubkeys: [inviter.pk], can_invite: true },
      mods: { pubkeys: [moderator.pk], can_manage: true },
    },
  });
  const { open } = served;
  let emu;
  let host;
  before(() => {
    ({ emu, host } = served);
  });

  test('REQ before AUTH is closed auth-required; AUTH with a wrong relay URL fails', async () => {
    const relay = await open();
    const res = await query(relay, [{ kinds: [1] }]);
    assert.match(res.closed, /^auth-required: /);
    const note = sign(bob.sk, 1, [], 'hi');
    const pub = await publish(relay, note);
    assert.equal(pub.ok, false);
    assert.match(pub.message, /^auth-required: /);

    // A raw AUTH naming another relay is refused.
    const ws = new LoopbackWebSocket(`ws://${host}`);
    const challenge = await new Promise((resolve, reject) => {
      ws.on('message', (d) => {
        const m = JSON.parse(d);
        if (m[0] === 'AUTH') resolve(m[1]);
      });
      ws.on('error', reject);
    });
    const bad = sign(bob.sk, 22242, [
      ['relay', 'ws://other.localhost'],
      ['challenge', challenge],
    ]);
    const answer = new Promise((resolve) =>
      ws.on('message', (d) => JSON.parse(d)[0] === 'OK' && resolve(JSON.parse(d))),
    );
    ws.send(JSON.stringify(['AUTH', bad]));
    const ok = await answer;
    assert.equal(ok[2], false);
    ws.close();
  });

  test('a non-member is restricted after AUTH, for reading and writing', async () => {
    const relay = await open();
    await authenticate(relay, bob.sk);
    const res = await query(relay, [{ kinds: [1] }]);
    assert.equal(res.closed, 'restricted: you are not a member of this relay');
    const pub = await publish(relay, sign(bob.sk, 1, [], 'let me in'));
    assert.equal(pub.ok, false);
    assert.equal(pub.message, 'restricted: you are not a member of this relay');
    // Joining without a claim / with a wrong claim
    let join = await publish(relay, sign(bob.sk, 28934, []));
    assert.equal(join.message, 'invalid: no claim tag');
    join = await publish(relay, sign(bob.sk, 28934, [['claim', 'NOPE0000']]));
    assert.equal(join.message, 'invalid: failed to validate invite code');
  });

  test('claim as the owner, join as a second key, post, read back; NIP-86 lists the member', async () => {
    const ownerConn = await open();
    await authenticate(ownerConn, owner.sk);
    const got = await query(ownerConn, [{ kinds: [28935] }]);
    assert.equal(got.closed, null);
    assert.equal(got.events.length, 1);
    const invite = got.events[0];
    assert.equal(invite.kind, 28935);
    assert.equal(invite.pubkey, relayKey.pk); // signed by the relay
    const claim = invite.tags.find((t) => t[0] === 'claim')[1];
    assert.match(claim, /^[0-9A-Z]{8}$/);
    assert.deepEqual(
      invite.tags.find((t) => t[0] === 'p'),
      ['p', owner.pk],
    );

    // Archived line: every inviter gets the same claim.
    const inviterConn = await open();
    await authenticate(inviterConn, inviter.sk);
    const again = await query(inviterConn, [{ kinds: [28935] }]);
    assert.equal(again.events[0].tags.find((t) => t[0] === 'claim')[1], claim);

    const aliceConn = await open();
    await authenticate(aliceConn, alice.sk);
    // A member who may not invite gets no claim (alice is not a member yet: restricted anyway).
    const join = await publish(aliceConn, sign(alice.sk, 28934, [['claim', claim]]));
    assert.equal(join.ok, true, join.message);

    // Alice may not request claims (no invite right): the REQ just returns nothing generated.
    const noClaim = await query(aliceConn, [{ kinds: [28935] }]);
    assert.equal(noClaim.closed, null);
    assert.deepEqual(noClaim.events, []);

    const note = sign(alice.sk, 1, [], 'hello club');
    const pub = await publish(aliceConn, note);
    assert.equal(pub.ok, true, pub.message);
    const back = await query(aliceConn, [{ kinds: [1], authors: [alice.pk] }]);
    assert.deepEqual(
      back.events.map((e) => e.id),
      [note.id],
    );

    // The join request itself is not stored, the 8000 and 13534 are (signed by the relay).
    const membership = await query(aliceConn, [{ kinds: [8000, 13534] }]);
    const adds = membership.events.filter(
      (e) => e.kind === 8000 && e.tags.some((t) => t[0] === 'p' && t[1] === alice.pk),
    );
    assert.equal(adds.length, 1);
    assert.deepEqual(adds[0].tags, [['-'], ['p', alice.pk]]);
    const list = membership.events.find((e) => e.kind === 13534);
    assert.equal(list.pubkey, relayKey.pk);
    assert.deepEqual(list.tags[0], ['-']);
    assert.ok(list.tags.some((t) => t[0] === 'member' && t[1] === alice.pk));
    const joins = await call(emu.port, { path: '/_emulator/relays/club/events?kinds=28934' });
    assert.deepEqual(joins.json, []);

    const r = await rpc(emu.port, host, owner.sk, 'listallowedpubkeys');
    assert.equal(r.status, 200);
    const members = r.json.result;
    assert.ok(members.some((m) => m.pubkey === alice.pk && m.reason === 'relay member'));
    // always members: the relay key (archived line), the owner, every role's pubkeys
    for (const pk of [relayKey.pk, owner.pk, inviter.pk, moderator.pk])
      assert.ok(
        members.some((m) => m.pubkey === pk),
        pk,
      );
  });

  test('clients cannot publish membership kinds or internal lists; COUNT is unsupported', async () => {
    const conn = await open();
    await authenticate(conn, alice.sk);
    for (const kind of [8000, 8001, 13534]) {
      const res = await publish(conn, sign(alice.sk, kind, [['-'], ['p', bob.pk]]));
      assert.equal(res.ok, false);
      assert.equal(res.message, "invalid: this event's kind is not accepted");
    }
    const internal = await publish(conn, sign(alice.sk, 30078, [['d', 'zooid/banned_pubkeys']]));
    assert.equal(internal.message, "invalid: this event's kind is not accepted");
    // Internal lists are never readable, not even by the relay key.
    const ownerConn = await open();
    await authenticate(ownerConn, relayKey.sk);
    await rpc(emu.port, host, owner.sk, 'banpubkey', [bob.pk, 'spam']);
    const lists = await query(ownerConn, [{ kinds: [30078] }]);
    assert.deepEqual(lists.events, []);
    const other = await publish(conn, sign(alice.sk, 1, [], 'as somebody else'));
    assert.equal(other.ok, true);
    const forged = sign(bob.sk, 1, [], 'bob speaking through alice');
    const res = await publish(conn, forged);
    assert.equal(res.message, 'restricted: you cannot publish events on behalf of others');
    await rpc(emu.port, host, owner.sk, 'unbanpubkey', [bob.pk]);

    const count = await new Promise((resolve) => {
      const ws = new LoopbackWebSocket(`ws://${host}`);
      ws.on('open', () => ws.send(JSON.stringify(['COUNT', 'c1', { kinds: [1] }])));
      ws.on('message', (d) => {
        const m = JSON.parse(d);
        if (m[0] === 'CLOSED') {
          ws.close();
          resolve(m);
        }
      });
    });
    assert.equal(count[1], 'c1');
    assert.match(count[2], /^unsupported: /);
  });

  test('NIP-70: a protected event only from its authenticated author, even a gift wrap to a member', async () => {
    const relayConn = await open();
    await authenticate(relayConn, relayKey.sk);
    // the relay key may not bring in someone else's protected note, nor a repost that embeds one
    const alicesProtected = sign(alice.sk, 1, [['-']], 'mine only');
    const theirs = await publish(relayConn, alicesProtected);
    assert.deepEqual(theirs, { ok: false, message: 'blocked: must be published by event author' });
    const repost = sign(relayKey.sk, 6, [['e', alicesProtected.id]], JSON.stringify(alicesProtected));
    assert.deepEqual(await publish(relayConn, repost), {
      ok: false,
      message: "blocked: can't repost nip70 protected",
    });
    // a gift wrap to a member passes zooid's recipient rule, but not NIP-70 when protected
    const wrap = sign(bob.sk, 1059, [['p', owner.pk], ['-']], 'sealed');
    assert.deepEqual(await publish(relayConn, wrap), {
      ok: false,
      message: 'blocked: must be published by event author',
    });
    const plainWrap = sign(bob.sk, 1059, [['p', owner.pk]], 'sealed');
    assert.equal((await publish(relayConn, plainWrap)).ok, true);
    // before AUTH: auth-required
    const raw = await rawSession(host);
    const unauth = sign(owner.sk, 1059, [['p', owner.pk], ['-']], 'sealed');
    raw.send(['EVENT', unauth]);
    const ok = await raw.next((m) => m[0] === 'OK' && m[1] === unauth.id);
    assert.deepEqual(ok.slice(2), [false, 'auth-required: must be published by authenticated event author']);
    raw.close();
    // the author itself may publish its protected event
    assert.equal((await publish(relayConn, sign(relayKey.sk, 1, [['-']], 'the relay speaking'))).ok, true);
  });

  test('a message over 512,000 bytes closes the connection with 1009, as khatru does', async () => {
    const raw = await rawSession(host);
    await raw.auth(relayKey.sk);
    const fits = sign(relayKey.sk, 1, [], 'x'.repeat(500_000));
    raw.send(['EVENT', fits]);
    assert.equal((await raw.next((m) => m[0] === 'OK' && m[1] === fits.id))[2], true);
    const closed = new Promise((resolve) => raw.ws.once('close', (code) => resolve(code)));
    raw.send(['EVENT', sign(relayKey.sk, 1, [], 'x'.repeat(512_000))]);
    assert.equal(await closed, 1009);
  });

  test('reports (1984) are ordinary events; a manager reads them all', async () => {
    const aliceConn = await open();
    await authenticate(aliceConn, alice.sk);
    const report = sign(alice.sk, 1984, [['p', bob.pk, 'spam']], 'spammer');
    assert.equal((await publish(aliceConn, report)).ok, true);
    const modConn = await open();
    await authenticate(modConn, moderator.sk);
    const seen = await query(modConn, [{ kinds: [1984] }]);
    assert.deepEqual(
      seen.events.map((e) => e.id),
      [report.id],
    );
  });

  test('live subscriptions receive new events', async () => {
    const reader = await open();
    await authenticate(reader, owner.sk);
    const received = new Promise((resolve) => {
      reader.subscribe([{ kinds: [1], '#t': ['live'] }], { onevent: (e) => resolve(e) });
    });
    const writer = await open();
    await authenticate(writer, alice.sk);
    const ev = sign(alice.sk, 1, [['t', 'live']], 'live!');
    assert.equal((await publish(writer, ev)).ok, true);
    assert.equal((await received).id, ev.id);
  });

  test('banpubkey deletes the events and blocks re-join; unban; join again; leave', async () => {
    let r = await rpc(emu.port, host, moderator.sk, 'banpubkey', [alice.pk, 'rude']);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, moderator.sk, 'listbannedpubkeys');
    assert.deepEqual(r.json.result, [{ pubkey: alice.pk, reason: 'rude' }]);
    r = await rpc(emu.port, host, moderator.sk, 'listallowedpubkeys');
    assert.ok(!r.json.result.some((m) => m.pubkey === alice.pk));
    const stored = await call(emu.port, { path: `/_emulator/relays/club/events?authors=${alice.pk}` });
    assert.deepEqual(stored.json, []);

    const ownerConn = await open();
    await authenticate(ownerConn, owner.sk);
    const claim = (await query(ownerConn, [{ kinds: [28935] }])).events[0].tags.find((t) => t[0] === 'claim')[1];
    const aliceConn = await open();
    await authenticate(aliceConn, alice.sk);
    let join = await publish(aliceConn, sign(alice.sk, 28934, [['claim', claim]]));
    assert.equal(join.ok, false);
    assert.equal(join.message, 'invalid: you have been banned from this relay');

    r = await rpc(emu.port, host, moderator.sk, 'unbanpubkey', [alice.pk]);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, moderator.sk, 'listallowedpubkeys');
    assert.ok(!r.json.result.some((m) => m.pubkey === alice.pk)); // unban does not restore membership
    join = await publish(aliceConn, sign(alice.sk, 28934, [['claim', claim]])); // claims are reusable
    assert.equal(join.ok, true, join.message);
    assert.equal((await query(aliceConn, [{ kinds: [1] }])).closed, null);

    const leave = await publish(aliceConn, sign(alice.sk, 28936, []));
    assert.equal(leave.ok, true, leave.message);
    r = await rpc(emu.port, host, moderator.sk, 'listallowedpubkeys');
    assert.ok(!r.json.result.some((m) => m.pubkey === alice.pk));
    const removed = await call(emu.port, { path: '/_emulator/relays/club/events?kinds=8001' });
    assert.ok(removed.json.some((e) => e.tags.some((t) => t[0] === 'p' && t[1] === alice.pk)));
    assert.equal((await query(aliceConn, [{ kinds: [1] }])).closed, 'restricted: you are not a member of this relay');
  });

  test('banevent deletes the event and refuses it when re-published; allowevent lifts that', async () => {
    const conn = await open();
    await authenticate(conn, inviter.sk);
    const ev = sign(inviter.sk, 1, [], 'to be banned');
    assert.equal((await publish(conn, ev)).ok, true);
    let r = await rpc(emu.port, host, owner.sk, 'banevent', [ev.id, 'off topic']);
    assert.deepEqual(r.json, { result: true });
    assert.deepEqual((await query(conn, [{ ids: [ev.id] }])).events, []);
    const again = await publish(conn, ev);
    assert.equal(again.ok, false);
    assert.equal(again.message, 'restricted: this event has been banned from this relay');
    r = await rpc(emu.port, host, owner.sk, 'listbannedevents');
    assert.equal(r.status, 200);
    assert.match(r.json.error, /./); // archived line: broken
    r = await rpc(emu.port, host, owner.sk, 'allowevent', [ev.id]);
    assert.deepEqual(r.json, { result: true });
    assert.deepEqual((await query(conn, [{ ids: [ev.id] }])).events, []); // not restored
    assert.equal((await publish(conn, ev)).ok, true);
  });

  test('policy.strip_signatures blanks signatures for non-managers only', async () => {
    assert.equal(
      (await api(emu, 'PATCH', '/relay/club', { policy: { strip_signatures: true } }, { sk: admin.sk })).status,
      200,
    );
    try {
      const reader = await rawSession(host);
      assert.equal((await reader.auth(inviter.sk))[2], true);
      const got = await reader.req('s1', { kinds: [1], limit: 5 });
      assert.ok(got.events.length > 0);
      assert.ok(got.events.every((e) => e.sig === '0'.repeat(128)));
      reader.close();
      const mod = await rawSession(host);
      assert.equal((await mod.auth(moderator.sk))[2], true);
      const full = await mod.req('s2', { kinds: [1], limit: 5 });
      assert.ok(full.events.length > 0 && full.events.every((e) => e.sig !== '0'.repeat(128)));
      mod.close();
    } finally {
      await api(emu, 'PATCH', '/relay/club', { policy: { strip_signatures: false } }, { sk: admin.sk });
    }
  });

  test('public_join lets anyone join without a claim; the relay host of an inactive relay is 404', async () => {
    let r = await api(emu, 'PATCH', '/relay/club', { policy: { public_join: true } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    const conn = await open();
    await authenticate(conn, bob.sk);
    const join = await publish(conn, sign(bob.sk, 28934, []));
    assert.equal(join.ok, true, join.message);

    r = await api(emu, 'PATCH', '/relay/club', { inactive: true }, { sk: admin.sk });
    assert.equal(r.status, 200);
    const refused = await new Promise((resolve) => {
      const ws = new LoopbackWebSocket(`ws://${host}`);
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
      });
      ws.on('error', () => {});
    });
    assert.equal(refused.status, 404);
    assert.match(refused.type, /^text\/plain/);
    assert.equal(refused.body.trim(), 'Not Found');

    r = await api(emu, 'PATCH', '/relay/club', { inactive: false }, { sk: admin.sk });
    const back = await open();
    await authenticate(back, bob.sk);
    assert.equal((await query(back, [{ kinds: [1] }])).closed, null); // data (membership) kept
  });
});

describe('virtual relay on the newer line', () => {
  const served = servedRelay('lounge', {
    line: 'newer',
    roles: { mods: { pubkeys: [moderator.pk], can_manage: true }, member: { can_invite: true } },
  });
  const { open } = served;
  let emu;
  let host;
  before(() => {
    ({ emu, host } = served);
  });

  test('the relay key is not a member; each inviter has its own claim; claims via NIP-86', async () => {
    let r = await rpc(emu.port, host, owner.sk, 'listallowedpubkeys');
    const members = r.json.result.map((m) => m.pubkey);
    assert.ok(!members.includes(relayKey.pk));
    assert.ok(members.includes(owner.pk) && members.includes(moderator.pk));

    const ownerConn = await open();
    await authenticate(ownerConn, owner.sk);
    const ownerClaim = (await query(ownerConn, [{ kinds: [28935] }])).events[0].tags.find((t) => t[0] === 'claim')[1];
    const modConn = await open();
    await authenticate(modConn, moderator.sk);
    const modClaim = (await query(modConn, [{ kinds: [28935] }])).events[0].tags.find((t) => t[0] === 'claim')[1];
    assert.notEqual(ownerClaim, modClaim);

    r = await rpc(emu.port, host, owner.sk, 'createclaim', ['WELCOME1']);
    assert.deepEqual(r.json, { result: 'WELCOME1' });
    r = await rpc(emu.port, host, owner.sk, 'listclaims');
    assert.deepEqual(r.json.result.map((c) => c.claim).sort(), [modClaim, ownerClaim, 'WELCOME1'].sort());
    r = await rpc(emu.port, host, owner.sk, 'deleteclaim', ['WELCOME1']);
    assert.deepEqual(r.json, { result: true });

    const aliceConn = await open();
    await authenticate(aliceConn, alice.sk);
    let join = await publish(aliceConn, sign(alice.sk, 28934, [['claim', 'WELCOME1']]));
    assert.equal(join.message, 'invalid: failed to validate invite code');
    join = await publish(aliceConn, sign(alice.sk, 28934, [['claim', modClaim]]));
    assert.equal(join.ok, true, join.message);
    // roles.member.can_invite grants nothing on this line: members invite when member_methods lists createclaim
    assert.equal((await query(aliceConn, [{ kinds: [28935] }])).events.length, 0);
    r = await rpc(emu.port, host, alice.sk, 'createclaim');
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');
    r = await api(emu, 'PATCH', '/relay/lounge', { management: { member_methods: ['createclaim'] } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    const aliceAgain = await open();
    await authenticate(aliceAgain, alice.sk);
    const aliceClaim = await query(aliceAgain, [{ kinds: [28935] }]);
    assert.equal(aliceClaim.events.length, 1);
    r = await rpc(emu.port, host, alice.sk, 'createclaim', ['ALICE001']);
    assert.deepEqual(r.json, { result: 'ALICE001' });
    r = await rpc(emu.port, host, alice.sk, 'supportedmethods');
    assert.deepEqual(r.json, { result: ['createclaim'] });
    r = await api(emu, 'PATCH', '/relay/lounge', { management: { member_methods: null } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    r = await rpc(emu.port, host, alice.sk, 'createclaim');
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');

    r = await call(emu.port, { path: '/relay/lounge/members', host: emu.api_host });
    assert.equal(r.status, 401);
    r = await api(emu, 'GET', '/relay/lounge/members', undefined, { sk: admin.sk });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.members, [...r.json.members].sort());
    assert.ok(r.json.members.includes(alice.pk));
  });

  test('assignrole makes a member; owner and managers cannot be removed; listbannedevents works', async () => {
    let r = await rpc(emu.port, host, moderator.sk, 'assignrole', [bob.pk, 'helper']);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, moderator.sk, 'listallowedpubkeys');
    assert.ok(r.json.result.some((m) => m.pubkey === bob.pk));
    r = await rpc(emu.port, host, moderator.sk, 'unallowpubkey', [owner.pk]);
    assert.match(r.json.error, /^blocked: /);
    r = await rpc(emu.port, host, owner.sk, 'banpubkey', [moderator.pk]);
    assert.match(r.json.error, /^blocked: /);
    r = await rpc(emu.port, host, owner.sk, 'listbannedevents');
    assert.deepEqual(r.json, { result: [] });
    // The relay key is no member on this line, but reads as a manager (e.g. every report).
    const alicePost = await open();
    await authenticate(alicePost, alice.sk);
    const report = sign(alice.sk, 1984, [['p', bob.pk, 'spam']]);
    assert.equal((await publish(alicePost, report)).ok, true);
    const self = await open();
    await authenticate(self, relayKey.sk);
    assert.deepEqual(
      (await query(self, [{ kinds: [1984] }])).events.map((e) => e.id),
      [report.id],
    );

    r = await rpc(emu.port, host, owner.sk, 'supportedmethods');
    for (const m of [
      'listclaims',
      'createclaim',
      'deleteclaim',
      'createrole',
      'editrole',
      'deleterole',
      'assignrole',
      'unassignrole',
      'listbannedevents',
    ]) {
      assert.ok(r.json.result.includes(m), m);
    }
    assert.ok(!r.json.result.includes('onapicall'));
  });
});

describe('roles over NIP-86 on the newer line', () => {
  const served = servedRelay('roles', { line: 'newer', roles: {} });
  let emu;
  let host;
  before(() => {
    ({ emu, host } = served);
  });

  test('createrole, editrole and deleterole keep [roles.<id>] in the config file; a PATCH leaves them', async () => {
    let r = await rpc(emu.port, host, owner.sk, 'createrole', ['vip', 'VIP']);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, owner.sk, 'createrole', ['vip']);
    assert.equal(r.json.error, 'role vip already exists');
    r = await rpc(emu.port, host, alice.sk, 'createrole', ['mine']);
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');
    r = await rpc(emu.port, host, owner.sk, 'createrole', ['Bad Id']);
    assert.match(r.json.error, /^invalid params: /);
    r = await rpc(emu.port, host, owner.sk, 'editrole', ['vip', 'Very important']);
    assert.deepEqual(r.json, { result: true });
    let toml = fs.readFileSync(`${emu.config_dir}/roles.toml`, 'utf8');
    assert.match(toml, /\[roles\.vip\]/);
    assert.match(toml, /label = "Very important"/);
    // a platform's patch of other keys leaves the role
    const patch = { info: { name: 'Renamed' }, roles: { team: { pubkeys: [] } } };
    r = await api(emu, 'PATCH', '/relay/roles', patch, { sk: admin.sk });
    assert.equal(r.status, 200);
    toml = fs.readFileSync(`${emu.config_dir}/roles.toml`, 'utf8');
    assert.match(toml, /\[roles\.vip\]/);
    r = await rpc(emu.port, host, owner.sk, 'deleterole', ['vip']);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, owner.sk, 'deleterole', ['vip']);
    assert.equal(r.json.error, 'role vip not found');
    assert.doesNotMatch(fs.readFileSync(`${emu.config_dir}/roles.toml`, 'utf8'), /roles\.vip/);
  });
});

describe("the newer line's public policies and member methods", () => {
  const served = servedRelay('plaza', { line: 'newer', roles: {} });
  const { open } = served;
  let emu;
  let host;
  before(() => {
    ({ emu, host } = served);
  });

  test('policy.public_read: anyone reads without AUTH; off again, AUTH and membership are needed', async () => {
    const ownerConn = await open();
    await authenticate(ownerConn, owner.sk);
    const post = sign(owner.sk, 1, [], 'for everyone');
    assert.equal((await publish(ownerConn, post)).ok, true);

    const closed = await query(await open(), [{ kinds: [1] }]);
    assert.match(closed.closed ?? '', /^auth-required: /);

    let r = await api(emu, 'PATCH', '/relay/plaza', { policy: { public_read: true } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    assert.match(fs.readFileSync(`${emu.config_dir}/plaza.toml`, 'utf8'), /public_read = true/);
    const anyone = await query(await open(), [{ kinds: [1] }]);
    assert.equal(anyone.closed, null);
    assert.deepEqual(
      anyone.events.map((e) => e.id),
      [post.id],
    );
    const stranger = await open();
    await authenticate(stranger, bob.sk); // authenticated but no member: reads too
    assert.equal((await query(stranger, [{ kinds: [1] }])).events.length, 1);
    // reading is not writing
    assert.match((await publish(stranger, sign(bob.sk, 1, [], 'hi'))).message, /not a member/);

    r = await api(emu, 'PATCH', '/relay/plaza', { policy: { public_read: false } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    assert.match((await query(await open(), [{ kinds: [1] }])).closed ?? '', /^auth-required: /);
  });

  test('policy.public_write: anyone publishes without AUTH or membership, a banned author is still refused', async () => {
    let r = await api(emu, 'PATCH', '/relay/plaza', { policy: { public_write: true } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    const anon = await open();
    const note = sign(bob.sk, 1, [], 'from outside');
    const sent = await publish(anon, note);
    assert.equal(sent.ok, true, sent.message);
    const ownerConn = await open();
    await authenticate(ownerConn, owner.sk);
    assert.ok((await query(ownerConn, [{ kinds: [1] }])).events.some((e) => e.id === note.id));
    // not a member for all that, and the relay's own kinds stay the relay's
    r = await rpc(emu.port, host, owner.sk, 'listallowedpubkeys');
    assert.ok(!r.json.result.some((m) => m.pubkey === bob.pk));
    assert.equal((await publish(anon, sign(bob.sk, 13534, [['-']]))).ok, false);
    r = await rpc(emu.port, host, owner.sk, 'banpubkey', [bob.pk, 'spam']);
    assert.deepEqual(r.json, { result: true });
    assert.match((await publish(anon, sign(bob.sk, 1, [], 'again'))).message, /banned/);
    await api(emu, 'PATCH', '/relay/plaza', { policy: { public_write: false } }, { sk: admin.sk });
    assert.match((await publish(await open(), sign(alice.sk, 1, [], 'closed'))).message, /^auth-required: /);
  });

  test('management.member_methods: a member may call what it lists, and supportedmethods lists just that', async () => {
    let r = await rpc(emu.port, host, owner.sk, 'allowpubkey', [alice.pk]);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, alice.sk, 'allowpubkey', [inviter.pk]);
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');
    r = await rpc(emu.port, host, alice.sk, 'supportedmethods');
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');

    r = await api(emu, 'PATCH', '/relay/plaza', { management: { member_methods: ['allowpubkey'] } }, { sk: admin.sk });
    assert.equal(r.status, 200);
    assert.match(fs.readFileSync(`${emu.config_dir}/plaza.toml`, 'utf8'), /member_methods = \[\s*"allowpubkey"\s*\]/);
    r = await rpc(emu.port, host, alice.sk, 'supportedmethods');
    assert.deepEqual(r.json, { result: ['allowpubkey'] });
    r = await rpc(emu.port, host, alice.sk, 'allowpubkey', [inviter.pk]);
    assert.deepEqual(r.json, { result: true });
    r = await rpc(emu.port, host, alice.sk, 'banpubkey', [inviter.pk]);
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');
    // not for someone who is no member
    r = await rpc(emu.port, host, bob.sk, 'allowpubkey', [bob.pk]);
    assert.equal(r.json.error, 'blocked: only relay admins can manage this relay.');
    // the owner still sees every method
    r = await rpc(emu.port, host, owner.sk, 'supportedmethods');
    assert.ok(r.json.result.includes('banpubkey'));
  });
});

test('the archived line drops public_read, public_write and member_methods like any unknown field', async () => {
  const configDir = tmpDir();
  const emu = await spawnEmulator({ configDir, whitelist: admin.pk });
  const clients = [];
  try {
    const cfg = relayConfig('old', emu.port, owner, {
      policy: { public_join: false, strip_signatures: false, public_read: true, public_write: true },
      management: { enabled: true, member_methods: ['allowpubkey'] },
    });
    assert.equal((await api(emu, 'POST', '/relay/old', cfg, { sk: admin.sk })).status, 201);
    const toml = fs.readFileSync(`${configDir}/old.toml`, 'utf8');
    assert.doesNotMatch(toml, /public_read|public_write|member_methods/);
    const conn = await connectRelay(`old.localhost:${emu.port}`);
    clients.push(conn);
    assert.match((await query(conn, [{ kinds: [1] }])).closed ?? '', /^auth-required: /);
    assert.match((await publish(conn, sign(bob.sk, 1, [], 'hi'))).message, /^auth-required: /);
  } finally {
    for (const c of clients) c.close();
    await emu.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  }
});

test('a raw ws client gets the AUTH challenge first', async () => {
  const configDir = tmpDir();
  const emu = await spawnEmulator({ configDir, whitelist: admin.pk });
  try {
    const cfg = relayConfig('raw', emu.port, owner);
    assert.equal((await api(emu, 'POST', '/relay/raw', cfg, { sk: admin.sk })).status, 201);
    const first = await new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${emu.port}`, { headers: { Host: `raw.localhost:${emu.port}` } });
      ws.on('message', (d) => {
        ws.close();
        resolve(JSON.parse(d));
      });
      ws.on('error', reject);
    });
    assert.equal(first[0], 'AUTH');
    assert.equal(typeof first[1], 'string');
  } finally {
    await emu.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  }
});
