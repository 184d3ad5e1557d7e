// The zooid emulator behind a proxy that serves a relay at a custom domain (deploy/Caddyfile's custom-domain site):
// the request's Host is the relay's own host (routing), X-Forwarded-Host the custom name and X-Forwarded-Proto the
// scheme the client used. As in the relay library zooid is built on, the relay's URL is then the custom one: NIP-42's
// relay tag, NIP-86's `u` and NIP-11's relative icon are checked or built against it, and the canonical URL no longer
// passes for that request. Without the headers nothing changes.
//   ZOOID_BIN=<real zooid, archived line> node --test test/zooid-emulator-forwarded.test.mjs  runs it on real zooid

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { spawnReady } from '../relay/cli-util.mjs';
import { zooidProgram } from '../zooid-binary/select.mjs';
import { api, call, keypair, relayConfig, rpc, sign, spawnEmulator, tmpDir } from './zooid-emulator-helpers.mjs';

const admin = keypair();
const owner = keypair();
const stranger = keypair();
const CUSTOM = 'relay.hikers.test';
const configDir = tmpDir();
let emu;
let host;

before(async () => {
  const program = zooidProgram(process.env);
  if (program.kind === 'binary') {
    // the same start contract as the emulator's (stack/zooid-binary)
    const proc = await spawnReady(program.script, ['--config', configDir], {
      env: { PORT: '0', API_WHITELIST: admin.pk, API_HOST: '', ZOOID_LINE: 'archived' },
      name: 'zooid',
      timeoutMs: 60_000,
    });
    emu = { ...proc.ready, stop: () => proc.stop() };
  } else emu = await spawnEmulator({ configDir, whitelist: admin.pk });
  host = `hikers.localhost:${emu.port}`;
  const cfg = relayConfig('hikers', emu.port, owner, {
    info: { name: 'Hikers', icon: '/icon.png', pubkey: owner.pk, description: 'hiking' },
  });
  assert.equal((await api(emu, 'POST', '/relay/hikers', cfg, { sk: admin.sk })).status, 201);
});
after(async () => {
  await emu?.stop();
  fs.rmSync(configDir, { recursive: true, force: true });
});

const proxied = { 'X-Forwarded-Host': CUSTOM, 'X-Forwarded-Proto': 'https' };

/** A socket to the relay's host (Host: its own) with extra headers; resolves with it and its AUTH challenge. */
async function session(headers) {
  const ws = new WebSocket(`ws://127.0.0.1:${emu.port}`, { headers: { Host: host, ...headers } });
  const inbox = [];
  ws.on('message', (d) => inbox.push(JSON.parse(d.toString())));
  await new Promise((ok, fail) => {
    ws.once('open', ok);
    ws.once('error', fail);
  });
  const next = async (pred) => {
    for (let i = 0; i < 300; i++) {
      const at = inbox.findIndex(pred);
      if (at !== -1) return inbox.splice(at, 1)[0];
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no matching message');
  };
  const challenge = (await next((m) => m[0] === 'AUTH'))[1];
  const auth = async (relayUrl) => {
    const ev = sign(owner.sk, 22242, [
      ['relay', relayUrl],
      ['challenge', challenge],
    ]);
    ws.send(JSON.stringify(['AUTH', ev]));
    return (await next((m) => m[0] === 'OK' && m[1] === ev.id))[2];
  };
  return { ws, auth };
}

test('NIP-42 through the proxy: the custom wss:// URL is the relay tag to sign, the canonical one is not', async () => {
  const good = await session(proxied);
  assert.equal(await good.auth(`wss://${CUSTOM}`), true);
  good.ws.close();
  const canonical = await session(proxied);
  assert.equal(await canonical.auth(`ws://${host}`), false);
  canonical.ws.close();
  // no X-Forwarded-Proto: a name without a port is https, so wss
  const noProto = await session({ 'X-Forwarded-Host': CUSTOM });
  assert.equal(await noProto.auth(`ws://${CUSTOM}`), false);
  assert.equal(await noProto.auth(`wss://${CUSTOM}`), true);
  noProto.ws.close();
  // without the headers the relay's own URL, as before
  const direct = await session({});
  assert.equal(await direct.auth(`wss://${CUSTOM}`), false);
  assert.equal(await direct.auth(`ws://${host}`), true);
  direct.ws.close();
});

test('NIP-86 through the proxy: `u` must be the custom URL; routing is still by Host', async () => {
  const ok = await rpc(emu.port, host, owner.sk, 'supportedmethods', [], { u: `https://${CUSTOM}`, headers: proxied });
  assert.equal(ok.status, 200, ok.text);
  assert.ok(ok.json.result.includes('allowpubkey'));
  const canonical = await rpc(emu.port, host, owner.sk, 'supportedmethods', [], { headers: proxied });
  assert.match(canonical.json?.error ?? canonical.text, /invalid "u" tag/);
  // someone else's key with the right URL is still refused: the URL is not the permission
  const stranger86 = await rpc(emu.port, host, stranger.sk, 'allowpubkey', [stranger.pk, ''], {
    u: `https://${CUSTOM}`,
    headers: proxied,
  });
  assert.notEqual(stranger86.json?.result, true);
  // the custom name as Host reaches nothing: zooid knows the relay by its own host only
  const byCustomHost = await call(emu.port, { host: CUSTOM, headers: { Accept: 'application/nostr+json' } });
  assert.equal(byCustomHost.status, 404);
});

test('NIP-11 through the proxy: a relative icon is resolved against the custom URL', async () => {
  const info = await call(emu.port, { host, headers: { Accept: 'application/nostr+json', ...proxied } });
  assert.equal(info.status, 200);
  assert.equal(info.json.name, 'Hikers');
  assert.equal(info.json.icon, `https://${CUSTOM}/icon.png`);
  const direct = await call(emu.port, { host, headers: { Accept: 'application/nostr+json' } });
  assert.equal(direct.json.icon, `http://${host}/icon.png`);
});
