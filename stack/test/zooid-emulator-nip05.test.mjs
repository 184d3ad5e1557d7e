// NIP-05 lookups at relay hosts on the local stack: with --nip05-upstream the emulator sends
// /.well-known/nostr.json at any relay host to Caravel with the Host unchanged, as deploy/Caddyfile's relay site does
// in production, and passes Caravel's answer back (JSON, the CORS header); the relay's other paths stay zooid's.
// Without the option the lookup is zooid's 404, and a backend that is down is a 502 that says so.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { call, keypair, spawnEmulator } from './zooid-emulator-helpers.mjs';

const admin = keypair();
/** Requests the stand-in backend saw: method, url and Host. */
const seen = [];
let backend;
let backendUrl;
let emu;
let plain;

before(async () => {
  backend = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, host: req.headers.host });
    const body = JSON.stringify({ names: { carol: 'c'.repeat(64) }, relays: {} });
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'public, max-age=60',
      'X-Not-Passed': 'backend-only',
    });
    res.end(body);
  });
  await new Promise((ok) => backend.listen(0, '127.0.0.1', ok));
  backendUrl = `http://127.0.0.1:${backend.address().port}`;
  emu = await spawnEmulator({ whitelist: admin.pk, args: ['--nip05-upstream', backendUrl] });
  plain = await spawnEmulator({ whitelist: admin.pk });
});
after(async () => {
  await emu?.stop();
  await plain?.stop();
  await new Promise((ok) => backend?.close(ok) ?? ok());
});

test('a lookup at a relay host reaches the backend with its Host, and the answer comes back', async () => {
  const host = `builders.localhost:${emu.port}`;
  const r = await call(emu.port, { path: '/.well-known/nostr.json?name=carol', host });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.names.carol, 'c'.repeat(64));
  assert.equal(r.headers['access-control-allow-origin'], '*');
  assert.equal(r.headers['cache-control'], 'public, max-age=60');
  assert.equal(r.headers['x-not-passed'], undefined);
  assert.deepEqual(seen.at(-1), { method: 'GET', url: '/.well-known/nostr.json?name=carol', host });
});

test("the relay's other paths stay the emulator's", async () => {
  const before = seen.length;
  const other = await call(emu.port, { path: '/.well-known/other.json', host: `builders.localhost:${emu.port}` });
  assert.equal(other.status, 404);
  assert.equal(seen.length, before, 'nothing else is forwarded');
});

test('without --nip05-upstream the lookup is a 404, as before', async () => {
  const r = await call(plain.port, { path: '/.well-known/nostr.json?name=carol', host: `b.localhost:${plain.port}` });
  assert.equal(r.status, 404);
});

test('a backend that is down: 502, saying the lookup was not forwarded', async () => {
  const down = http.createServer();
  await new Promise((ok) => down.listen(0, '127.0.0.1', ok));
  const port = down.address().port;
  await new Promise((ok) => down.close(ok));
  const dead = await spawnEmulator({ whitelist: admin.pk, env: { NIP05_UPSTREAM: `http://127.0.0.1:${port}` } });
  try {
    const r = await call(dead.port, { path: '/.well-known/nostr.json?name=x', host: `b.localhost:${dead.port}` });
    assert.equal(r.status, 502);
    assert.match(r.text, /not forwarded/);
  } finally {
    await dead.stop();
  }
});

test('the upstream can be set once the backend is up (its port known only then), and unset', async () => {
  const api = `127.0.0.1:${plain.port}`;
  const put = (body) => call(plain.port, { method: 'PUT', path: '/_emulator/nip05-upstream', host: api, body });
  assert.equal((await put({ url: 'ftp://x' })).status, 400);
  assert.equal((await put({ url: backendUrl })).status, 200);
  const host = `late.localhost:${plain.port}`;
  const r = await call(plain.port, { path: '/.well-known/nostr.json?name=carol', host });
  assert.equal(r.status, 200, r.text);
  assert.equal(seen.at(-1).host, host);
  assert.equal((await put({ url: '' })).json.url, null);
  assert.equal((await call(plain.port, { path: '/.well-known/nostr.json', host })).status, 404);
});
