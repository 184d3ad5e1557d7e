#!/usr/bin/env node
// A community member's Nostr client on the command line, for trying Caravel's community tools on the local stack
// as a second (third, ...) person: join a relay with an invite code, post, read, report (NIP-56), leave.
// Development tool only: it keeps a key per name in a file under the stack's data folder.
//
//   node stack/member/cli.mjs --as alice key                     prints alice's npub (makes her key the first time)
//   node stack/member/cli.mjs --as alice join <relay url | invite link> [code]
//   node stack/member/cli.mjs --as alice post <relay url> "hello"
//   node stack/member/cli.mjs --as alice read <relay url> [kind]
//   node stack/member/cli.mjs --as bob report <relay url> <event id> [spam|nudity|illegal|impersonation|other] [text]
//   node stack/member/cli.mjs --as alice leave <relay url>
//
// Relay URLs are ws://<subdomain>.localhost:<port>; Node does not resolve *.localhost, so the socket goes to
// 127.0.0.1 while the URL (Host header, NIP-42 relay tag) stays the relay's own.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';
import { AbstractRelay } from 'nostr-tools/abstract-relay';
import { decode, npubEncode, nsecEncode } from 'nostr-tools/nip19';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import WebSocket from 'ws';
import { challengeOf } from '../lib/nip42.mjs';

class LoopbackWebSocket extends WebSocket {
  constructor(url, protocols) {
    const local = /\.localhost(:\d+)?$/.test(new URL(url).host) || new URL(url).hostname === 'localhost';
    super(
      url,
      protocols,
      local
        ? {
            lookup: (_h, o, cb) =>
              o?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4),
          }
        : {},
    );
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
const KEYS = process.env.MEMBER_KEYS ?? path.join(here, '..', '..', 'data', 'member-keys.json');

function die(msg) {
  process.stderr.write(`${msg}\n`);
  process.exit(1);
}

function keyFor(name) {
  if (/^nsec1/.test(name)) return /** @type {Uint8Array} */ (decode(/** @type {`nsec1${string}`} */ (name)).data);
  let all = {};
  try {
    all = JSON.parse(fs.readFileSync(KEYS, 'utf8'));
  } catch {
    /* first use */
  }
  if (!all[name]) {
    all[name] = bytesToHex(generateSecretKey());
    fs.mkdirSync(path.dirname(KEYS), { recursive: true });
    fs.writeFileSync(KEYS, JSON.stringify(all, null, 2), { mode: 0o600 });
  }
  return hexToBytes(all[name]);
}

/** An invite link (…/join?r=<relay>&c=<code>) or a relay URL plus a code. */
function relayAndCode(target, code) {
  if (/^https?:\/\//.test(target)) {
    const u = new URL(target);
    return { relay: u.searchParams.get('r'), code: code ?? u.searchParams.get('c') };
  }
  return { relay: target, code };
}

async function open(url, sk) {
  const relay = new AbstractRelay(url, {
    verifyEvent, // ws implements the WebSocket interface nostr-tools asks for, though its declared types differ.
    websocketImplementation: /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (LoopbackWebSocket)),
  });
  await relay.connect({ timeout: 5000 });
  const until = Date.now() + 5000;
  while (!challengeOf(relay)) {
    if (Date.now() > until) die('the relay sent no AUTH challenge');
    await new Promise((r) => setTimeout(r, 10));
  }
  await relay.auth(async (t) => finalizeEvent(t, sk));
  return relay;
}

async function publish(url, sk, kind, tags, content) {
  const relay = await open(url, sk);
  const event = finalizeEvent({ kind, tags, content, created_at: Math.floor(Date.now() / 1000) }, sk);
  try {
    await relay.publish(event);
    console.log(JSON.stringify({ ok: true, id: event.id }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, message: String(e?.message ?? e) }));
    process.exitCode = 1;
  } finally {
    relay.close();
  }
}

async function read(url, sk, kind) {
  const relay = await open(url, sk);
  await /** @type {Promise<void>} */ (
    new Promise((resolve) => {
      const sub = relay.subscribe([kind ? { kinds: [Number(kind)], limit: 50 } : { limit: 50 }], {
        onevent: (e) =>
          console.log(JSON.stringify({ id: e.id, kind: e.kind, author: npubEncode(e.pubkey), content: e.content })),
        oneose: () => {
          sub.close();
          resolve();
        },
        onclose: (reason) => {
          if (reason) console.log(JSON.stringify({ closed: reason }));
          resolve();
        },
      });
    })
  );
  relay.close();
}

const args = process.argv.slice(2);
const asIdx = args.indexOf('--as');
const name = asIdx >= 0 ? args.splice(asIdx, 2)[1] : 'member';
const [cmd, ...rest] = args;
const sk = keyFor(name);
switch (cmd) {
  case 'key':
    console.log(JSON.stringify({ name, npub: npubEncode(getPublicKey(sk)), nsec: nsecEncode(sk) }));
    break;
  case 'join': {
    const { relay, code } = relayAndCode(rest[0] ?? die('join <relay url | invite link> [code]'), rest[1]);
    if (!relay || !code) die('need a relay URL and an invite code (or an invite link with both)');
    await publish(relay, sk, 28934, [['claim', code]], '');
    break;
  }
  case 'post':
    await publish(rest[0] ?? die('post <relay url> <text>'), sk, 1, [], rest[1] ?? 'hello');
    break;
  case 'read':
    await read(rest[0] ?? die('read <relay url> [kind]'), sk, rest[1]);
    break;
  case 'report': {
    const [url, id, type = 'spam', text = ''] = rest;
    if (!url || !/^[0-9a-f]{64}$/.test(id ?? '')) die('report <relay url> <event id> [type] [text]');
    // NIP-56: the reported event and, when we can read it, its author
    const relay = await open(url, sk);
    const target = await new Promise((resolve) => {
      let found = null;
      const sub = relay.subscribe([{ ids: [id] }], {
        onevent: (e) => {
          found = e;
        },
        oneose: () => {
          sub.close();
          resolve(found);
        },
        onclose: () => resolve(found),
      });
    });
    relay.close();
    const tags = [['e', id, type]];
    if (target) tags.push(['p', target.pubkey]);
    await publish(url, sk, 1984, tags, text);
    break;
  }
  case 'leave':
    await publish(rest[0] ?? die('leave <relay url>'), sk, 28936, [], '');
    break;
  default:
    die(
      "usage: node stack/member/cli.mjs --as <name|nsec> key | join | post | read | report | leave (see the file's header)",
    );
}
process.exit(process.exitCode ?? 0);
