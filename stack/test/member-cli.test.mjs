// stack/member/cli.mjs — the command-line community member used to try Caravel's community tools as a second
// person — against the zooid emulator: key, join with an invite link, post, read back, report, leave.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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
    const r = await run('node', [CLI, '--json', ...args], { env: { ...process.env, MEMBER_KEYS: keys } }).catch(
      (e) => e,
    );
    return {
      code: r.code ?? 0,
      out: r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    };
  };
  /** The CLI as a person runs it: readable lines, and one line on stderr for a failure. */
  const person = async (...args) => {
    const r = await run('node', [CLI, ...args], { env: { ...process.env, MEMBER_KEYS: keys } }).catch((e) => e);
    return { code: r.code ?? 0, out: r.stdout.trim(), err: r.stderr.trim() };
  };
  /** A failure is one line that says what happened: no stack trace, no JSON. */
  const oneLine = (r) => {
    assert.equal(r.code, 1);
    assert.equal(r.out, '');
    assert.equal(r.err.split('\n').length, 1, r.err);
    assert.doesNotMatch(r.err, /\n\s+at |node:internal|^\{|"ok"/);
    assert.match(r.err, /^member: /);
    return r.err;
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

  test('as a person runs it: readable lines, not JSON', async () => {
    const key = await person('--as', 'carol', 'key');
    assert.equal(key.code, 0);
    assert.match(key.out, /^carol: npub1\S+\nsecret key \(to log in as carol in a Nostr app\): nsec1\S+$/);
    const link = `https://app.flotilla.social/join?r=${encodeURIComponent(url)}&c=${claim}`;
    assert.equal((await person('--as', 'carol', 'join', link)).out, `carol joined ${url}.`);
    const post = await person('--as', 'carol', 'post', url, 'readable please');
    assert.match(post.out, new RegExp(`^carol posted to ${url.replace(/[.]/g, '\\.')}: event [0-9a-f]{64}$`));
    const read = await person('--as', 'carol', 'read', url, '1');
    assert.match(read.out, /npub1\S+…\S+ · kind 1 · [0-9a-f]{12}… {2}readable please/);
    assert.match(read.out, /\d+ events?\.$/);
    assert.doesNotMatch(read.out, /[{}]/);
    assert.equal((await person('--as', 'carol', 'leave', url)).out, `carol left ${url}.`);
  });

  test('failures are one clear line on stderr with exit status 1', async () => {
    // the relay refuses: said as a refusal, with the relay's reason
    assert.match(
      oneLine(await person('--as', 'dave', 'post', url, 'not a member')),
      /The relay refused it: restricted:/,
    );
    assert.match(oneLine(await person('--as', 'dave', 'read', url, '1')), /The relay refused the read: restricted:/);
    // nothing listens there
    const gone = `ws://gone.localhost:${await freePort()}`;
    assert.match(
      oneLine(await person('--as', 'dave', 'post', gone, 'hi')),
      /Cannot reach ws:\/\/gone\.localhost:\d+: nothing answers/,
    );
    // typing mistakes
    assert.match(oneLine(await person('--as', 'dave', 'post', 'club.localhost', 'hi')), /is not a relay URL/);
    assert.match(oneLine(await person('--as', 'nsec1notakey', 'key')), /not a valid secret key/);
    assert.match(oneLine(await person('--as', 'dave', 'report', url, 'abc')), /event id is 64 hex characters/);
    assert.match(oneLine(await person('--as', 'dave', 'join', url)), /need a relay URL and an invite code/);
    const unknown = await person('--as', 'dave', 'dance');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /^member: unknown command "dance"\nusage: /);
  });
});

/** A port nothing listens on (taken, then released). */
async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', () => r(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (srv.address()).port;
  await new Promise((r) => srv.close(() => r(undefined)));
  return port;
}
