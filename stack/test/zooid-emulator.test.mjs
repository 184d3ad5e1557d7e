// Tests for stack/zooid-emulator (archived line unless said otherwise): spawn the real program on
// port 0 with a temp CONFIG and drive it over real HTTP, with NIP-98 tokens made by nostr-tools'
// nip98 module. The virtual relays' WebSocket side is in zooid-emulator-relay.test.mjs.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as nip98 from 'nostr-tools/nip98';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { parse as smolParse, stringify as stringifyToml } from 'smol-toml';
import { call } from './zooid-emulator-helpers.mjs';

// TOML file -> plain objects (smol-toml builds null-prototype objects).
const parseToml = (text) => JSON.parse(JSON.stringify(smolParse(text)));

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'zooid-emulator', 'server.mjs');
const PURGE = path.join(path.dirname(SERVER), 'purge-relay.mjs');

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
  // no not-loaded window after config writes here: zooid-emulator-reload.test.mjs tests that
  const env = { ...process.env, PORT: '0', API_WHITELIST: whitelist, RELOAD_GAP_MS: '0', ...extraEnv };
  for (const k of ['API_HOST', 'ZOOID_LINE']) if (!(k in extraEnv)) delete env[k];
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
          /** @type {Promise<void>} */ (
            new Promise((res) => {
              if (proc.exitCode !== null) return res();
              proc.once('exit', () => res());
              proc.kill('SIGTERM');
            })
          ),
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

/** "Nostr <base64>" for url + method, signed with `sk` by nostr-tools' nip98.getToken. */
function token(url, method, sk = admin.sk) {
  return nip98.getToken(url, method, (e) => finalizeEvent(e, sk), true);
}

/** base64 header from an arbitrary event template, signed (optionally tampered afterwards). */
function rawHeader(template, sk = admin.sk, tamper = (e) => e) {
  const ev = tamper(finalizeEvent({ created_at: Math.floor(Date.now() / 1000), content: '', ...template }, sk));
  return `Nostr ${Buffer.from(JSON.stringify(ev)).toString('base64')}`;
}

/** Authorized call to the management API (u = http://<Host><path>). */
async function api(port, method, p, body, { sk = admin.sk, host = `127.0.0.1:${port}`, json = true } = {}) {
  const auth = await token(`http://${host}${p}`, method, sk);
  const r = await call(port, { method, path: p, host, headers: { Authorization: auth }, body });
  if (json) assert.equal(r.headers['content-type'], 'application/json', `content-type of ${method} ${p}`);
  return r;
}

function relayConfig(name, extra = {}) {
  const secret = keypair();
  return {
    host: `${name}.localhost`,
    schema: name,
    secret: secret.hex,
    inactive: false,
    info: {
      name: `Relay ${name}`,
      icon: `https://img.example/${name}.png`,
      pubkey: admin.pk,
      description: `about ${name}`,
    },
    policy: { public_join: false, strip_signatures: false },
    groups: { enabled: true },
    management: { enabled: true },
    blossom: { enabled: false },
    roles: { admin: { pubkeys: [admin.pk], can_manage: true, can_invite: true } },
    ...extra,
  };
}

/**
 * NIP-86 call on a relay host, signed with `sk`. Default u: the relay's base URL as zooid computes
 * it — ws://<Host> when the Host has a port (or is localhost / an IP), else wss://<Host>.
 */
async function rpc(port, host, sk, method, params = [], { u } = {}) {
  const url = u ?? `${/:/.test(host) ? 'ws' : 'wss'}://${host}`;
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

/**
 * NIP-86 call with full control: u (default as rpc), omitU, payload / noPayload, created_at, kind,
 * headers, contentType.
 */
function rpcRaw(port, host, sk, method, params = [], opts = {}) {
  const body = JSON.stringify({ method, params });
  const tags = [];
  if (!opts.omitU) tags.push(['u', opts.u ?? `${/:/.test(host) ? 'ws' : 'wss'}://${host}`]);
  tags.push(['method', 'POST']);
  if (!opts.noPayload) tags.push(['payload', opts.payload ?? createHash('sha256').update(body).digest('hex')]);
  const h = rawHeader(
    { kind: opts.kind ?? 27235, tags, ...(opts.created_at ? { created_at: opts.created_at } : {}) },
    sk,
  );
  return call(port, {
    method: 'POST',
    path: '/',
    host,
    headers: {
      Authorization: h,
      'Content-Type': opts.contentType ?? 'application/nostr+json+rpc',
      ...(opts.headers ?? {}),
    },
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

test('refuses an unknown --line', async () => {
  const proc = spawn(process.execPath, [SERVER, '--line', 'future'], {
    env: { ...process.env, PORT: '0', API_WHITELIST: admin.pk },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((r) => proc.on('exit', r));
  assert.equal(code, 2);
  assert.match(stderr, /archived.*newer/);
});

test('archived line: a config without info.pubkey is stored, then loading it ends the process, at every start', async () => {
  // as real zooid (archived) does: its API takes the config, and building the relay panics on the missing owner
  const configDir = tmpDir();
  const emu = await spawnEmulator({ configDir });
  try {
    const exited = new Promise((r) => emu.proc.on('exit', r));
    const cfg = relayConfig('nopub');
    delete cfg.info.pubkey;
    const r = await api(emu.port, 'POST', '/relay/nopub', cfg);
    assert.equal(r.status, 201);
    assert.ok(fs.existsSync(path.join(configDir, 'nopub.toml')));
    await call(emu.port, { host: 'other.localhost' }).catch(() => null); // the next request reloads, and dies
    assert.equal(await exited, 2);
    await assert.rejects(spawnEmulator({ configDir }), /exited with 2.*panic loading nopub\.toml/s);
  } finally {
    await emu.stop().catch(() => {});
    fs.rmSync(configDir, { recursive: true, force: true });
  }
});

test('an explicit API_HOST is matched exactly', async () => {
  const configDir = tmpDir();
  const emu = await spawnEmulator({ configDir, extraEnv: { API_HOST: 'zooid-api.internal' } });
  try {
    assert.equal(emu.api_host, 'zooid-api.internal');
    let r = await api(emu.port, 'DELETE', '/relay/none', undefined, { host: 'zooid-api.internal' });
    assert.equal(r.status, 404);
    assert.equal(r.json.error, 'relay not found');
    r = await call(emu.port, { path: '/_emulator/relays' }); // Host 127.0.0.1:<port> is not the API now
    assert.equal(r.status, 404);
    assert.equal(r.text, 'Not Found\n');
  } finally {
    await emu.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  }
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

  test('ready line has port, url, config_dir, api_host (127.0.0.1:<port> by default) and line', () => {
    assert.equal(emu.ready, true);
    assert.ok(Number.isInteger(port) && port > 0);
    assert.equal(emu.url, `http://127.0.0.1:${port}`);
    assert.equal(emu.config_dir, configDir);
    assert.equal(emu.api_host, `127.0.0.1:${port}`);
    assert.equal(emu.line, 'archived');
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
      const r = await tryAuth({ Authorization: `Nostr ${Buffer.from('hello there').toString('base64')}` });
      assert.equal(r.status, 401);
      assert.match(r.json.error, /^invalid event json/);
    });

    test('wrong kind -> 401', async () => {
      const h = rawHeader({
        kind: 1,
        tags: [
          ['u', url()],
          ['method', 'DELETE'],
        ],
      });
      const r = await tryAuth({ Authorization: h });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'invalid event kind: expected 27235, got 1');
    });

    test('bad signature -> 401', async () => {
      const h = rawHeader(
        {
          kind: 27235,
          tags: [
            ['u', url()],
            ['method', 'DELETE'],
          ],
        },
        admin.sk,
        (e) => ({
          ...e,
          sig: e.sig.slice(0, -2) + (e.sig.endsWith('00') ? '11' : '00'),
        }),
      );
      const r = await tryAuth({ Authorization: h });
      assert.equal(r.status, 401);
      assert.equal(r.json.error, 'invalid event signature');
    });

    test('tampered content (id mismatch) -> 401', async () => {
      const h = rawHeader(
        {
          kind: 27235,
          tags: [
            ['u', url()],
            ['method', 'DELETE'],
          ],
        },
        admin.sk,
        (e) => ({ ...e, content: 'x' }),
      );
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
      r = await call(port, {
        method: 'DELETE',
        path: `${p}?x=1`,
        headers: { Authorization: await token(url(), 'DELETE') },
      });
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
      const h = rawHeader({
        kind: 27235,
        created_at: 1000,
        tags: [
          ['u', url()],
          ['method', 'DELETE'],
          ['payload', 'ab'.repeat(32)],
        ],
      });
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
    test('other paths -> 404, empty id -> 400, extra segments ignored, other methods -> 405', async () => {
      for (const p of ['/', '/relays/x', '/relay', '/foo']) {
        const r = await api(port, 'POST', p, {});
        assert.equal(r.status, 404, p);
        assert.deepEqual(r.json, { error: 'not found' });
      }
      let r = await api(port, 'POST', '/relay/', relayConfig('emptyid'));
      assert.equal(r.status, 400);
      assert.equal(r.json.error, 'relay id is required');
      r = await api(port, 'DELETE', '/relay/nothing/extra/segments');
      assert.equal(r.status, 404);
      assert.equal(r.json.error, 'relay not found'); // acted on "nothing"
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

    test('unknown Host -> 404 text/plain "Not Found" (HTTP, NIP-11 and WebSocket upgrades)', async () => {
      for (const headers of [
        {},
        { Accept: 'application/nostr+json' },
        {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        },
      ]) {
        const r = await call(port, { host: 'nobody.localhost', path: '/', headers });
        assert.equal(r.status, 404);
        assert.equal(r.text, 'Not Found\n');
        assert.match(r.headers['content-type'], /^text\/plain/);
      }
    });

    test('Host matching is exact: the API host needs its port, relay hosts are case-sensitive', async () => {
      for (const host of ['127.0.0.1', `localhost:${port}`]) {
        const auth = await token(`http://${host}/relay/nope`, 'DELETE');
        const r = await call(port, { method: 'DELETE', path: '/relay/nope', host, headers: { Authorization: auth } });
        assert.equal(r.status, 404, host);
        assert.equal(r.text, 'Not Found\n');
      }
      let r;
      const cfg = relayConfig('exact');
      assert.equal((await api(port, 'POST', '/relay/exact', cfg)).status, 201);
      r = await call(port, { host: 'exact.localhost', headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 200);
      for (const host of ['EXACT.localhost', `exact.localhost:${port}`, 'exact.localhost.']) {
        r = await call(port, { host, headers: { Accept: 'application/nostr+json' } });
        assert.equal(r.status, 404, host);
      }
      assert.equal((await api(port, 'DELETE', '/relay/exact')).status, 200);
      r = await call(port, { host: 'exact.localhost', headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 404);
    });
  });

  describe('config routes', () => {
    test('POST creates (201) and writes <id>.toml with the expected fields', async () => {
      const cfg = relayConfig('alpha', {
        livekit: { server_url: 'wss://lk.example', api_key: 'k', api_secret: 's' },
        blossom: { enabled: true, adapter: 's3', s3: { bucket: 'b', region: 'r', access_key: 'a', secret_key: 's' } },
        surprise: { deep: [1, 2] },
        info: {
          name: 'Relay alpha',
          pubkey: admin.pk,
          description: 'about alpha',
          icon: 'https://img.example/alpha.png',
          color: 'red',
        },
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
      assert.deepEqual(toml.info, {
        name: 'Relay alpha',
        pubkey: admin.pk,
        description: 'about alpha',
        icon: 'https://img.example/alpha.png',
      });
      assert.deepEqual(toml.policy, { public_join: false, strip_signatures: false });
      assert.equal(toml.groups.enabled, true);
      assert.equal(toml.management.enabled, true);
      assert.deepEqual(toml.livekit, cfg.livekit);
      // Unknown fields are dropped; on the archived line blossom.adapter and blossom.s3 are unknown.
      assert.deepEqual(toml.blossom, { enabled: true });
      assert.equal('surprise' in toml, false);
      assert.deepEqual(toml.roles.admin, { pubkeys: [admin.pk], can_manage: true, can_invite: true });
      // no temp files left behind
      assert.deepEqual(
        fs.readdirSync(configDir).filter((f) => f.endsWith('.tmp')),
        [],
      );

      const ctl = await call(port, { path: '/_emulator/relays' });
      assert.equal(ctl.status, 200);
      assert.deepEqual(ctl.json.alpha, toml);
    });

    test('the relay settings Caravel sends are stored as sent: push, signature stripping, the member role', async () => {
      const cfg = relayConfig('settings', {
        policy: { public_join: true, strip_signatures: true },
        groups: { enabled: false },
        push: { enabled: true },
        roles: {
          admin: { pubkeys: [admin.pk], can_manage: true, can_invite: true },
          member: { can_invite: true, can_manage: false },
        },
        policy_public_read: true, // not a zooid field: dropped like any unknown one
      });
      assert.equal((await api(port, 'POST', '/relay/settings', cfg)).status, 201);
      const toml = parseToml(fs.readFileSync(path.join(configDir, 'settings.toml'), 'utf8'));
      assert.deepEqual(toml.policy, { public_join: true, strip_signatures: true });
      assert.equal(toml.groups.enabled, false);
      assert.equal(toml.push.enabled, true);
      assert.deepEqual(toml.roles.member, { can_invite: true, can_manage: false });
      assert.equal('policy_public_read' in toml, false);
      // a whole-config PUT without the member role and push removes them (Caravel switching the settings off)
      const off = relayConfig('settings');
      assert.equal((await api(port, 'PUT', '/relay/settings', off)).status, 200);
      const after = parseToml(fs.readFileSync(path.join(configDir, 'settings.toml'), 'utf8'));
      assert.equal('member' in (after.roles ?? {}), false);
      assert.equal(after.push?.enabled ?? false, false);
      assert.equal((await api(port, 'DELETE', '/relay/settings')).status, 200);
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
        [JSON.stringify({ ...relayConfig('v5'), secret: 'a'.repeat(65) }), /^invalid secret key/],
        [JSON.stringify({ ...relayConfig('v6'), secret: 'zz'.repeat(32) }), /^invalid secret key/],
        [JSON.stringify({ ...relayConfig('v7'), secret: '00'.repeat(32) }), /^invalid secret key/],
        [JSON.stringify({ ...relayConfig('v8'), secret: 'ff'.repeat(32) }), /^invalid secret key/], // >= n
        [JSON.stringify({ ...relayConfig('v9'), info: { pubkey: 'abc' } }), /^invalid info.pubkey/],
        [JSON.stringify({ ...relayConfig('v10'), info: { pubkey: 'ff'.repeat(32) } }), /^invalid info.pubkey/], // not on curve
        [JSON.stringify({ ...relayConfig('v11'), inactive: 'yes' }), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v12'), roles: { admin: { pubkeys: 'x' } } }), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v13'), host: 42 }), /^invalid json config/],
        // the settings Caravel sends are typed too: a 0/1 flag is not a bool to zooid's decoder
        [JSON.stringify({ ...relayConfig('v14'), push: { enabled: 1 } }), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v15'), policy: { public_join: 'true' } }), /^invalid json config/],
        [JSON.stringify({ ...relayConfig('v16'), roles: { member: { can_invite: 1 } } }), /^invalid json config/],
      ];
      for (const [body, re] of cases) {
        const r = await api(port, 'POST', '/relay/invalid', body);
        assert.equal(r.status, 400, body);
        assert.match(r.json.error, re, body);
      }
      assert.equal(fs.existsSync(path.join(configDir, 'invalid.toml')), false);
    });

    test('short secrets are left-padded', async () => {
      let r = await api(port, 'POST', '/relay/short', relayConfig('short', { secret: 'abcd' }));
      assert.equal(r.status, 201);
      r = await call(port, { host: 'short.localhost', headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 200);
      assert.equal(r.json.self, getPublicKey(Uint8Array.from(Buffer.from('abcd'.padStart(64, '0'), 'hex'))));
      assert.equal((await api(port, 'DELETE', '/relay/short')).status, 200);
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

      // (with an owner: on the archived line a config without info.pubkey ends zooid, see the test at the top)
      const replaced = relayConfig('beta', { info: { name: 'Only name', pubkey: admin.pk } });
      let r = await api(port, 'PUT', '/relay/beta', replaced);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { message: 'relay updated successfully' });
      const toml = parseToml(fs.readFileSync(path.join(configDir, 'beta.toml'), 'utf8'));
      assert.deepEqual(toml.info, { name: 'Only name', pubkey: admin.pk }); // replaced, not merged
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
      const r = await api(port, 'PATCH', '/relay/alpha', {
        info: { name: 'Renamed', icon: null },
        livekit: null,
        policy: { public_join: true },
        roles: { admin: { pubkeys: [outsider.pk] }, member: { can_invite: true } },
        blossom: { adapter: null },
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
      assert.deepEqual(after.blossom, { enabled: true });
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
      r = await api(port, 'PATCH', '/relay/alpha', { secret: 'zz' });
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
      const [a, b] = await Promise.all([
        api(port, 'POST', '/relay/race1', cfgA),
        api(port, 'POST', '/relay/race2', cfgB),
      ]);
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
    const host = 'club.localhost'; // no port: its base URL is wss://club.localhost

    before(async () => {
      const cfg = relayConfig('club', {
        secret: relaySecret.hex,
        info: { name: 'The Club', icon: 'https://img.example/club.png', pubkey: owner.pk, description: 'members only' },
        roles: {
          admin: { pubkeys: [moderator.pk], can_manage: true },
          helper: { pubkeys: [stranger.pk], can_manage: false },
        },
      });
      const r = await api(port, 'POST', '/relay/club', cfg);
      assert.equal(r.status, 201);
    });

    test('the member list starts with the relay key, the owner and every role pubkey', async () => {
      const r = await rpc(port, host, relaySecret.sk, 'listallowedpubkeys');
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/nostr+json+rpc');
      assert.deepEqual(
        r.json.result.map((m) => m.pubkey).sort(),
        [relaySecret.pk, owner.pk, moderator.pk, stranger.pk].sort(),
      );
      assert.ok(r.json.result.every((m) => m.reason === 'relay member'));
    });

    test('control-route member (as if joined) shows up; 8000 and 13534 are written by the relay', async () => {
      const add = await call(port, {
        method: 'POST',
        path: '/_emulator/relays/club/members',
        body: { pubkey: member.pk },
      });
      assert.equal(add.status, 200);
      const r = await rpc(port, host, owner.sk, 'listallowedpubkeys');
      assert.ok(r.json.result.some((m) => m.pubkey === member.pk));
      const events = (await call(port, { path: '/_emulator/relays/club/events?kinds=8000,13534' })).json;
      const list = events.find((e) => e.kind === 13534);
      assert.equal(list.pubkey, relaySecret.pk);
      assert.deepEqual(list.tags[0], ['-']);
      assert.deepEqual(list.tags.at(-1), ['member', member.pk]);
      assert.ok(events.some((e) => e.kind === 8000 && e.tags[1][1] === member.pk));
      const ctl = await call(port, { path: '/_emulator/relays/club/members' });
      assert.ok(ctl.json.some((m) => m.pubkey === member.pk && m.reason === 'relay member'));
    });

    test('a stranger (or a role without can_manage) is blocked, with HTTP 200', async () => {
      for (const sk of [stranger.sk, member.sk]) {
        const r = await rpc(port, host, sk, 'listallowedpubkeys');
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, { error: 'blocked: only relay admins can manage this relay.' });
      }
    });

    test('owner, relay key and can_manage role members are managers', async () => {
      for (const sk of [owner.sk, relaySecret.sk, moderator.sk]) {
        const r = await rpc(port, host, sk, 'supportedmethods');
        assert.ok(Array.isArray(r.json.result));
      }
    });

    test('auth failures: every answer is HTTP 200 with an error', async () => {
      const cases = [
        [{ u: `ws://${host}` }, `invalid "u" tag, expected 'wss://${host}', got 'ws://${host}'`], // no port: wss
        [{ u: `wss://other.localhost` }, `invalid "u" tag, expected 'wss://${host}', got 'wss://other.localhost'`],
        [{ u: `https://${host}/` }, null], // https -> wss, trailing slash dropped
        [{ u: `WSS://CLUB.localhost` }, null],
      ];
      for (const [opts, error] of cases) {
        const r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], opts);
        assert.equal(r.status, 200, JSON.stringify(opts));
        if (error) assert.deepEqual(r.json, { error }, JSON.stringify(opts));
        else assert.deepEqual(r.json, { result: [] }, JSON.stringify(opts));
      }
      let r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], { noPayload: true });
      assert.deepEqual(r.json, { error: 'invalid auth event payload hash' });
      r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], { payload: 'ab'.repeat(32) });
      assert.deepEqual(r.json, { error: 'invalid auth event payload hash' });
      r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], {
        created_at: Math.floor(Date.now() / 1000) - 60,
      });
      assert.deepEqual(r.json, { error: 'auth event is too old' });
      r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], { kind: 1 }); // the kind is not checked
      assert.deepEqual(r.json, { result: [] });
      r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], {
        headers: { 'X-Forwarded-Proto': 'http' },
        u: `ws://${host}`,
      });
      assert.deepEqual(r.json, { result: [] });
      r = await call(port, {
        method: 'POST',
        path: '/anything',
        host,
        headers: { 'Content-Type': 'application/nostr+json+rpc' },
        body: '{}',
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { error: 'missing auth' });
    });

    test('a missing u tag gets no answer at all (zooid crashes that request)', async () => {
      await assert.rejects(rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], { omitU: true }));
    });

    test('Content-Type must be exactly application/nostr+json+rpc', async () => {
      const r = await rpcRaw(port, host, relaySecret.sk, 'supportedmethods', [], {
        contentType: 'application/nostr+json+rpc; charset=utf-8',
      });
      assert.equal(r.status, 404);
    });

    test('a config file edited by hand is reloaded: new role pubkeys become members and managers', async () => {
      const helper = keypair();
      const file = path.join(configDir, 'club.toml');
      const cfg = parseToml(fs.readFileSync(file, 'utf8'));
      cfg.roles.helpers = { pubkeys: [helper.pk], can_manage: true };
      fs.writeFileSync(file, stringifyToml(cfg));
      const r = await rpc(port, host, helper.sk, 'listallowedpubkeys');
      assert.ok(
        r.json.result.some((m) => m.pubkey === helper.pk),
        JSON.stringify(r.json),
      );
    });

    test('methods of the archived line', async () => {
      let r = await rpc(port, host, relaySecret.sk, 'supportedmethods');
      for (const m of [
        'supportedmethods',
        'listallowedpubkeys',
        'allowpubkey',
        'unallowpubkey',
        'banpubkey',
        'unbanpubkey',
        'listbannedpubkeys',
        'banevent',
        'allowevent',
        'listbannedevents',
        'changerelayname',
        'changerelaydescription',
        'changerelayicon',
      ]) {
        assert.ok(r.json.result.includes(m), m);
      }
      for (const m of ['listclaims', 'createclaim', 'assignrole']) assert.ok(!r.json.result.includes(m), m);

      const extra = keypair();
      r = await rpc(port, host, owner.sk, 'allowpubkey', [extra.pk, 'invited']);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'banpubkey', [member.pk, 'spam']);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'listbannedpubkeys');
      assert.deepEqual(r.json.result, [{ pubkey: member.pk, reason: 'spam' }]);
      r = await rpc(port, host, owner.sk, 'listallowedpubkeys');
      assert.ok(r.json.result.some((m) => m.pubkey === extra.pk));
      assert.ok(!r.json.result.some((m) => m.pubkey === member.pk));
      r = await rpc(port, host, owner.sk, 'unallowpubkey', [extra.pk]);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'listallowedpubkeys');
      assert.ok(!r.json.result.some((m) => m.pubkey === extra.pk));

      r = await rpc(port, host, owner.sk, 'allowpubkey', ['not-a-key']);
      assert.equal(r.status, 200);
      assert.match(r.json.error, /^invalid params/);
      r = await rpc(port, host, owner.sk, 'nosuchmethod');
      assert.match(r.json.error, /^invalid params: unknown method/);
      r = await rpc(port, host, owner.sk, 'blockip', ['1.2.3.4']);
      assert.deepEqual(r.json, { error: 'method blockip not supported' });
      r = await rpc(port, host, owner.sk, 'listclaims');
      assert.deepEqual(r.json, { error: 'method listclaims not supported' });
      r = await rpc(port, host, owner.sk, 'disallowpubkey', [extra.pk]);
      assert.match(r.json.error, /unknown method/);
    });

    test('changerelayname / description / icon rewrite the TOML file and reload', async () => {
      let r = await rpc(port, host, owner.sk, 'changerelayname', ['Renamed Club']);
      assert.deepEqual(r.json, { result: true });
      r = await rpc(port, host, owner.sk, 'changerelaydescription', ['new words']);
      r = await rpc(port, host, owner.sk, 'changerelayicon', ['https://img.example/new.png']);
      const toml = parseToml(fs.readFileSync(path.join(configDir, 'club.toml'), 'utf8'));
      assert.deepEqual(toml.info, {
        name: 'Renamed Club',
        icon: 'https://img.example/new.png',
        pubkey: owner.pk,
        description: 'new words',
      });
      r = await call(port, { host, headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.json.name, 'Renamed Club');
    });

    test('NIP-86 with management.enabled = false: auth as usual, every method not supported', async () => {
      const off = relayConfig('quiet', { management: { enabled: false } });
      assert.equal((await api(port, 'POST', '/relay/quiet', off)).status, 201);
      const r = await rpc(
        port,
        'quiet.localhost',
        Uint8Array.from(Buffer.from(off.secret, 'hex')),
        'listallowedpubkeys',
      );
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { error: 'method listallowedpubkeys not supported' });
    });

    test('NIP-11 needs Accept exactly application/nostr+json', async () => {
      const r = await call(port, { host, headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'application/nostr+json');
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.json.icon, 'https://img.example/new.png');
      assert.equal(r.json.pubkey, owner.pk);
      assert.equal(r.json.self, relaySecret.pk);
      assert.equal(r.json.software, 'https://github.com/coracle-social/zooid');
      assert.ok(r.json.supported_nips.includes('43'));
      assert.ok(r.json.supported_nips.includes('29')); // groups enabled in relayConfig
      assert.equal('limitation' in r.json, false);
      const html = await call(port, { host, headers: { Accept: 'application/nostr+json, */*' } });
      assert.equal(html.status, 200);
      assert.match(html.headers['content-type'], /^text\/html/);
    });

    test('inactive relay: its host is a plain 404 (HTTP, NIP-11, NIP-86); data is kept', async () => {
      assert.equal((await api(port, 'PATCH', '/relay/club', { inactive: true })).status, 200);
      let r = await call(port, { host, headers: { Accept: 'application/nostr+json' } });
      assert.equal(r.status, 404);
      assert.equal(r.text, 'Not Found\n');
      assert.match(r.headers['content-type'], /^text\/plain/);
      r = await rpcRaw(port, host, relaySecret.sk, 'listbannedpubkeys', [], { omitU: true });
      assert.equal(r.status, 404);
      r = await rpc(port, host, relaySecret.sk, 'listbannedpubkeys');
      assert.equal(r.status, 404);
      r = await call(port, { path: '/_emulator/relays/club/state' });
      assert.deepEqual(r.json, { loaded: false, inactive: true, problem: null });
      r = await call(port, { method: 'POST', path: '/_emulator/relays/club/members', body: { pubkey: keypair().pk } });
      assert.equal(r.status, 409); // nobody can join a relay that is not served

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

    test('fail validates its input; unknown control paths -> 404; banned pubkeys cannot be added', async () => {
      let r = await call(port, { method: 'POST', path: '/_emulator/fail', body: { status: 'bad' } });
      assert.equal(r.status, 400);
      r = await call(port, { path: '/_emulator/nothing' });
      assert.equal(r.status, 404);
      r = await call(port, { method: 'POST', path: '/_emulator/relays/ghost/members', body: { pubkey: admin.pk } });
      assert.equal(r.status, 404);
      r = await call(port, { method: 'POST', path: '/_emulator/relays/alpha/members', body: { pubkey: 'zz' } });
      assert.equal(r.status, 400);
      const banned = (await call(port, { path: '/_emulator/relays/club/banned' })).json[0].pubkey;
      r = await call(port, { method: 'POST', path: '/_emulator/relays/club/members', body: { pubkey: banned } });
      assert.equal(r.status, 409);
      assert.equal(r.json.error, 'invalid: you have been banned from this relay');
    });

    test('control routes exist only on the API host', async () => {
      const r = await call(port, { host: 'alpha.localhost', path: '/_emulator/relays' });
      assert.equal(r.status, 404);
    });
  });

  describe('purge (an operator removing what zooid keeps of a deleted relay)', () => {
    test('refused while a config names the schema; then its events go, and a second run is harmless', async () => {
      assert.equal((await api(port, 'POST', '/relay/purgeme', relayConfig('purgeme'))).status, 201);
      const post = finalizeEvent(
        { kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: 'a member says bye' },
        keypair().sk,
      );
      let r = await call(port, { method: 'POST', path: '/_emulator/relays/purgeme/events', body: [post] });
      assert.equal(r.json.stored, 1);
      const kept = (await call(port, { path: '/_emulator/schemas/purgeme' })).json;
      assert.ok(kept.events >= 2, JSON.stringify(kept)); // the post and the relay's member list
      assert.equal(kept.blobs, 0);

      // zooid would still serve from those tables
      r = await call(port, { method: 'DELETE', path: '/_emulator/schemas/purgeme' });
      assert.equal(r.status, 409);
      assert.match(r.json.error, /delete its config first/);
      // zooid's own DELETE keeps everything
      assert.equal((await api(port, 'DELETE', '/relay/purgeme')).status, 200);
      assert.deepEqual((await call(port, { path: '/_emulator/schemas/purgeme' })).json, kept);

      r = await call(port, { method: 'DELETE', path: '/_emulator/schemas/purgeme' });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, kept);
      assert.deepEqual((await call(port, { path: '/_emulator/schemas/purgeme' })).json, { events: 0, blobs: 0 });
      assert.ok(!fs.readdirSync(path.join(configDir, '.emulator-data')).some((f) => f.startsWith('purgeme.')));

      // the stand-in command, as Caravel runs it again after a crash: nothing left, success
      const out = execFileSync(
        process.execPath,
        [PURGE, '--node', `default=http://127.0.0.1:${port}`, 'purgeme', 'default'],
        { encoding: 'utf8' },
      );
      assert.match(out, /purged purgeme on node 'default': 0 events, 0 media files/);
      r = await call(port, { method: 'DELETE', path: '/_emulator/schemas/purge;me' });
      assert.equal(r.status, 400);
    });
  });

  describe('persistence', () => {
    test('a restart on the same CONFIG keeps configs, members, bans and events; reset clears', async () => {
      const before = (await call(port, { path: '/_emulator/relays' })).json;
      assert.ok(before.alpha && before.club);
      const membersBefore = (await call(port, { path: '/_emulator/relays/club/members' })).json;
      const eventsBefore = (await call(port, { path: '/_emulator/relays/club/events' })).json;
      await emu.stop();

      emu = await spawnEmulator({ configDir });
      port = emu.port;
      const after = (await call(port, { path: '/_emulator/relays' })).json;
      assert.deepEqual(after, before);
      let r = await api(port, 'POST', '/relay/alpha', relayConfig('alpha'));
      assert.equal(r.status, 409);
      r = await call(port, { path: '/_emulator/relays/club/banned' });
      assert.equal(r.json.length, 1);
      assert.deepEqual((await call(port, { path: '/_emulator/relays/club/members' })).json, membersBefore);
      assert.deepEqual((await call(port, { path: '/_emulator/relays/club/events' })).json, eventsBefore);

      // DELETE + re-create with the same schema finds the data again.
      const club = before.club;
      assert.equal((await api(port, 'DELETE', '/relay/club')).status, 200);
      assert.equal((await api(port, 'POST', '/relay/club2', { ...club })).status, 201);
      assert.deepEqual((await call(port, { path: '/_emulator/relays/club2/members' })).json, membersBefore);

      r = await call(port, { method: 'POST', path: '/_emulator/reset' });
      assert.equal(r.status, 200);
      assert.deepEqual((await call(port, { path: '/_emulator/relays' })).json, {});
      assert.deepEqual(
        fs.readdirSync(configDir).filter((f) => f.endsWith('.toml')),
        [],
      );
      r = await call(port, { host: 'club.localhost', path: '/' });
      assert.equal(r.status, 404);
    });
  });
});

describe('zooid emulator, newer line', () => {
  let emu;
  let port;
  const configDir = tmpDir();

  before(async () => {
    emu = await spawnEmulator({ configDir, extraEnv: { ZOOID_LINE: 'newer' } });
    port = emu.port;
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test('ready line reports the line', () => {
    assert.equal(emu.line, 'newer');
  });

  test('NIP-98 created_at must be within 60 s', async () => {
    const p = '/relay/nothing';
    const url = `http://127.0.0.1:${port}${p}`;
    for (const [created_at, status] of [
      [Math.floor(Date.now() / 1000) - 120, 401],
      [Math.floor(Date.now() / 1000) + 120, 401],
      [Math.floor(Date.now() / 1000) - 10, 404],
    ]) {
      const h = rawHeader({
        kind: 27235,
        created_at,
        tags: [
          ['u', url],
          ['method', 'DELETE'],
        ],
      });
      const r = await call(port, { method: 'DELETE', path: p, headers: { Authorization: h } });
      assert.equal(r.status, status, String(created_at));
    }
  });

  test('validation: schema pattern, info.pubkey required, blossom adapter and S3 fields', async () => {
    const cases = [
      [relayConfig('Bad-Schema'), /^invalid schema/],
      [relayConfig('1abc'), /^invalid schema/],
      [{ ...relayConfig('nopub'), info: { name: 'x' } }, /^info.pubkey is required$/],
      [relayConfig('ad', { blossom: { enabled: true, adapter: 'ftp' } }), /blossom.adapter/],
      [
        relayConfig('s3a', {
          blossom: { enabled: true, adapter: 's3', s3: { bucket: 'b', region: 'r', access_key: 'a' } },
        }),
        /blossom.s3.secret_key/,
      ],
    ];
    for (const [cfg, re] of cases) {
      const r = await api(port, 'POST', '/relay/v', cfg);
      assert.equal(r.status, 400, JSON.stringify(cfg));
      assert.match(r.json.error, re);
    }
    const ok = relayConfig('s3ok', {
      blossom: {
        enabled: true,
        adapter: 's3',
        s3: { bucket: 'b', region: 'r', access_key: 'a', secret_key: 's', key_prefix: 'caravel', extra: 1 },
      },
    });
    assert.equal((await api(port, 'POST', '/relay/s3ok', ok)).status, 201);
    const toml = parseToml(fs.readFileSync(path.join(configDir, 's3ok.toml'), 'utf8'));
    assert.deepEqual(toml.blossom, {
      enabled: true,
      adapter: 's3',
      s3: { bucket: 'b', region: 'r', access_key: 'a', secret_key: 's', key_prefix: 'caravel' },
    });
  });

  test('standard router: GET /relay/<id>/members, plain-text 404 / 405 elsewhere', async () => {
    const owner = keypair();
    const cfg = relayConfig('lounge', { info: { name: 'Lounge', pubkey: owner.pk }, inactive: true });
    assert.equal((await api(port, 'POST', '/relay/lounge', cfg)).status, 201);
    let r = await api(port, 'GET', '/relay/lounge/members');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    // inactive relays answer too; the relay key is not a member on the newer line
    assert.deepEqual(r.json, { members: [admin.pk, owner.pk].sort() });
    r = await api(port, 'GET', '/relay/ghost/members');
    assert.equal(r.status, 404);
    assert.equal(r.json.error, 'relay not found');
    r = await api(port, 'POST', '/foo', {}, { json: false });
    assert.equal(r.status, 404);
    assert.match(r.headers['content-type'], /^text\/plain/);
    r = await api(port, 'GET', '/relay/lounge', undefined, { json: false });
    assert.equal(r.status, 405);
    r = await api(port, 'POST', '/relay/lounge/members', {}, { json: false });
    assert.equal(r.status, 405);
  });
});
