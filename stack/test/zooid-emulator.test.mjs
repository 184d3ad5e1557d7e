// Tests for stack/zooid-emulator: spawn the real program on port 0 with a temp CONFIG and
// drive it over real HTTP, with NIP-98 tokens made by nostr-tools' nip98 module.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSecretKey, getPublicKey, finalizeEvent } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import * as nip98 from 'nostr-tools/nip98';
import { parse as smolParse } from 'smol-toml';

// TOML file -> plain objects (smol-toml builds null-prototype objects).
const parseToml = (text) => JSON.parse(JSON.stringify(smolParse(text)));

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'zooid-emulator', 'server.mjs');

// ---------------------------------------------------------------- helpers

function keypair() {
  const sk = generateSecretKey();
  return { sk, hex: bytesToHex(sk), pk: getPublicKey(sk) };
}

const admin = keypair(); // in API_WHITELIST
const outsider = keypair(); // valid signer, not whitelisted

const children = new Set();

/** Spawn the emulator; resolves { proc, port, url, configDir, stop() } once the ready line is printed. */
function spawnEmulator({ configDir, whitelist = admin.pk, extraEnv = {} } = {}) {
  const env = { ...process.env, PORT: '0', API_WHITELIST: whitelist, ...extraEnv };
  delete env.API_HOST;
  if (configDir) env.CONFIG = configDir;
  else delete env.CONFIG;
  const proc = spawn(process.execPath, [SERVER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  proc.on('exit', () => children.delete(proc));
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator not ready in 10 s; stderr: ${stderr}`)), 10_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}; stderr: ${stderr}`));
    });
    proc.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      const ready = JSON.parse(out.slice(0, nl));
      resolve({
        proc,
        ...ready,
        stop: () =>
          new Promise((res) => {
            if (proc.exitCode !== null) return res();
            proc.once('exit', () => res());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}

after(() => {
  for (const p of children) p.kill('SIGKILL');
});

/**
 * One HTTP request with full control over the Host header.
 * Resolves { status, headers, text, json }.
 */
function call(port, { method = 'GET', path: p = '/', host = `127.0.0.1:${port}`, headers = {}, body } = {}) {
  const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
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

/** "Nostr <base64>" for url + method, signed with `sk` by nostr-tools' nip98.getToken. */
function token(url, method, sk = admin.sk) {
  return nip98.getToken(url, method, (e) => finalizeEvent(e, sk), true);
}

/** base64 header from an arbitrary event template, signed (optionally tampered afterwards). */
function rawHeader(template, sk = admin.sk, tamper = (e) => e) {
  const ev = tamper(finalizeEvent({ created_at: Math.floor(Date.now() / 1000), content: '', ...template }, sk));
  return 'Nostr ' + Buffer.from(JSON.stringify(ev)).toString('base64');
}

/** Authorized call to the management API (u = http://<Host><path>). */
async function api(port, method, p, body, { sk = admin.sk, host = `127.0.0.1:${port}` } = {}) {
  const auth = await token(`http://${host}${p}`, method, sk);
  const r = await call(port, { method, path: p, host, headers: { Authorization: auth }, body });
  assert.equal(r.headers['content-type'], 'application/json', `content-type of ${method} ${p}`);
  return r;
}

function relayConfig(name, extra = {}) {
  const secret = keypair();
  return {
    host: `${name}.localhost`,
    schema: name,
    secret: secret.hex,
    inactive: false,
    info: { name: `Relay ${name}`, icon: `https://img.example/${name}.png`, pubkey: admin.pk, description: `about ${name}` },
    policy: { public_join: false, strip_signatures: false },
    groups: { enabled: true },
    management: { enabled: true },
    blossom: { enabled: false },
    roles: { admin: { pubkeys: [admin.pk], can_manage: true, can_invite: true } },
    ...extra,
  };
}

/** NIP-86 call on a relay host, signed with `sk`; u = http://<Host>/ */
async function rpc(port, host, sk, method, params = [], { u } = {}) {
  const url = u ?? `http://${host}/`;
  const body = JSON.stringify({ method, params });
  const auth = await nip98.getToken(url, 'POST', (e) => finalizeEvent(e, sk), true, JSON.parse(body));
  return call(port, {
    method: 'POST',
    path: '/',
    host,
    headers: { Authorization: auth, 'Content-Type': 'application/nostr+json+rpc' },
    body,
  });
}

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zooid-emu-test-'));

// ---------------------------------------------------------------- tests

test('refuses to start without API_WHITELIST', async () => {
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: '0', API_WHITELIST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((r) => proc.on('exit', r));
  assert.notEqual(code, 0);
  assert.match(stderr, /API_WHITELIST/);
});

describe('zooid emulator', () => {
  let emu;
  let port;
  const configDir = tmpDir();

  before(async () => {
    emu = await spawnEmulator({ configDir });
    port = emu.port;
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test('ready line has port, url and config_dir', () => {
    assert.equal(emu.ready, true);
    assert.ok(Number.isInteger(port) && port > 0);
    assert.equal(emu.url, `http://127.0.0.1:${port}`);
    assert.equal(emu.config_dir, configDir);
  });

  describe('NIP-98 on the management API', () => {
    const p = '/relay/authcheck';
    const url = () => `http://127.0.0.1:${port}${p}`;
    const tryAuth = (headers, method = 'DELETE', extra = {}) => call(port, { method, path: p, headers, ...extra });

    test('missing header -> 401', async () => {
      const r = await tryAuth({});
      assert.equal(r.status, 401);
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.json.error, 'missing authorization header');
    });

    test('wrong scheme word -> 401', async () => {
      const t = (await token(url(), 'DELETE')).slice('Nostr '.length);
      const r = await tryAuth({ Authorization: `Bearer ${t}` });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'invalid authorization header format');
    });

    test('scheme word is case-insensitive', async () => {
      const t = (await token(url(), 'DELETE')).slice('Nostr '.length);
      const r = await tryAuth({ Authorization: `nOsTr ${t}` });
      assert.equal(r.status, 404); // authenticated; relay does not exist
      assert.equal(r.json.error, 'relay not found');
    });

    test('bad base64 -> 401', async () => {
      const r = await tryAuth({ Authorization: 'Nostr %%%not-base64%%%' });
      assert.equal(r.status, 401);
      assert.match(r.json.error, /^invalid base64 encoding/);
    });

    test('base64 of non-JSON -> 401', async () => {
      const r = await tryAuth({ Authorization: 'Nostr ' + Buffer.from('hello there').toString('base64') });
      assert.equal(r.status, 401);
      assert.match(r.json.error, /^invalid event json/);
    });

    test('wrong kind -> 401', async () => {
      const h = rawHeader({ kind: 1, tags: [['u', url()], ['method', 'DELETE']] });
      const r = await tryAuth({ Authorization: h });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'invalid event kind: expected 27235, got 1');
    });

    test('bad signature -> 401', async () => {
      const h = rawHeader({ kind: 27235, tags: [['u', url()], ['method', 'DELETE']] }, admin.sk, (e) => ({
        ...e,
        sig: e.sig.slice(0, -2) + (e.sig.endsWith('00') ? '11' : '00'),
      }));
      const r = await tryAuth({ Authorization: h });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'invalid event signature');
    });

    test('tampered content (id mismatch) -> 401', async () => {
      const h = rawHeader({ kind: 27235, tags: [['u', url()], ['method', 'DELETE']] }, admin.sk, (e) => ({ ...e, content: 'x' }));
      const r = await tryAuth({ Authorization: h });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'invalid event signature');
    });

    test('u with wrong scheme -> 401; X-Forwarded-Proto: https makes https the right one', async () => {
      const httpsUrl = url().replace('http://', 'https://');
      let r = await tryAuth({ Authorization: await token(httpsUrl, 'DELETE') });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'event missing or invalid u tag');

      r = await tryAuth({ Authorization: await token(httpsUrl, 'DELETE'), 'X-Forwarded-Proto': 'https' });
      assert.equal(r.status, 404);

      r = await tryAuth({ Authorization: await token(url(), 'DELETE'), 'X-Forwarded-Proto': 'https' });
      assert.equal(r.status, 401);
    });

    test('u with wrong host or path -> 401', async () => {
      let r = await tryAuth({ Authorization: await token(`http://localhost:${port}${p}`, 'DELETE') });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'event missing or invalid u tag');
      r = await tryAuth({ Authorization: await token(`http://127.0.0.1:${port}/relay/other`, 'DELETE') });
      assert.equal(r.status, 401);
      // the Host header, port included, is what must be signed
      r = await tryAuth({ Authorization: await token(`http://127.0.0.1${p}`, 'DELETE') });
      assert.equal(r.status, 401);
    });

    test('query string is not part of u', async () => {
      let r = await call(port, {
        method: 'DELETE',
        path: `${p}?x=1`,
        headers: { Authorization: await token(`${url()}?x=1`, 'DELETE') },
      });
      assert.equal(r.status, 401);
      r = await call(port, { method: 'DELETE', path: `${p}?x=1`, headers: { Authorization: await token(url(), 'DELETE') } });
      assert.equal(r.status, 404);
    });

    test('method tag must match (case-insensitively) -> 401 otherwise', async () => {
      let r = await tryAuth({ Authorization: await token(url(), 'POST') });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'event missing or invalid method tag');
      r = await tryAuth({ Authorization: await token(url(), 'delete') });
      assert.equal(r.status, 404);
    });

    test('created_at and payload are not checked (like zooid)', async () => {
      const h = rawHeader({ kind: 27235, created_at: 1000, tags: [['u', url()], ['method', 'DELETE'], ['payload', 'ab'.repeat(32)]] });
      const r = await tryAuth({ Authorization: h });
      assert.equal(r.status, 404);
    });

    test('valid signer outside the whitelist -> 403', async () => {
      const r = await tryAuth({ Authorization: await token(url(), 'DELETE', outsider.sk) });
      assert.equal(r.status, 403);
      assert.equal(r.json.error, 'pubkey not in whitelist');
    });
  });

  describe('routing', () => {
    test('other paths -> 404, empty id -> 400, other methods -> 405', async () => {
      for (const p of ['/', '/relays/x', '/relay', '/relay/a/b', '/foo']) {
        const r = await api(port, 'POST', p, {});
        assert.equal(r.status, 404, p);
        assert.deepEqual(r.json, { error: 'not found' });
      }
      let r = await api(port, 'POST', '/relay/', relayConfig('emptyid'));
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'relay id is required');
      for (const m of ['GET', 'OPTIONS']) {
        r = await api(port, m, '/relay/someid');
        assert.equal(r.status, 405, m);
        assert.equal(r.json.error, 'method not allowed');
      }
    });

    test('auth is checked before routing (unauthenticated unknown path -> 401)', async () => {
      const r = await call(port, { path: '/foo' });
      assert.equal(r.status, 401);
    });

    test('unknown Host -> 404 {"error":"not found"}', async () => {
      const r = await call(port, { host: 'nobody.localhost', path: '/' });
      assert.equal(r.status, 404);
      assert.deepEqual(r.json, { error: 'not found' });
      assert.equal(r.headers['content-type'], 'application/json');
    });

    test('API host matches with the port removed', async () => {
      const r = await api(port, 'DELETE', '/relay/nope', undefined, { host: '127.0.0.1' });
      assert.equal(r.status, 404);
      assert.equal(r.json.error, 'relay not found');
    });
  });

  describe('config routes', () => {
    test('POST creates (201) and writes <id>.toml with the expected fields', async () => {
      const cfg = relayConfig('alpha', {
        livekit: { server_url: 'wss://lk.example', api_key: 'k', api_secret: 's' },
        blossom: { enabled: true, s3_bucket: 'b', s3_key_prefix: 'alpha/' },
      });
      const r = await api(port, 'POST', '/relay/alpha', cfg);
      assert.equal(r.status, 201);
      assert.deepEqual(r.json, { message: 'relay created successfully' });

      const file = path.join(configDir, 'alpha.toml');
      const toml = parseToml(fs.readFileSync(file, 'utf8'));
      assert.equal(toml.host, 'alpha.localhost');
      assert.equal(toml.schema, 'alpha');
      assert.equal(toml.secret, cfg.secret);
      assert.equal(toml.inactive, false);
      assert.deepEqual(toml.info, cfg.info);
      assert.deepEqual(toml.policy, { public_join: false, strip_signatures: false });
      assert.equal(toml.groups.enabled, true);
      assert.equal(toml.management.enabled, true);
      assert.deepEqual(toml.livekit, cfg.livekit);
      assert.equal(toml.blossom.s3_key_prefix, 'alpha/'); // unknown fields are kept
      assert.deepEqual(toml.roles.admin, { pubkeys: [admin.pk], can_manage: true, can_invite: true });
      // no temp files left behind
      assert.deepEqual(fs.readdirSync(configDir).filter((f) => f.endsWith('.tmp')), []);

      const ctl = await call(port, { path: '/_emulator/relays' });
      assert.equal(ctl.status, 200);
      assert.deepEqual(ctl.json.alpha, toml);
    });

    test('POST 409: id exists, schema used, host used', async () => {
      let r = await api(port, 'POST', '/relay/alpha', { not: 'even valid' });
      assert.equal(r.status, 409);
      assert.equal(r.json.error, 'relay with this id already exists');

      r = await api(port, 'POST', '/relay/alpha2', relayConfig('beta', { schema: 'alpha' }));
      assert.equal(r.status, 409);
      assert.equal(r.json.error, 'schema "alpha" is already in use');

      r = await api(port, 'POST', '/relay/alpha3', relayConfig('gamma', { host: 'alpha.localhost' }));
      assert.equal(r.status, 409);
      assert.equal(r.json.error, 'host "alpha.localhost" is already in use');
      assert.equal(fs.existsSync(path.join(configDir, 'alpha2.toml')), false);
    });

    test('POST 400: invalid JSON and invalid configs', async () => {
      const cases = [
        ['{not json', /^invalid json config/],
        [JSON.stringify([1, 2]), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v1'), host: undefined }), /^host is required$/],
        [JSON.stringify({ ...relayConfig('v2'), host: '' }), /^host is required$/],
        [JSON.stringify({ ...relayConfig('v3'), schema: undefined }), /^schema is required$/],
        [JSON.stringify({ ...relayConfig('v4'), secret: undefined }), /^secret is required$/],
        [JSON.stringify({ ...relayConfig('v5'), secret: 'abcd' }), /^invalid secret key/],
        [JSON.stringify({ ...relayConfig('v6'), secret: 'zz'.repeat(32) }), /^invalid secret key/],
        [JSON.stringify({ ...relayConfig('v7'), secret: '00'.repeat(32) }), /^invalid secret key/],
        [JSON.stringify({ ...relayConfig('v8'), secret: 'ff'.repeat(32) }), /^invalid secret key/], // >= n
        [JSON.stringify({ ...relayConfig('v9'), info: { pubkey: 'abc' } }), /^invalid info.pubkey/],
        [JSON.stringify({ ...relayConfig('v10'), info: { pubkey: 'ff'.repeat(32) } }), /^invalid info.pubkey/], // not on curve
        [JSON.stringify({ ...relayConfig('v11'), inactive: 'yes' }), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v12'), roles: { admin: { pubkeys: 'x' } } }), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v13'), host: 42 }), /^invalid json config/],
      ];
      for (const [body, re] of cases) {
        const r = await api(port, 'POST', '/relay/invalid', body);
        assert.equal(r.status, 400, body);
        assert.match(r.json.error, re, body);
      }
      assert.equal(fs.existsSync(path.join(configDir, 'invalid.toml')), false);
    });

    test('info.pubkey is optional; unknown fields accepted', async () => {
      const cfg = relayConfig('nopub', { surprise: { deep: [1, 2] } });
      delete cfg.info.pubkey;
      const r = await api(port, 'POST', '/relay/nopub', cfg);
      assert.equal(r.status, 201);
      const r2 = await api(port, 'DELETE', '/relay/nopub');
      assert.equal(r2.status, 200);
    });

    test('body over 1 MiB -> 400', async () => {
      const big = JSON.stringify({ ...relayConfig('big'), padding: 'x'.repeat(1024 * 1024) });
      const r = await api(port, 'POST', '/relay/big', big);
      assert.equal(r.status, 400);
      assert.match(r.json.error, /too large/);
    });

    test('PUT replaces (200), 404 unknown, 400 invalid, 409 taken', async () => {
      const beta = relayConfig('beta');
      assert.equal((await api(port, 'POST', '/relay/beta', beta)).status, 201);

      const replaced = relayConfig('beta', { info: { name: 'Only name' } });
      let r = await api(port, 'PUT', '/relay/beta', replaced);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { message: 'relay updated successfully' });
      const toml = parseToml(fs.readFileSync(path.join(configDir, 'beta.toml'), 'utf8'));
      assert.deepEqual(toml.info, { name: 'Only name' }); // replaced, not merged
      assert.equal(toml.secret, replaced.secret);

      r = await api(port, 'PUT', '/relay/ghost', relayConfig('ghost'));
      assert.equal(r.status, 404);
      assert.equal(r.json.error, 'relay not found');

      r = await api(port, 'PUT', '/relay/beta', { host: 'beta.localhost' });
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'schema is required');

      r = await api(port, 'PUT', '/relay/beta', relayConfig('beta', { schema: 'alpha' }));
      assert.equal(r.status, 409);
      r = await api(port, 'PUT', '/relay/beta', relayConfig('beta', { host: 'alpha.localhost' }));
      assert.equal(r.status, 409);
    });

    test('PATCH deep-merges, null removes keys, then validates', async () => {
      const before = parseToml(fs.readFileSync(path.join(configDir, 'alpha.toml'), 'utf8'));
      let r = await api(port, 'PATCH', '/relay/alpha', {
        info: { name: 'Renamed', icon: null },
        livekit: null,
        policy: { public_join: true },
        roles: { admin: { pubkeys: [outsider.pk] }, member: { can_invite: true } },
        blossom: { s3_bucket: null },
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { message: 'relay patched successfully' });
      const after = parseToml(fs.readFileSync(path.join(configDir, 'alpha.toml'), 'utf8'));
      assert.equal(after.info.name, 'Renamed');
      assert.equal('icon' in after.info, false);
      assert.equal(after.info.description, before.info.description);
      assert.equal(after.info.pubkey, before.info.pubkey);
      assert.equal('livekit' in after, false);
      assert.deepEqual(after.policy, { public_join: true, strip_signatures: false });
      assert.deepEqual(after.roles.admin, { pubkeys: [outsider.pk], can_manage: true, can_invite: true }); // arrays replace
      assert.deepEqual(after.roles.member, { can_invite: true });
      assert.deepEqual(after.blossom, { enabled: true, s3_key_prefix: 'alpha/' });
      assert.equal(after.secret, before.secret);
      assert.equal(after.host, before.host);
    });

    test('PATCH 404, 400 (invalid JSON, result invalid), 409', async () => {
      let r = await api(port, 'PATCH', '/relay/ghost', { inactive: true });
      assert.equal(r.status, 404);
      r = await api(port, 'PATCH', '/relay/alpha', '{nope');
      assert.equal(r.status, 400);
      assert.match(r.json.error, /^invalid json/);
      r = await api(port, 'PATCH', '/relay/alpha', { host: null });
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'host is required');
      r = await api(port, 'PATCH', '/relay/alpha', { secret: '12' });
      assert.equal(r.status, 400);
      r = await api(port, 'PATCH', '/relay/alpha', { host: 'beta.localhost' });
      assert.equal(r.status, 409);
      assert.equal(r.json.error, 'host "beta.localhost" is already in use');
      r = await api(port, 'PATCH', '/relay/alpha', { schema: 'beta' });
      assert.equal(r.status, 409);
      // nothing of the refused patches was stored
      const toml = parseToml(fs.readFileSync(path.join(configDir, 'alpha.toml'), 'utf8'));
      assert.equal(toml.host, 'alpha.localhost');
      assert.equal(toml.schema, 'alpha');
    });

    test('concurrent creates with the same schema: exactly one wins', async () => {
      const cfgA = relayConfig('race');
      const cfgB = relayConfig('race', { host: 'race2.localhost' });
      const [a, b] = await Promise.all([api(port, 'POST', '/relay/race1', cfgA), api(port, 'POST', '/relay/race2', cfgB)]);
      assert.deepEqual([a.status, b.status].sort(), [201, 409]);
      const winner = a.status === 201 ? 'race1' : 'race2';
      assert.equal((await api(port, 'DELETE', `/relay/${winner}`)).status, 200);
    });

    test('DELETE removes the file (200), then 404', async () => {
      let r = await api(port, 'DELETE', '/relay/beta');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { message: 'relay deleted successfully' });
      assert.equal(fs.existsSync(path.join(configDir, 'beta.toml')), false);
      r = await api(port, 'DELETE', '/relay/beta');
      assert.equal(r.status, 404);
      assert.equal(r.json.error, 'relay not found');
    });
  });

  describe('relay hosts: NIP-86, NIP-11, inactive', () => {
    const owner = keypair();
    const moderator = keypair();
    const stranger = keypair();
    const member = keypair();
    const relaySecret = keypair();
    const host = 'club.localhost';

    before(async () => {
      const cfg = relayConfig('club', {
        secret: relaySecret.hex,
        info: { name: 'The Club', icon: 'https://img.example/club.png', pubkey: owner.pk, description: 'members only' },
        roles: { admin: { pubkeys: [moderator.pk], can_manage: true }, helper: { pubkeys: [stranger.pk], can_manage: false } },
      });
      const r = await api(port, 'POST', '/relay/club', cfg);
      assert.equal(r.status, 201);
    });

    test("listallowedpubkeys signed with the relay's own key; control-route member shows up", async () => {
      let r = await rpc(port, host, relaySecret.sk, 'listallowedpubkeys');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { result: [] });

      const add = await call(port, { method: 'POST', path: '/_emulator/relays/club/members', body: { pubkey: member.pk, reason: 'joined' } });
      assert.equal(add.status, 200);

      r = await rpc(port, `${host}:${port}`, relaySecret.sk, 'listallowedpubkeys'); // Host with port also routes
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.result, [{ pubkey: member.pk, reason: 'joined' }]);
    });

    test('a stranger (or a role without can_manage) is refused with 403', async () => {
      const r = await rpc(port, host, stranger.sk, 'listallowedpubkeys');
      assert.equal(r.status, 403);
      assert.equal(r.json.result, null);
      assert.match(r.json.error, /only relay admins/);
      const r2 = await rpc(port, host, member.sk, 'listallowedpubkeys');
      assert.equal(r2.status, 403);
    });

    test('owner (info.pubkey) and can_manage role members are managers', async () => {
      assert.equal((await rpc(port, host, owner.sk, 'listallowedpubkeys')).status, 200);
      assert.equal((await rpc(port, host, moderator.sk, 'supportedmethods')).status, 200);
    });

    test('NIP-98 failures on the relay host -> 401', async () => {
      let r = await rpc(port, host, relaySecret.sk, 'listallowedpubkeys', [], { u: `https://${host}/` });
      assert.equal(r.status, 401);
      assert.equal(r.json.result, null);
      assert.equal(r.json.error, 'event missing or invalid u tag');
      r = await rpc(port, host, relaySecret.sk, 'listallowedpubkeys', [], { u: `http://other.localhost/` });
      assert.equal(r.status, 401);
      r = await call(port, {
        method: 'POST',
        path: '/',
        host,
        headers: { 'Content-Type': 'application/nostr+json+rpc' },
        body: { method: 'supportedmethods', params: [] },
      });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'missing authorization header');
    });

    test('supportedmethods, allowpubkey, banpubkey, listbannedpubkeys, disallowpubkey', async () => {
      let r = await rpc(port, host, relaySecret.sk, 'supportedmethods');
      for (const m of ['supportedmethods', 'listallowedpubkeys', 'allowpubkey', 'disallowpubkey', 'banpubkey', 'listbannedpubkeys']) {
        assert.ok(r.json.result.includes(m), m);
      }
      const extra = keypair();
      r = await rpc(port, host, owner.sk, 'allowpubkey', [extra.pk, 'invited']);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'listallowedpubkeys');
      assert.deepEqual(r.json.result.map((x) => x.pubkey).sort(), [member.pk, extra.pk].sort());

      r = await rpc(port, host, owner.sk, 'banpubkey', [member.pk, 'spam']);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'listbannedpubkeys');
      assert.deepEqual(r.json.result, [{ pubkey: member.pk, reason: 'spam' }]);
      r = await rpc(port, host, owner.sk, 'listallowedpubkeys');
      assert.deepEqual(r.json.result, [{ pubkey: extra.pk, reason: 'invited' }]);

      r = await rpc(port, host, owner.sk, 'disallowpubkey', [extra.pk]);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'listallowedpubkeys');
      assert.deepEqual(r.json.result, []);

      r = await rpc(port, host, owner.sk, 'allowpubkey', ['not-a-key']);
      assert.equal(r.status, 400);
      assert.match(r.json.error, /invalid params/);
      r = await rpc(port, host, owner.sk, 'changerelayname', ['x']);
      assert.equal(r.status, 400);
      assert.match(r.json.error, /not supported/);
    });

    test('NIP-86 needs management.enabled and the rpc content type', async () => {
      let r = await call(port, { method: 'POST', path: '/', host, headers: { 'Content-Type': 'application/json' }, body: {} });
      assert.equal(r.status, 415);
      const off = relayConfig('quiet', { management: { enabled: false } });
      assert.equal((await api(port, 'POST', '/relay/quiet', off)).status, 201);
      r = await rpc(port, 'quiet.localhost', Uint8Array.from(Buffer.from(off.secret, 'hex')), 'supportedmethods');
      assert.equal(r.status, 404);
      assert.equal(r.json.result, null);
    });

    test('GET / with Accept: application/nostr+json -> NIP-11 from info', async () => {
      const r = await call(port, { host, headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/nostr+json');
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.json.name, 'The Club');
      assert.equal(r.json.icon, 'https://img.example/club.png');
      assert.equal(r.json.pubkey, owner.pk);
      assert.equal(r.json.description, 'members only');
      assert.equal(r.json.self, relaySecret.pk);
      assert.ok(r.json.supported_nips.includes(86));
    });

    test('inactive relay answers 503 to everything, data is kept', async () => {
      assert.equal((await api(port, 'PATCH', '/relay/club', { inactive: true })).status, 200);
      let r = await call(port, { host, headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 503);
      assert.equal(r.json.error, 'relay is inactive');
      r = await rpc(port, host, relaySecret.sk, 'listbannedpubkeys');
      assert.equal(r.status, 503);

      assert.equal((await api(port, 'PATCH', '/relay/club', { inactive: false })).status, 200);
      r = await rpc(port, host, relaySecret.sk, 'listbannedpubkeys');
      assert.equal(r.status, 200);
      assert.equal(r.json.result.length, 1);
    });
  });

  describe('control routes', () => {
    test('fail: the next N API calls fail, then normal service resumes', async () => {
      let r = await call(port, { method: 'POST', path: '/_emulator/fail', body: { status: 502, count: 2 } });
      assert.equal(r.status, 200);
      const cfg = relayConfig('flaky');
      r = await api(port, 'POST', '/relay/flaky', cfg);
      assert.equal(r.status, 502);
      assert.equal(r.json.error, 'emulated failure');
      r = await api(port, 'POST', '/relay/flaky', cfg);
      assert.equal(r.status, 502);
      assert.equal(fs.existsSync(path.join(configDir, 'flaky.toml')), false);
      r = await api(port, 'POST', '/relay/flaky', cfg);
      assert.equal(r.status, 201);
    });

    test('fail with status 0 drops the connection', async () => {
      await call(port, { method: 'POST', path: '/_emulator/fail', body: { status: 0, count: 1 } });
      await assert.rejects(api(port, 'DELETE', '/relay/flaky'));
      assert.equal((await api(port, 'DELETE', '/relay/flaky')).status, 200);
    });

    test('fail validates its input; unknown control paths -> 404', async () => {
      let r = await call(port, { method: 'POST', path: '/_emulator/fail', body: { status: 'bad' } });
      assert.equal(r.status, 400);
      r = await call(port, { path: '/_emulator/nothing' });
      assert.equal(r.status, 404);
      r = await call(port, { method: 'POST', path: '/_emulator/relays/ghost/members', body: { pubkey: admin.pk } });
      assert.equal(r.status, 404);
      r = await call(port, { method: 'POST', path: '/_emulator/relays/alpha/members', body: { pubkey: 'zz' } });
      assert.equal(r.status, 400);
    });

    test('control routes exist only on the API host', async () => {
      const r = await call(port, { host: 'alpha.localhost', path: '/_emulator/relays' });
      assert.equal(r.status, 404);
    });
  });

  describe('persistence', () => {
    test('a restart on the same CONFIG keeps configs and members; reset clears', async () => {
      const before = (await call(port, { path: '/_emulator/relays' })).json;
      assert.ok(before.alpha && before.club);
      await emu.stop();

      emu = await spawnEmulator({ configDir });
      port = emu.port;
      const after = (await call(port, { path: '/_emulator/relays' })).json;
      assert.deepEqual(after, before);
      let r = await api(port, 'POST', '/relay/alpha', relayConfig('alpha'));
      assert.equal(r.status, 409);
      r = await call(port, { path: '/_emulator/relays/club/banned' });
      assert.equal(r.json.length, 1);

      r = await call(port, { method: 'POST', path: '/_emulator/reset' });
      assert.equal(r.status, 200);
      assert.deepEqual((await call(port, { path: '/_emulator/relays' })).json, {});
      assert.deepEqual(fs.readdirSync(configDir).filter((f) => f.endsWith('.toml')), []);
      r = await call(port, { host: 'club.localhost', path: '/' });
      assert.equal(r.status, 404);
    });
  });
});
