// Tests of stack/start.mjs: the whole local stack (relay, wallet, zooid and Stripe emulators, price peer) as one
// program — ready line, every peer reachable, no orphans, exit on a child's death.

import '../wallet/ws-global.mjs'; // Node 20: global WebSocket for @getalby/sdk (must come first)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NWCClient } from '@getalby/sdk';
import { finalizeEvent, getPublicKey } from 'nostr-tools';
import * as nip98 from 'nostr-tools/nip98';
import { spawnReady } from '../relay/cli-util.mjs';
import { call } from './zooid-emulator-helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const START = path.join(here, '..', 'start.mjs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function childrenOf(pid) {
  let out = '';
  try {
    out = execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,args='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [p, ...rest] = l.split(/\s+/);
      return { pid: Number(p), args: rest.join(' ') };
    });
}

/** Running (not gone and not a zombie). */
function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitGone(pids, ms = 6000) {
  const end = Date.now() + ms;
  while (Date.now() < end && pids.some(alive)) await sleep(50);
  return pids.filter(alive);
}

function exitOf(child) {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

test('start.mjs --random-ports: one ready line, all peers up; a dying child stops the stack', async () => {
  const stack = await spawnReady(START, ['--random-ports'], { name: 'start.mjs', timeoutMs: 25000 });
  const kids = childrenOf(stack.child.pid);
  try {
    const r = stack.ready;
    for (const k of [
      'relay_url',
      'wallet_control_url',
      'platform_nwc_url',
      'tenant_nwc_url',
      'zooid_api_url',
      'zooid_api_secret',
      'zooid_relay_origin',
      'zooid_config_dir',
      'stripe_api_base',
      'stripe_secret_key',
      'stripe_webhook_secret',
      'stripe_price_basic',
      'stripe_price_growth',
      'price_url',
      'price_control_url',
    ]) {
      assert.ok(typeof r[k] === 'string' && r[k].length > 0, k);
    }
    assert.match(r.relay_url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.match(r.zooid_api_secret, /^[0-9a-f]{64}$/);
    assert.equal(r.zooid_api_pubkey, getPublicKey(Uint8Array.from(Buffer.from(r.zooid_api_secret, 'hex'))));
    assert.ok(fs.statSync(r.zooid_config_dir).isDirectory());
    assert.equal(kids.length, 5, JSON.stringify(kids)); // relay, wallet, zooid emulator, Stripe emulator, price

    // Wallet: control interface and NWC over the stack's relay.
    const wallets = await (await fetch(`${r.wallet_control_url}/wallets`)).json();
    assert.deepEqual(
      wallets.wallets.map((w) => w.name),
      ['platform', 'tenant'],
    );
    const nwc = new NWCClient({ nostrWalletConnectUrl: r.platform_nwc_url });
    try {
      assert.equal((await nwc.getInfo()).network, 'regtest');
    } finally {
      nwc.close();
    }
    // zooid emulator: the management API wants NIP-98, on the exact API host 127.0.0.1:<port>.
    const api = await fetch(`${r.zooid_api_url}/relay/test`, { method: 'POST', body: '{}' });
    assert.equal(api.status, 401);
    const zooidPort = Number(new URL(r.zooid_api_url).port);
    assert.equal(r.zooid_api_host, `127.0.0.1:${zooidPort}`);
    assert.equal(r.zooid_line, 'archived');
    assert.equal(r.relay_domain, `localhost:${zooidPort}`);
    // A relay on <sub>.<relay_domain> is served on that exact Host.
    const sk = Uint8Array.from(Buffer.from(r.zooid_api_secret, 'hex'));
    const cfg = {
      host: `club.${r.relay_domain}`,
      schema: 'club',
      secret: 'ab'.repeat(32),
      info: { name: 'Club', pubkey: r.zooid_api_pubkey },
    };
    const auth = await nip98.getToken(`${r.zooid_api_url}/relay/club`, 'POST', (e) => finalizeEvent(e, sk), true);
    const created = await fetch(`${r.zooid_api_url}/relay/club`, {
      method: 'POST',
      headers: { Authorization: auth },
      body: JSON.stringify(cfg),
    });
    assert.equal(created.status, 201);
    const info = await call(zooidPort, { host: cfg.host, headers: { Accept: 'application/nostr+json' } });
    assert.equal(info.status, 200);
    assert.equal(info.json.name, 'Club');

    // Bitcoin price peer: the URL the backend reads (FIAT_RATE_URL) and its control interface.
    assert.match(r.price_url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/prices$/);
    assert.equal(r.price_control_url, `${new URL(r.price_url).origin}/control`);
    const quote = await (await fetch(r.price_url)).json();
    assert.equal(quote.USD, 100000);
    assert.equal((await (await fetch(`${r.price_control_url}/state`)).json()).requests, 1);

    // Kill the wallet: start.mjs reports it and exits non-zero, taking the others down.
    const walletKid = kids.find((k) => k.args.includes('wallet/server.mjs'));
    assert.ok(walletKid);
    const exited = exitOf(stack.child);
    process.kill(walletKid.pid, 'SIGKILL');
    assert.equal(await exited, 1);
    assert.match(stack.stderr(), /wallet exited/);
    assert.deepEqual(await waitGone(kids.map((k) => k.pid)), [], 'no orphans');
    assert.equal(fs.existsSync(r.zooid_config_dir), false, 'temp data dir removed');
  } finally {
    await stack.stop();
    for (const k of kids) if (alive(k.pid)) process.kill(k.pid, 'SIGKILL');
  }
});

test('start.mjs stops all children when its stdin closes (parent gone)', async () => {
  const stack = await spawnReady(START, ['--random-ports'], { name: 'start.mjs', timeoutMs: 25000 });
  const kids = childrenOf(stack.child.pid);
  try {
    assert.equal(kids.length, 5); // relay, wallet, zooid emulator, Stripe emulator, price
    const exited = exitOf(stack.child);
    stack.child.stdin.end();
    assert.equal(await exited, 0);
    assert.deepEqual(await waitGone(kids.map((k) => k.pid)), [], 'no orphans');
  } finally {
    await stack.stop();
    for (const k of kids) if (alive(k.pid)) process.kill(k.pid, 'SIGKILL');
  }
});
