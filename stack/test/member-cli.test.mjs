// stack/member/cli.mjs — the command-line community member used to try Caravel's community tools as a second
// person — against the zooid emulator: key, join with an invite link, post, read back, report, leave.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decode } from 'nostr-tools/nip19';
import {
  api,
  authenticate,
  call,
  connectRelay,
  keypair,
  query,
  relayConfig,
  spawnEmulator,
  tmpDir,
} from './zooid-emulator-helpers.mjs';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'member', 'cli.mjs');
const run = promisify(execFile);
const admin = keypair();
const owner = keypair();

describe('member CLI against the zooid emulator', () => {
  let emu;
  let url;
  let claim;
  const configDir = tmpDir();
  const keys = path.join(configDir, 'member-keys.json');
  const cli = async (...args) => {
    const r = await run('node', [CLI, ...args], { env: { ...process.env, MEMBER_KEYS: keys } }).catch((e) => e);
    return {
      code: r.code ?? 0,
      out: r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    };
  };

  before(async () => {
    emu = await spawnEmulator({ configDir, whitelist: admin.pk });
    url = `ws://club.localhost:${emu.port}`;
    assert.equal(
      (await api(emu, 'POST', '/relay/club', relayConfig('club', emu.port, owner), { sk: admin.sk })).status,
      201,
    );
    const relay = await connectRelay(`club.localhost:${emu.port}`);
    await authenticate(relay, owner.sk);
    const res = await query(relay, [{ kinds: [28935] }]);
    claim = res.events[0].tags.find((t) => t[0] === 'claim')[1];
    relay.close();
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test('join with an invite link, post, read, be reported, leave', async () => {
    const alice = (await cli('--as', 'alice', 'key')).out[0];
    assert.match(alice.npub, /^npub1/);
    assert.equal((await cli('--as', 'alice', 'key')).out[0].npub, alice.npub, 'the same key next time');
    assert.equal((await cli('--as', 'alice', 'post', url, 'too early')).code, 1, 'not a member yet');

    const link = `https://app.flotilla.social/join?r=${encodeURIComponent(url)}&c=${claim}`;
    assert.equal((await cli('--as', 'alice', 'join', link)).out[0].ok, true);
    const post = (await cli('--as', 'alice', 'post', url, 'hello club')).out[0];
    assert.equal(post.ok, true);
    assert.ok((await cli('--as', 'alice', 'read', url, '1')).out.some((e) => e.content === 'hello club'));

    assert.equal((await cli('--as', 'bob', 'join', url, claim)).out[0].ok, true);
    const report = (await cli('--as', 'bob', 'report', url, post.id, 'spam', 'ads')).out[0];
    assert.equal(report.ok, true);
    const stored = (await call(emu.port, { path: `/_emulator/relays/club/events?kinds=1984` })).json;
    const r = stored.find((e) => e.id === report.id);
    assert.deepEqual(r.tags, [
      ['e', post.id, 'spam'],
      ['p', decode(alice.npub).data],
    ]);
    assert.equal(r.content, 'ads');

    assert.equal((await cli('--as', 'alice', 'leave', url)).out[0].ok, true);
    assert.equal((await cli('--as', 'alice', 'read', url, '1')).out[0].closed.startsWith('restricted:'), true);
  });
});
