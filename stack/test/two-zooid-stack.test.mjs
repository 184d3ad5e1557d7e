// Tests of stack/start.mjs --second-zooid: two zooid nodes for the backend's ZOOID_NODES, each on its own port, config
// dir and relay domain, trusting the same API key; a relay created on one is served by that one only.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { finalizeEvent } from 'nostr-tools';
import * as nip98 from 'nostr-tools/nip98';
import { spawnReady } from '../relay/cli-util.mjs';
import { call } from './zooid-emulator-helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const START = path.join(here, '..', 'start.mjs');

test('start.mjs --second-zooid: two nodes, the ZOOID_NODES line for both, each serving only its own relays', async () => {
  const stack = await spawnReady(START, ['--random-ports', '--second-zooid'], {
    name: 'start.mjs',
    timeoutMs: 30000,
  });
  try {
    const r = stack.ready;
    const port1 = Number(new URL(r.zooid_api_url).port);
    const port2 = Number(new URL(r.zooid2_api_url).port);
    assert.notEqual(port1, port2);
    assert.equal(r.relay_domain, `localhost:${port1}`);
    assert.equal(r.relay_domain_2, `localhost:${port2}`);
    assert.notEqual(r.zooid2_config_dir, r.zooid_config_dir);
    assert.ok(fs.statSync(r.zooid2_config_dir).isDirectory());
    assert.equal(
      r.zooid_nodes,
      `default api=${r.zooid_api_url} origin=${r.zooid_api_url} domain=localhost:${port1}\n` +
        `b api=${r.zooid2_api_url} origin=${r.zooid2_api_url} domain=localhost:${port2}`,
    );
    // the second node trusts the stack's one API key, on its own exact API host
    const sk = Uint8Array.from(Buffer.from(r.zooid_api_secret, 'hex'));
    const cfg = {
      host: `hive.${r.relay_domain_2}`,
      schema: 'hive',
      secret: 'cd'.repeat(32),
      info: { name: 'Hive', pubkey: r.zooid_api_pubkey },
    };
    const url = `${r.zooid2_api_url}/relay/hive`;
    const auth = await nip98.getToken(url, 'POST', (e) => finalizeEvent(e, sk), true);
    const created = await fetch(url, { method: 'POST', headers: { Authorization: auth }, body: JSON.stringify(cfg) });
    assert.equal(created.status, 201);
    const accept = { Accept: 'application/nostr+json' };
    const onTwo = await call(port2, { host: cfg.host, headers: accept });
    assert.equal(onTwo.status, 200);
    assert.equal(onTwo.json.name, 'Hive');
    assert.ok(fs.existsSync(path.join(r.zooid2_config_dir, 'hive.toml')));
    // the first node has no such relay
    const onOne = await call(port1, { host: `hive.${r.relay_domain}`, headers: accept });
    assert.equal(onOne.status, 404);
    assert.equal(fs.existsSync(path.join(r.zooid_config_dir, 'hive.toml')), false);
  } finally {
    await stack.stop();
  }
});

test('start.mjs without --second-zooid: one node, no ZOOID_NODES line', async () => {
  const stack = await spawnReady(START, ['--random-ports'], { name: 'start.mjs', timeoutMs: 25000 });
  try {
    assert.equal(stack.ready.zooid_nodes, null);
    assert.equal(stack.ready.zooid2_api_url, null);
  } finally {
    await stack.stop();
  }
});
