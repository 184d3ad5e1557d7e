// Blossom media on the zooid emulator's relay hosts (BUD-01/02): upload, get, head, list, delete,
// for members only, with kind-24242 auth events, a 10 MiB bound, and only on relays with media.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  api,
  authHeader,
  call,
  keypair,
  relayConfig,
  rpc,
  sha256hex,
  spawnEmulator,
  tmpDir,
} from './zooid-emulator-helpers.mjs';

const admin = keypair();
const owner = keypair();
const member = keypair();
const stranger = keypair();

const now = () => Math.floor(Date.now() / 1000);

/** A Blossom auth header for `verb` (x = sha256 when given), valid for a minute unless told. */
function blossomAuth(sk, verb, { x, expiration = now() + 60, kind = 24242 } = {}) {
  const tags = [
    ['t', verb],
    ['expiration', String(expiration)],
  ];
  if (x) tags.push(['x', x]);
  return authHeader({ kind, tags, content: `${verb} media` }, sk);
}

describe('Blossom on a relay host', () => {
  const configDir = tmpDir();
  let emu;
  let host;
  let plainHost;
  const body = 'hello blossom';
  const sha = sha256hex(body);

  const upload = (sk, data = body, opts = {}) =>
    call(emu.port, {
      method: 'PUT',
      path: '/upload',
      host: opts.host ?? host,
      headers: {
        Authorization: blossomAuth(sk, 'upload', { x: sha256hex(data), ...opts }),
        'Content-Type': 'text/plain',
      },
      body: data,
    });

  before(async () => {
    emu = await spawnEmulator({ configDir, whitelist: admin.pk });
    host = `media.localhost:${emu.port}`;
    plainHost = `plain.localhost:${emu.port}`;
    const withMedia = relayConfig('media', emu.port, owner, { blossom: { enabled: true } });
    assert.equal((await api(emu, 'POST', '/relay/media', withMedia, { sk: admin.sk })).status, 201);
    const without = relayConfig('plain', emu.port, owner);
    assert.equal((await api(emu, 'POST', '/relay/plain', without, { sk: admin.sk })).status, 201);
    assert.equal((await rpc(emu.port, host, owner.sk, 'allowpubkey', [member.pk])).status, 200);
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test('a member uploads, and gets a BUD-02 blob descriptor', async () => {
    const r = await upload(member.sk);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), ['sha256', 'size', 'type', 'uploaded', 'url']);
    assert.equal(r.json.sha256, sha);
    assert.equal(r.json.size, Buffer.byteLength(body));
    assert.equal(r.json.type, 'text/plain');
    assert.equal(r.json.url, `http://${host}/${sha}.txt`);
    assert.ok(Math.abs(r.json.uploaded - now()) < 5);
  });

  test('the owner counts as a member', async () => {
    const r = await upload(owner.sk, 'owner file');
    assert.equal(r.status, 200, r.text);
  });

  test('GET and HEAD return the blob (with or without extension); unknown blobs are 404', async () => {
    const get = await call(emu.port, {
      path: `/${sha}.txt`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get') },
    });
    assert.equal(get.status, 200);
    assert.equal(get.text, body);
    assert.equal(get.headers['content-type'], 'text/plain');
    const bare = await call(emu.port, {
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(owner.sk, 'get') },
    });
    assert.equal(bare.text, body);
    const head = await call(emu.port, {
      method: 'HEAD',
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get') },
    });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(body)));
    assert.equal(head.text, '');
    const missing = await call(emu.port, {
      path: `/${'0'.repeat(64)}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get') },
    });
    assert.equal(missing.status, 404);
  });

  test('list gives the descriptors a pubkey uploaded', async () => {
    const r = await call(emu.port, {
      path: `/list/${member.pk}`,
      host,
      headers: { Authorization: blossomAuth(owner.sk, 'list') },
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.map((d) => d.sha256),
      [sha],
    );
    const wrongVerb = await call(emu.port, {
      path: `/list/${member.pk}`,
      host,
      headers: { Authorization: blossomAuth(owner.sk, 'get') },
    });
    assert.equal(wrongVerb.status, 401);
  });

  test('refusals: non-member 403, bad signature, expired, wrong kind, wrong x, no auth 401, too large 413', async () => {
    const nonMember = await upload(stranger.sk);
    assert.equal(nonMember.status, 403);
    assert.match(nonMember.headers['x-reason'] ?? '', /not a member/);
    const strangerGet = await call(emu.port, {
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(stranger.sk, 'get') },
    });
    assert.equal(strangerGet.status, 403);

    const header = blossomAuth(member.sk, 'upload', { x: sha });
    const event = JSON.parse(Buffer.from(header.slice(6), 'base64').toString('utf8'));
    event.sig = event.sig.replace(/^./, event.sig[0] === 'a' ? 'b' : 'a');
    const forged = await call(emu.port, {
      method: 'PUT',
      path: '/upload',
      host,
      headers: { Authorization: `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}` },
      body,
    });
    assert.equal(forged.status, 401);
    assert.match(forged.headers['x-reason'] ?? '', /signature/);

    const expired = await upload(member.sk, body, { expiration: now() - 1 });
    assert.equal(expired.status, 401);
    assert.match(expired.headers['x-reason'] ?? '', /expired/);

    const wrongKind = await upload(member.sk, body, { kind: 27235 });
    assert.equal(wrongKind.status, 401);

    const wrongX = await upload(member.sk, body, { x: sha256hex('something else') });
    assert.equal(wrongX.status, 401);
    assert.match(wrongX.headers['x-reason'] ?? '', /x tag/);

    const none = await call(emu.port, { method: 'PUT', path: '/upload', host, body });
    assert.equal(none.status, 401);

    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 7);
    const tooLarge = await upload(member.sk, big);
    assert.equal(tooLarge.status, 413);
    const limit = Buffer.alloc(10 * 1024 * 1024, 7);
    assert.equal((await upload(member.sk, limit)).status, 200);
  });

  test('a relay without media answers 404 on every Blossom path', async () => {
    const r = await upload(member.sk, body, { host: plainHost });
    assert.equal(r.status, 404);
    const get = await call(emu.port, {
      path: `/${sha}`,
      host: plainHost,
      headers: { Authorization: blossomAuth(owner.sk, 'get') },
    });
    assert.equal(get.status, 404);
  });

  test('delete: only the uploader, with x matching; then the blob is gone', async () => {
    const del = (sk, x = sha) =>
      call(emu.port, {
        method: 'DELETE',
        path: `/${sha}`,
        host,
        headers: { Authorization: blossomAuth(sk, 'delete', { x }) },
      });
    assert.equal((await del(member.sk, sha256hex('other'))).status, 401);
    assert.equal((await del(owner.sk)).status, 404); // the owner never uploaded it
    assert.equal((await del(stranger.sk)).status, 403);
    assert.equal((await del(member.sk)).status, 204);
    const get = await call(emu.port, {
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get') },
    });
    assert.equal(get.status, 404);
  });
});
