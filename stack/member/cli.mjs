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
//
// It prints one readable line per outcome and, for any failure, one line on stderr with exit status 1 (words.mjs);
// --json prints the machine-readable lines instead ({"ok":true,"id":…}, one event per line), for scripts and tests.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';
import { AbstractRelay } from 'nostr-tools/abstract-relay';
import { decode, npubEncode, nsecEncode } from 'nostr-tools/nip19';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import WebSocket from 'ws';
import { challengeOf } from '../lib/nip42.mjs';
import { CliError, eventLine, explain, shortNpub } from './words.mjs';

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
const USAGE =
  "usage: node stack/member/cli.mjs --as <name|nsec> [--json] key | join | post | read | report | leave (see the file's header)";

function keyFor(name) {
  if (/^nsec1/.test(name)) {
    try {
      return /** @type {Uint8Array} */ (decode(/** @type {`nsec1${string}`} */ (name)).data);
    } catch {
      throw new CliError('--as: that nsec is not a valid secret key (check it was copied whole).');
    }
  }
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

/** A relay URL as given, or a clear error for anything else. */
function relayUrl(u) {
  if (!u) throw new CliError(`a relay URL is needed (ws://<subdomain>.localhost:<port>)\n${USAGE}`);
  let parsed;
  try {
    parsed = new URL(u);
  } catch {
    throw new CliError(`${u} is not a relay URL: it looks like ws://<subdomain>.localhost:<port>.`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    throw new CliError(`${u} is not a relay URL: it starts with ws:// or wss://.`);
  return u;
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
    if (Date.now() > until) {
      relay.close();
      throw new CliError(`${url} asked for no login (NIP-42 AUTH): is it a relay Caravel hosts?`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await relay.auth(async (t) => finalizeEvent(t, sk));
  return relay;
}

/** Publishes one event; `said` is the readable line for its success. */
async function publish(url, sk, kind, tags, content, said) {
  const relay = await open(url, sk);
  const event = finalizeEvent({ kind, tags, content, created_at: Math.floor(Date.now() / 1000) }, sk);
  try {
    await relay.publish(event);
    out({ ok: true, id: event.id }, said(event.id));
  } catch (e) {
    if (json) {
      console.log(JSON.stringify({ ok: false, message: String(/** @type {Error} */ (e)?.message ?? e) }));
      process.exitCode = 1;
    } else throw e;
  } finally {
    relay.close();
  }
}

async function read(url, sk, kind) {
  const relay = await open(url, sk);
  let count = 0;
  let done = false;
  /** @type {string | null} */
  let refused = null;
  await /** @type {Promise<void>} */ (
    new Promise((resolve) => {
      const sub = relay.subscribe([kind ? { kinds: [Number(kind)], limit: 50 } : { limit: 50 }], {
        onevent: (e) => {
          count++;
          const row = { id: e.id, kind: e.kind, author: npubEncode(e.pubkey), content: e.content };
          out(row, eventLine(row));
        },
        oneose: () => {
          done = true;
          sub.close();
          resolve();
        },
        onclose: (reason) => {
          // our own close after the stored events is no refusal
          if (reason && !done) refused = reason;
          resolve();
        },
      });
    })
  );
  relay.close();
  if (refused) {
    if (json) {
      console.log(JSON.stringify({ closed: refused }));
      process.exitCode = 1;
    } else throw new CliError(`The relay refused the read: ${refused}`);
  } else if (!json) console.log(count === 0 ? 'No events.' : `${count} event${count === 1 ? '' : 's'}.`);
}

/** One outcome: its JSON line with --json, else its sentence. */
function out(value, sentence) {
  console.log(json ? JSON.stringify(value) : sentence);
}

const args = process.argv.slice(2);
const asIdx = args.indexOf('--as');
const name = asIdx >= 0 ? args.splice(asIdx, 2)[1] : 'member';
const jsonIdx = args.indexOf('--json');
const json = jsonIdx >= 0 && args.splice(jsonIdx, 1).length === 1;
const [cmd, ...rest] = args;
const who = /^nsec1/.test(name ?? '') ? 'this key' : name;

/** @type {string | undefined} the relay the command talks to, for the error line */
let target;
try {
  if (!name) throw new CliError(`--as needs a name or an nsec\n${USAGE}`);
  const sk = keyFor(name);
  switch (cmd) {
    case 'key': {
      const npub = npubEncode(getPublicKey(sk));
      const nsec = nsecEncode(sk);
      out({ name, npub, nsec }, `${name}: ${npub}\nsecret key (to log in as ${name} in a Nostr app): ${nsec}`);
      break;
    }
    case 'join': {
      if (!rest[0]) throw new CliError(`join <relay url | invite link> [code]\n${USAGE}`);
      const { relay, code } = relayAndCode(rest[0], rest[1]);
      if (!relay || !code) throw new CliError('need a relay URL and an invite code (or an invite link with both)');
      target = relayUrl(relay);
      await publish(target, sk, 28934, [['claim', code]], '', () => `${who} joined ${target}.`);
      break;
    }
    case 'post':
      target = relayUrl(rest[0]);
      await publish(target, sk, 1, [], rest[1] ?? 'hello', (id) => `${who} posted to ${target}: event ${id}`);
      break;
    case 'read':
      target = relayUrl(rest[0]);
      await read(target, sk, rest[1]);
      break;
    case 'report': {
      const [url, id, type = 'spam', text = ''] = rest;
      target = relayUrl(url);
      if (!/^[0-9a-f]{64}$/.test(id ?? ''))
        throw new CliError('report <relay url> <event id> [type] [text]: the event id is 64 hex characters');
      // NIP-56: the reported event and, when we can read it, its author
      const relay = await open(target, sk);
      const found = await new Promise((resolve) => {
        let event = null;
        const sub = relay.subscribe([{ ids: [id] }], {
          onevent: (e) => {
            event = e;
          },
          oneose: () => {
            sub.close();
            resolve(event);
          },
          onclose: () => resolve(event),
        });
      });
      relay.close();
      const tags = [['e', id, type]];
      if (found) tags.push(['p', found.pubkey]);
      await publish(
        target,
        sk,
        1984,
        tags,
        text,
        () =>
          `${who} reported ${id.slice(0, 12)}… as ${type}${found ? ` (by ${shortNpub(npubEncode(found.pubkey))})` : ''}.`,
      );
      break;
    }
    case 'leave':
      target = relayUrl(rest[0]);
      await publish(target, sk, 28936, [], '', () => `${who} left ${target}.`);
      break;
    default:
      throw new CliError(cmd ? `unknown command "${cmd}"\n${USAGE}` : USAGE);
  }
} catch (e) {
  process.stderr.write(`member: ${explain(e, target)}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
