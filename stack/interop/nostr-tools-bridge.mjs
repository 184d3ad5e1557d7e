// Test-only bridge: lets the Java test suite call nostr-tools (an independent Nostr implementation)
// over JSON lines on stdin/stdout: {"id":1,"op":"...","args":{...}} -> {"id":1,"result":...} or {"id":1,"error":"..."}.

import { createInterface } from 'node:readline';
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils';
import * as nip04 from 'nostr-tools/nip04';
import * as nip17 from 'nostr-tools/nip17';
import * as nip19 from 'nostr-tools/nip19';
import * as nip44 from 'nostr-tools/nip44';
import * as nip59 from 'nostr-tools/nip59';
import * as nip98 from 'nostr-tools/nip98';
import { finalizeEvent, getEventHash, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import WebSocket, { WebSocketServer } from 'ws';
import { challengeOf } from '../lib/nip42.mjs';

useWebSocketImplementation(WebSocket); // node 20 has no global WebSocket

// Connects to a relay; with a secret, authenticates (NIP-42) as that key once the relay's challenge arrived.
async function connectRelay(url, secret) {
  const relay = await Relay.connect(url);
  if (secret) {
    const sk = hexToBytes(secret);
    const deadline = Date.now() + 3000;
    while (!challengeOf(relay) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (challengeOf(relay)) await relay.auth(async (t) => finalizeEvent(t, sk));
  }
  return relay;
}

// Test-only fake relays with scripted behaviour (serve given raw events, optionally never send EOSE).
const fakeRelays = new Map();

const ops = {
  async nip98Token({ secret, url, method, payload }) {
    const sk = hexToBytes(secret);
    const token = await nip98.getToken(url, method, (e) => finalizeEvent(e, sk), true, payload ?? undefined);
    return { header: token, body: payload === undefined || payload === null ? null : JSON.stringify(payload) };
  },
  finalizeEvent({ secret, template }) {
    return finalizeEvent(template, hexToBytes(secret));
  },
  verifyEvent({ event }) {
    return verifyEvent(event);
  },
  getEventHash({ event }) {
    return getEventHash(event);
  },
  getPublicKey({ secret }) {
    return getPublicKey(hexToBytes(secret));
  },
  npubEncode({ pubkey }) {
    return nip19.npubEncode(pubkey);
  },
  nsecEncode({ secret }) {
    return nip19.nsecEncode(hexToBytes(secret));
  },
  decode({ value }) {
    const d = nip19.decode(value);
    return { type: d.type, data: d.data instanceof Uint8Array ? bytesToHex(d.data) : d.data };
  },
  // many events at once: [{id, valid}] per event, to keep random-event interop checks fast
  checkEvents({ events }) {
    return events.map((e) => ({ id: getEventHash(e), valid: verifyEvent({ ...e }) }));
  },
  signEvents({ secret, templates }) {
    const sk = hexToBytes(secret);
    return templates.map((t) => finalizeEvent({ ...t }, sk));
  },
  sha256Hex({ text }) {
    return bytesToHex(sha256(new TextEncoder().encode(text)));
  },

  // NIP-44 v2
  nip44ConversationKey({ secret, pubkey }) {
    return bytesToHex(nip44.v2.utils.getConversationKey(hexToBytes(secret), pubkey));
  },
  nip44Encrypt({ conversationKey, plaintext, nonce }) {
    return nip44.v2.encrypt(plaintext, hexToBytes(conversationKey), nonce ? hexToBytes(nonce) : undefined);
  },
  // returns the payload's sha256 instead of the payload (for large plaintexts)
  nip44EncryptRepeat({ conversationKey, pattern, repeat, nonce }) {
    const payload = nip44.v2.encrypt(pattern.repeat(repeat), hexToBytes(conversationKey), hexToBytes(nonce));
    return { payload, payloadSha256: bytesToHex(sha256(new TextEncoder().encode(payload))) };
  },
  nip44Decrypt({ conversationKey, payload }) {
    return nip44.v2.decrypt(payload, hexToBytes(conversationKey));
  },

  // NIP-04
  nip04Encrypt({ secret, pubkey, plaintext }) {
    return nip04.encrypt(hexToBytes(secret), pubkey, plaintext);
  },
  nip04Decrypt({ secret, pubkey, payload }) {
    return nip04.decrypt(hexToBytes(secret), pubkey, payload);
  },

  // NIP-17 / NIP-59
  nip17Wrap({ secret, recipient, message, subject }) {
    return nip17.wrapEvent(hexToBytes(secret), { publicKey: recipient }, message, subject);
  },
  // rumor inside a gift wrap; nostr-tools checks the seal's signature and that the rumor's author signed the seal
  nip17Unwrap({ secret, event }) {
    return nip17.unwrapEvent(event, hexToBytes(secret));
  },
  nip59Seal({ secret, rumor, recipient }) {
    return nip59.createSeal(rumor, hexToBytes(secret), recipient);
  },

  // Relays, through nostr-tools' own client
  async relayPublish({ url, event, secret }) {
    const relay = await connectRelay(url, secret);
    try {
      return { ok: true, message: await relay.publish(event) };
    } catch (e) {
      return { ok: false, message: String(e?.message ?? e) };
    } finally {
      relay.close();
    }
  },
  async relayQuery({ url, filters, secret, timeoutMs }) {
    const relay = await connectRelay(url, secret);
    try {
      return await new Promise((resolve, reject) => {
        const events = [];
        const timer = setTimeout(() => reject(new Error('no EOSE in time')), timeoutMs ?? 5000);
        const sub = relay.subscribe(filters, {
          onevent: (e) => events.push(e),
          oneose: () => {
            clearTimeout(timer);
            sub.close();
            resolve(events);
          },
          onclose: (reason) => {
            clearTimeout(timer);
            if (!sub.eosed) reject(new Error(`closed: ${reason}`));
          },
        });
      });
    } finally {
      relay.close();
    }
  },

  // A scripted relay: answers every REQ with `events` (sent as they are, valid or not) and then EOSE unless
  // noEose; answers EVENT with OK true unless noOk.
  async fakeRelayStart({ events, noEose, noOk }) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        let msg;
        try {
          msg = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (msg[0] === 'REQ') {
          for (const e of events ?? []) ws.send(JSON.stringify(['EVENT', msg[1], e]));
          if (!noEose) ws.send(JSON.stringify(['EOSE', msg[1]]));
        } else if (msg[0] === 'EVENT' && !noOk) {
          ws.send(JSON.stringify(['OK', msg[1].id, true, '']));
        }
      });
    });
    const url = `ws://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (wss.address()).port}`;
    fakeRelays.set(url, wss);
    return { url };
  },
  async fakeRelayStop({ url }) {
    const wss = fakeRelays.get(url);
    if (!wss) return false;
    fakeRelays.delete(url);
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    return true;
  },
};

// Other test modules can register more operations (e.g. NIP-44/59) by importing this file's `ops`.
export { ops };

const extra = process.env.BRIDGE_MODULES ? process.env.BRIDGE_MODULES.split(',') : [];
for (const m of extra) Object.assign(ops, (await import(m)).ops);

const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  try {
    const fn = ops[msg.op];
    if (!fn) throw new Error(`unknown op ${msg.op}`);
    const result = await fn(msg.args ?? {});
    process.stdout.write(`${JSON.stringify({ id: msg.id, result })}\n`);
  } catch (e) {
    process.stdout.write(`${JSON.stringify({ id: msg.id, error: String(e?.message ?? e) })}\n`);
  }
});
rl.on('close', () => process.exit(0));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
