// Tests of stack/bunker (development NIP-46 remote signer) with nostr-tools' BunkerSigner as the
// independent client, over a spawned stack/relay, on real sockets.

import '../wallet/ws-global.mjs'; // Node 20: BunkerSigner's pool needs a global WebSocket (must come first)
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as nip04 from 'nostr-tools/nip04';
import * as nip44 from 'nostr-tools/nip44';
import { BunkerSigner, createNostrConnectURI, parseBunkerInput } from 'nostr-tools/nip46';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { Relay } from 'nostr-tools/relay';
import { spawnReady } from '../relay/cli-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RELAY = path.join(here, '..', 'relay', 'server.mjs');
const BUNKER = path.join(here, '..', 'bunker', 'server.mjs');

const now = () => Math.floor(Date.now() / 1000);
const hex = (b) => Buffer.from(b).toString('hex');

let relay;
const procs = [];
const signers = [];
const sockets = [];

/** Rejects when `p` takes longer than `ms` (BunkerSigner requests wait forever). */
function within(p, ms, what) {
  let t;
  return Promise.race([
    p,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

async function startBunker(args = []) {
  const b = await spawnReady(BUNKER, ['--relay', relay.ready.url, '--control-port', '0', '--quiet', ...args], {
    name: 'bunker',
  });
  procs.push(b);
  return b;
}

async function control(b, method, route, body) {
  const res = await fetch(b.ready.control_url + route, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function bunkerClient(bunkerUrl) {
  const bp = await parseBunkerInput(bunkerUrl);
  assert.ok(bp, `parseable bunker URL: ${bunkerUrl}`);
  const clientSk = generateSecretKey();
  const s = BunkerSigner.fromBunker(clientSk, bp);
  signers.push(s);
  return { signer: s, bp, clientPk: getPublicKey(clientSk) };
}

const template = (o = {}) => ({
  kind: 1,
  content: 'signed remotely',
  tags: [['t', 'caravel']],
  created_at: now(),
  ...o,
});

before(async () => {
  relay = await spawnReady(RELAY, ['--port', '0'], { name: 'relay' });
});

after(async () => {
  for (const s of signers) await s.close().catch(() => {});
  for (const r of sockets) r.close();
  for (const p of procs) await p.stop();
  await relay?.stop();
});

describe('bunker:// connection', () => {
  let b;
  let client;
  before(async () => {
    b = await startBunker();
    client = await bunkerClient(b.ready.bunker_url);
    await within(client.signer.connect({ name: 'bunker test' }), 10_000, 'connect');
  });

  test('ready line: bunker URL of the signer key with the relay and a secret', () => {
    const u = new URL(b.ready.bunker_url.replace(/^bunker:/, 'http:'));
    assert.equal(u.host, b.ready.signer_pubkey);
    assert.equal(b.ready.signer_pubkey, b.ready.pubkey, 'one key by default');
    assert.deepEqual(u.searchParams.getAll('relay'), b.ready.relays);
    assert.match(u.searchParams.get('secret'), /^[0-9a-f]{32}$/);
    assert.match(b.ready.control_url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('get_public_key, ping, sign_event (the event verifies)', async () => {
    assert.equal(await within(client.signer.getPublicKey(), 10_000, 'get_public_key'), b.ready.pubkey);
    await within(client.signer.ping(), 10_000, 'ping');
    const t = template({
      kind: 27235,
      content: '',
      tags: [
        ['u', 'http://127.0.0.1/auth/session'],
        ['method', 'POST'],
      ],
    });
    const ev = await within(client.signer.signEvent(t), 10_000, 'sign_event');
    assert.equal(verifyEvent(ev), true);
    assert.equal(ev.pubkey, b.ready.pubkey);
    assert.equal(ev.kind, 27235);
    assert.deepEqual(ev.tags, t.tags);
    assert.equal(ev.created_at, t.created_at);

    const { body } = await control(b, 'GET', '/requests?method=sign_event');
    const mine = body.requests.filter((r) => r.event?.id === ev.id);
    assert.equal(mine.length, 1, 'the signed event is listed by GET /requests');
    assert.equal(mine[0].client_pubkey, client.clientPk);
    assert.equal(mine[0].kind, 27235);
  });

  test('nip44_encrypt / nip44_decrypt with a third party', async () => {
    const other = generateSecretKey();
    const otherPk = getPublicKey(other);
    const ck = nip44.getConversationKey(other, b.ready.pubkey);
    const c = await within(client.signer.nip44Encrypt(otherPk, 'hello over NIP-44'), 10_000, 'nip44_encrypt');
    assert.equal(nip44.decrypt(c, ck), 'hello over NIP-44', 'the third party decrypts what the bunker encrypted');
    const back = nip44.encrypt('and back ✓', ck);
    assert.equal(await within(client.signer.nip44Decrypt(otherPk, back), 10_000, 'nip44_decrypt'), 'and back ✓');
    await assert.rejects(
      within(
        client.signer.nip44Decrypt(otherPk, nip44.encrypt('x', nip44.getConversationKey(other, otherPk))),
        10_000,
        'bad',
      ),
      (e) => /nip44_decrypt/.test(String(e)),
      'a ciphertext for another key is an error',
    );
  });

  test('nip04_encrypt / nip04_decrypt with a third party', async () => {
    const other = generateSecretKey();
    const otherPk = getPublicKey(other);
    const c = await within(client.signer.nip04Encrypt(otherPk, 'hello over NIP-04'), 10_000, 'nip04_encrypt');
    assert.match(c, /\?iv=/);
    assert.equal(await nip04.decrypt(other, b.ready.pubkey, c), 'hello over NIP-04');
    const back = await nip04.encrypt(other, b.ready.pubkey, 'legacy back');
    assert.equal(await within(client.signer.nip04Decrypt(otherPk, back), 10_000, 'nip04_decrypt'), 'legacy back');
  });

  test('a wrong connect secret is refused, and the client gets nothing signed', async () => {
    const { signer, bp } = await bunkerClient(b.ready.bunker_url);
    bp.secret = 'not-the-secret';
    await assert.rejects(within(signer.connect(), 10_000, 'connect'), (e) => /invalid secret/.test(String(e)));
    await assert.rejects(within(signer.signEvent(template()), 10_000, 'sign_event'), (e) =>
      /unauthorized/.test(String(e)),
    );
    await assert.rejects(within(signer.getPublicKey(), 10_000, 'get_public_key'), (e) =>
      /unauthorized/.test(String(e)),
    );
  });

  test('a connect without a secret is refused', async () => {
    const { signer, bp } = await bunkerClient(b.ready.bunker_url);
    bp.secret = null;
    await assert.rejects(within(signer.connect(), 10_000, 'connect'), (e) => /secret is required/.test(String(e)));
  });

  test('the secret is single-use; POST /bunker-urls issues a new one', async () => {
    const second = await bunkerClient(b.ready.bunker_url);
    await assert.rejects(within(second.signer.connect(), 10_000, 'connect'), (e) => /already used/.test(String(e)));
    // the first client may connect again (a retry)
    await within(client.signer.connect(), 10_000, 'connect again');

    const r = await control(b, 'POST', '/bunker-urls');
    assert.equal(r.status, 201);
    assert.notEqual(r.body.bunker_url, b.ready.bunker_url);
    const third = await bunkerClient(r.body.bunker_url);
    await within(third.signer.connect(), 10_000, 'connect with the new URL');
    assert.equal(await within(third.signer.getPublicKey(), 10_000, 'get_public_key'), b.ready.pubkey);
  });

  test('policy: a denied method is answered with an error', async () => {
    assert.equal((await control(b, 'POST', '/policy', { deny: ['sign_event'] })).status, 200);
    try {
      await assert.rejects(within(client.signer.signEvent(template()), 10_000, 'sign_event'), (e) =>
        /rejected sign_event/.test(String(e)),
      );
      assert.equal(await within(client.signer.getPublicKey(), 10_000, 'get_public_key'), b.ready.pubkey);
    } finally {
      await control(b, 'POST', '/policy', { deny: [] });
    }
    assert.equal((await control(b, 'POST', '/policy', { deny: ['launch_rockets'] })).status, 400);
    const ev = await within(client.signer.signEvent(template()), 10_000, 'sign_event');
    assert.equal(verifyEvent(ev), true);
  });

  test('logout ends the session', async () => {
    const r = await control(b, 'POST', '/bunker-urls');
    const { signer, clientPk } = await bunkerClient(r.body.bunker_url);
    await within(signer.connect(), 10_000, 'connect');
    assert.ok((await control(b, 'GET', '/sessions')).body.sessions.some((s) => s.client_pubkey === clientPk));
    await within(signer.sendRequest('logout', []), 10_000, 'logout');
    assert.ok(!(await control(b, 'GET', '/sessions')).body.sessions.some((s) => s.client_pubkey === clientPk));
    await assert.rejects(within(signer.sendRequest('get_public_key', []), 10_000, 'get_public_key'), (e) =>
      /unauthorized/.test(String(e)),
    );
  });

  test('an unknown method is answered with an error', async () => {
    await assert.rejects(within(client.signer.sendRequest('create_account', []), 10_000, 'x'), (e) =>
      /unsupported method/.test(String(e)),
    );
  });
});

describe('raw kind 24133 requests', () => {
  /** Sends one request as a hand-made client and waits for the response event. */
  async function rawRequest(b, clientSk, payload, scheme) {
    const r = await Relay.connect(relay.ready.url);
    sockets.push(r);
    const clientPk = getPublicKey(clientSk);
    const signerPk = b.ready.signer_pubkey;
    const text = JSON.stringify(payload);
    const content =
      scheme === 'nip04'
        ? await nip04.encrypt(clientSk, signerPk, text)
        : nip44.encrypt(text, nip44.getConversationKey(clientSk, signerPk));
    const got = new Promise((resolve) => {
      r.subscribe([{ kinds: [24133], '#p': [clientPk], limit: 0 }], { onevent: resolve });
    });
    await new Promise((res) => setTimeout(res, 50));
    await r.publish(finalizeEvent({ kind: 24133, created_at: now(), tags: [['p', signerPk]], content }, clientSk));
    const ev = await within(got, 10_000, `${payload.method} response`);
    r.close();
    assert.equal(verifyEvent(ev), true);
    assert.equal(ev.pubkey, signerPk, 'answered by the remote-signer key');
    assert.deepEqual(ev.tags, [['p', clientPk]]);
    const plain =
      scheme === 'nip04'
        ? await nip04.decrypt(clientSk, signerPk, ev.content)
        : nip44.decrypt(ev.content, nip44.getConversationKey(clientSk, signerPk));
    return JSON.parse(plain);
  }

  test('a NIP-04 encrypted request (legacy client) is answered in NIP-04; the id comes back', async () => {
    const b = await startBunker(['--connect-secret', 'legacy-secret']);
    const sk = generateSecretKey();
    const c = await rawRequest(
      b,
      sk,
      { id: 'c1', method: 'connect', params: [b.ready.signer_pubkey, 'legacy-secret'] },
      'nip04',
    );
    assert.deepEqual(c, { id: 'c1', result: 'ack' });
    const p = await rawRequest(b, sk, { id: 'p1', method: 'get_public_key', params: [] }, 'nip04');
    assert.deepEqual(p, { id: 'p1', result: b.ready.pubkey });
    const s = await rawRequest(
      b,
      sk,
      {
        id: 's1',
        method: 'sign_event',
        params: [JSON.stringify({ kind: 1, content: 'x', tags: 'nope', created_at: now() })],
      },
      'nip44',
    );
    assert.equal(s.id, 's1');
    assert.match(s.error, /tags must be/);
  });
});

describe('separate remote-signer key', () => {
  test('get_public_key returns the user key, not the bunker URL key; events are signed by the user key', async () => {
    const user = generateSecretKey();
    const b = await startBunker(['--secret', hex(user), '--separate-signer-key']);
    assert.equal(b.ready.pubkey, getPublicKey(user));
    assert.notEqual(b.ready.signer_pubkey, b.ready.pubkey);
    const { signer, bp } = await bunkerClient(b.ready.bunker_url);
    assert.equal(bp.pubkey, b.ready.signer_pubkey);
    await within(signer.connect(), 10_000, 'connect');
    assert.equal(await within(signer.getPublicKey(), 10_000, 'get_public_key'), getPublicKey(user));
    const ev = await within(signer.signEvent(template()), 10_000, 'sign_event');
    assert.equal(ev.pubkey, getPublicKey(user));
    assert.equal(verifyEvent(ev), true);
  });
});

describe('nostrconnect:// (client-initiated)', () => {
  let b;
  before(async () => {
    b = await startBunker(['--separate-signer-key']);
  });

  test('POST /nostrconnect accepts the client URI; the client connects and gets events signed', async () => {
    const clientSk = generateSecretKey();
    const secret = hex(generateSecretKey()).slice(0, 16);
    const uri = createNostrConnectURI({
      clientPubkey: getPublicKey(clientSk),
      relays: [relay.ready.url],
      secret,
      perms: ['sign_event:27235'],
      name: 'Caravel test',
      url: 'http://127.0.0.1',
    });
    const abort = new AbortController();
    const pending = BunkerSigner.fromURI(clientSk, uri, {}, abort.signal);
    pending.catch(() => {});
    // The client's subscription must be open before the bunker answers (kind 24133 is not stored);
    // the bunker also repeats its answer while the client stays silent.
    await new Promise((r) => setTimeout(r, 200));
    const r = await control(b, 'POST', '/nostrconnect', { uri });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.client_pubkey, getPublicKey(clientSk));
    assert.equal(r.body.name, 'Caravel test');
    assert.deepEqual(r.body.perms, ['sign_event:27235']);
    let signer;
    try {
      signer = await within(pending, 10_000, 'the connect response');
    } finally {
      abort.abort();
    }
    signers.push(signer);
    assert.equal(signer.bp.pubkey, b.ready.signer_pubkey, 'the client learnt the remote-signer key from the response');
    assert.equal(await within(signer.getPublicKey(), 10_000, 'get_public_key'), b.ready.pubkey);
    const ev = await within(signer.signEvent(template({ kind: 27235 })), 10_000, 'sign_event');
    assert.equal(verifyEvent(ev), true);
    assert.equal(ev.pubkey, b.ready.pubkey);
    const reqs = (await control(b, 'GET', `/requests?client=${getPublicKey(clientSk)}`)).body.requests;
    assert.deepEqual(
      reqs.map((q) => q.method).filter((m) => m !== 'switch_relays'),
      ['connect', 'get_public_key', 'sign_event'],
    );
    assert.equal(reqs.find((q) => q.method === 'switch_relays')?.result, 'null', 'same relays: nothing to switch');
  });

  test('a client with a different secret does not accept the response', async () => {
    const clientSk = generateSecretKey();
    const uri = createNostrConnectURI({
      clientPubkey: getPublicKey(clientSk),
      relays: [relay.ready.url],
      secret: 'expected',
    });
    const abort = new AbortController();
    const pending = BunkerSigner.fromURI(clientSk, uri, {}, abort.signal);
    let settled = false;
    pending.then(
      () => (settled = true),
      () => {},
    );
    await new Promise((r) => setTimeout(r, 200));
    const forged = uri.replace('secret=expected', 'secret=forged');
    assert.equal((await control(b, 'POST', '/nostrconnect', { uri: forged })).status, 200);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(settled, false, 'the client ignores a connect response with the wrong secret');
    abort.abort();
  });

  test('bad nostrconnect URIs are refused with 400', async () => {
    const pk = getPublicKey(generateSecretKey());
    for (const uri of [
      'bunker://x',
      'nostrconnect://nothex?relay=ws%3A%2F%2F127.0.0.1%3A1&secret=s',
      `nostrconnect://${pk}?secret=s`,
      `nostrconnect://${pk}?relay=ws%3A%2F%2F127.0.0.1%3A1`,
      `nostrconnect://${pk}?relay=http%3A%2F%2F127.0.0.1%3A1&secret=s`,
    ]) {
      const r = await control(b, 'POST', '/nostrconnect', { uri });
      assert.equal(r.status, 400, `${uri}: ${JSON.stringify(r.body)}`);
      assert.ok(r.body.error);
    }
    assert.equal((await control(b, 'POST', '/nostrconnect', {})).status, 400);
  });
});

describe('process', () => {
  test('reconnects when its relay restarts', async () => {
    const r1 = await spawnReady(RELAY, ['--port', '0'], { name: 'relay (restarted)' });
    const port = r1.ready.port;
    const b = await spawnReady(BUNKER, ['--relay', r1.ready.url, '--control-port', '0', '--quiet'], { name: 'bunker' });
    procs.push(b);
    await r1.stop();
    const r2 = await spawnReady(RELAY, ['--port', String(port)], { name: 'relay (again)' });
    const { signer } = await bunkerClient(b.ready.bunker_url);
    try {
      // The bunker resubscribes after its reconnect backoff; the client's request is not stored by the
      // relay, so retry the connect until the bunker is back (a retry of a connect is an "ack").
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await within(signer.connect(), 1000, 'connect');
          break;
        } catch (e) {
          if (Date.now() > deadline) throw e;
        }
      }
      assert.equal(await within(signer.getPublicKey(), 5000, 'get_public_key'), b.ready.pubkey);
    } finally {
      await signer.close(); // before its relay goes away (else its idle timer keeps the process 20 s)
      await b.stop();
      await r2.stop();
    }
  });

  test('exits when its parent closes stdin', async () => {
    const b = await startBunker();
    const exited = new Promise((resolve) => b.child.once('exit', (code) => resolve(code)));
    b.child.stdin.end();
    assert.equal(await within(exited, 5000, 'exit'), 0);
  });
});
