// Blossom media on the zooid emulator's relay hosts (BUD-01/02): upload, get, head, list, delete,
// for members only, with kind-24242 auth events, a 10 MiB bound, and only on relays with media — answered with the
// status codes, reasons and descriptors real zooid gives (each was checked against a zooid binary built from source).

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

/** A Blossom auth header for `verb` (x = sha256, server = URL when given), valid for a minute unless told. */
function blossomAuth(sk, verb, { x, server, expiration = now() + 60, kind = 24242 } = {}) {
  const tags = [['t', verb]];
  if (expiration !== null) tags.push(['expiration', String(expiration)]);
  if (x) tags.push(['x', x]);
  if (server) tags.push(['server', server]);
  return authHeader({ kind, tags, content: `${verb} media` }, sk);
}

/** The header with its event changed by `edit` after signing (so the id or signature no longer holds). */
function tampered(header, edit) {
  const event = JSON.parse(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  edit(event);
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}`;
}

describe('Blossom on a relay host', () => {
  const configDir = tmpDir();
  let emu;
  let host;
  let plainHost;
  const body = 'hello blossom';
  const sha = sha256hex(body);

  const upload = (sk, data = body, opts = {}, contentType = 'text/plain') =>
    call(emu.port, {
      method: 'PUT',
      path: '/upload',
      host: opts.host ?? host,
      headers: {
        Authorization: blossomAuth(sk, 'upload', { x: sha256hex(data), ...opts }),
        'Content-Type': contentType,
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

  test('a member uploads, and gets a BUD-02 blob descriptor whose url is always https', async () => {
    const r = await upload(member.sk);
    assert.equal(r.status, 200, r.headers['x-reason']);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(r.json).sort(), ['sha256', 'size', 'type', 'uploaded', 'url']);
    assert.equal(r.json.sha256, sha);
    assert.equal(r.json.size, Buffer.byteLength(body));
    // zooid types a text upload by the extension Go's MIME table gives text/plain
    assert.equal(r.json.type, 'text/plain; charset=utf-8');
    assert.equal(r.json.url, `https://${host}/${sha}.text`);
    assert.ok(Math.abs(r.json.uploaded - now()) < 5);
  });

  test("the file's first bytes name its type before the Content-Type does; unknown types are octet-stream", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const asPng = await upload(member.sk, png, {}, 'application/octet-stream');
    assert.equal(asPng.json.type, 'image/png');
    assert.equal(asPng.json.url, `https://${host}/${sha256hex(png)}.png`);
    const random = Buffer.alloc(64, 3);
    const saidPng = await upload(member.sk, random, {}, 'image/png');
    assert.equal(saidPng.json.type, 'image/png');
    assert.match(saidPng.json.url, /\.png$/);
    const bin = await upload(member.sk, 'opaque bytes', {}, 'application/x-unknown');
    assert.equal(bin.json.type, 'application/octet-stream');
    assert.equal(bin.json.url, `https://${host}/${sha256hex('opaque bytes')}`);
  });

  test('the owner counts as a member', async () => {
    const r = await upload(owner.sk, 'owner file');
    assert.equal(r.status, 200, r.headers['x-reason']);
  });

  test('GET needs a get event naming the blob (x) or this server; HEAD answers anybody', async () => {
    const get = await call(emu.port, {
      path: `/${sha}.text`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get', { x: sha }) },
    });
    assert.equal(get.status, 200);
    assert.equal(get.text, body);
    assert.equal(get.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(get.headers.etag, sha);
    const byServer = await call(emu.port, {
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(owner.sk, 'get', { server: `https://${host}` }) },
    });
    assert.equal(byServer.text, body);
    const neither = await call(emu.port, {
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get') },
    });
    assert.equal(neither.status, 403);
    assert.equal(neither.headers['x-reason'], 'invalid "Authorization" event "x" or "server" tag');
    const range = await call(emu.port, {
      path: `/${sha}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get', { x: sha }), Range: 'bytes=0-4' },
    });
    assert.equal(range.status, 206);
    assert.equal(range.text, body.slice(0, 5));
    assert.equal(range.headers['content-range'], `bytes 0-4/${Buffer.byteLength(body)}`);

    const head = await call(emu.port, { method: 'HEAD', path: `/${sha}`, host });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(body)));
    assert.equal(head.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(head.text, '');
    const headMissing = await call(emu.port, { method: 'HEAD', path: `/${'0'.repeat(64)}`, host });
    assert.equal(headMissing.status, 404);
    const missing = await call(emu.port, {
      path: `/${'0'.repeat(64)}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'get', { x: '0'.repeat(64) }) },
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['x-reason'], 'file not found');
    assert.equal(missing.text, '');
  });

  test('a file write cut short (zooid killed while writing it): HEAD and the list announce it whole, GET serves what reached the disk, an upload again writes it whole', async () => {
    const whole = Buffer.alloc(300_000, 7);
    const x = sha256hex(whole);
    const cut = await call(emu.port, {
      method: 'POST',
      path: '/_emulator/cut-blob-write',
      host: emu.api_host,
      body: { count: 1, keep: 100_000 },
    });
    assert.equal(cut.status, 200);
    await assert.rejects(upload(member.sk, whole, {}, 'application/octet-stream'));
    const head = await call(emu.port, { method: 'HEAD', path: `/${x}`, host });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(whole.length));
    const list = await call(emu.port, {
      path: `/list/${member.pk}`,
      host,
      headers: { Authorization: blossomAuth(member.sk, 'list') },
    });
    assert.equal(list.json.find((d) => d.sha256 === x).size, whole.length);
    const get = async () =>
      call(emu.port, { path: `/${x}`, host, headers: { Authorization: blossomAuth(member.sk, 'get', { x }) } });
    assert.equal((await get()).text.length, 100_000);
    assert.equal((await upload(member.sk, whole, {}, 'application/octet-stream')).status, 200);
    assert.equal((await get()).text.length, whole.length);
  });

  test('list gives the descriptors a pubkey uploaded', async () => {
    const r = await call(emu.port, {
      path: `/list/${member.pk}`,
      host,
      headers: { Authorization: blossomAuth(owner.sk, 'list') },
    });
    assert.equal(r.status, 200, r.headers['x-reason']);
    assert.ok(r.json.some((d) => d.sha256 === sha && d.url === `https://${host}/${sha}.text`));
    assert.ok(r.json.every((d) => d.sha256 !== sha256hex('owner file')));
    const wrongVerb = await call(emu.port, {
      path: `/list/${member.pk}`,
      host,
      headers: { Authorization: blossomAuth(owner.sk, 'get') },
    });
    assert.equal(wrongVerb.status, 403);
    assert.equal(wrongVerb.headers['x-reason'], 'invalid "Authorization" event "t" tag');
    const anonymous = await call(emu.port, { path: `/list/${member.pk}`, host });
    assert.equal(anonymous.status, 403);
    assert.equal(anonymous.headers['x-reason'], 'unauthorized');
  });

  test("upload refusals carry zooid's codes: bad event 404, no header 401, wrong t 403, non-member 403, too large 413", async () => {
    const refusal = async (r, status, reason) => {
      assert.equal(r.status, status, r.headers['x-reason']);
      assert.equal(r.headers['x-reason'], reason);
      assert.equal(r.text, '');
    };
    const put = (authorization, data = body) =>
      call(emu.port, {
        method: 'PUT',
        path: '/upload',
        host,
        headers: authorization ? { Authorization: authorization } : {},
        body: data,
      });
    await refusal(await upload(stranger.sk), 403, 'unauthorized');
    const good = blossomAuth(member.sk, 'upload', { x: sha });
    await refusal(
      await put(tampered(good, (e) => (e.sig = e.sig.replace(/^./, e.sig[0] === 'a' ? 'b' : 'a')))),
      404,
      'invalid "Authorization": invalid signature',
    );
    await refusal(
      await put(tampered(good, (e) => (e.content = 'changed'))),
      404,
      'invalid "Authorization": invalid event',
    );
    await refusal(await upload(member.sk, body, { kind: 27235 }), 404, 'invalid "Authorization": invalid event');
    await refusal(
      await upload(member.sk, body, { expiration: now() - 5 }),
      404,
      'invalid "Authorization": event expired',
    );
    await refusal(
      await upload(member.sk, body, { expiration: null }),
      404,
      'invalid "Authorization": missing "expiration" tag',
    );
    await refusal(await put('Nostr @@@'), 404, 'invalid "Authorization": invalid base64 token');
    await refusal(
      await put(`Nostr ${Buffer.from('{"kind":').toString('base64')}`),
      404,
      'invalid "Authorization": broken event',
    );
    await refusal(await put(null), 401, 'missing "Authorization" header');
    // "Nostr " is matched exactly: another spelling is no header at all
    await refusal(await put(good.replace('Nostr ', 'nostr ')), 401, 'missing "Authorization" header');
    await refusal(await put(blossomAuth(member.sk, 'get', { x: sha })), 403, 'invalid "Authorization" event "t" tag');
    await refusal(await put(blossomAuth(member.sk, 'upload'), ''), 400, 'missing "Content-Length" header');

    // the upload's x tag is not checked
    assert.equal((await upload(member.sk, body, { x: sha256hex('something else') })).status, 200);

    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 7);
    await refusal(await upload(member.sk, big), 413, 'file too large');
    const limit = Buffer.alloc(10 * 1024 * 1024, 7);
    assert.equal((await upload(member.sk, limit)).status, 200);
  });

  test('the upload check (HEAD /upload) answers as an upload would, without the body', async () => {
    const check = (sk, size) =>
      call(emu.port, {
        method: 'HEAD',
        path: '/upload',
        host,
        headers: { Authorization: blossomAuth(sk, 'upload'), 'X-Content-Length': String(size) },
      });
    assert.equal((await check(member.sk, 10)).status, 200);
    assert.equal((await check(stranger.sk, 10)).status, 403);
    assert.equal((await check(member.sk, 10 * 1024 * 1024 + 1)).status, 413);
    const none = await call(emu.port, { method: 'HEAD', path: '/upload', host });
    assert.equal(none.status, 401);
  });

  test('a relay without media answers 404 on every Blossom path', async () => {
    const r = await upload(member.sk, body, { host: plainHost });
    assert.equal(r.status, 404);
    assert.equal(r.text, '404 page not found\n');
    const get = await call(emu.port, {
      path: `/${sha}`,
      host: plainHost,
      headers: { Authorization: blossomAuth(owner.sk, 'get', { x: sha }) },
    });
    assert.equal(get.status, 404);
  });

  test('delete: members with x matching; the file goes once its last uploader forgets it', async () => {
    const del = (sk, x = sha) =>
      call(emu.port, {
        method: 'DELETE',
        path: `/${sha}`,
        host,
        headers: { Authorization: blossomAuth(sk, 'delete', { x }) },
      });
    const head = async () => (await call(emu.port, { method: 'HEAD', path: `/${sha}`, host })).status;
    const wrongX = await del(member.sk, sha256hex('other'));
    assert.equal(wrongX.status, 403);
    assert.equal(wrongX.headers['x-reason'], 'invalid "Authorization" event "x" or "server" tag');
    assert.equal((await del(stranger.sk)).status, 403);
    // the owner never uploaded it: forgetting nothing is fine, and the member still holds the file
    assert.equal((await del(owner.sk)).status, 200);
    assert.equal(await head(), 200);
    assert.equal((await del(member.sk)).status, 200);
    assert.equal(await head(), 404);
    // nobody holds it any more: zooid fails to remove the missing file
    const again = await del(member.sk);
    assert.equal(again.status, 500);
    assert.match(again.headers['x-reason'], /^failed to delete blob: /);
    // no Authorization at all: zooid's handler crashes, the connection closes unanswered
    await assert.rejects(call(emu.port, { method: 'DELETE', path: `/${sha}`, host }));
  });
});
