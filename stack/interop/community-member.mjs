// Test-only operations for the Java suite (loaded into nostr-tools-bridge.mjs through BRIDGE_MODULES): a community
// member as a Nostr app runs it — nostr-tools' relay client over a real WebSocket to a relay the zooid emulator
// serves. Relay hosts are <subdomain>.localhost:<port>; Node does not resolve *.localhost, so sockets are opened on
// loopback while the URL (and so the Host header and the NIP-42 relay tag) stays the relay's own.

import { hexToBytes } from '@noble/hashes/utils';
import { AbstractRelay } from 'nostr-tools/abstract-relay';
import { finalizeEvent, verifyEvent } from 'nostr-tools/pure';
import { LoopbackWebSocketImpl, loopbackTo } from '../lib/loopback-websocket.mjs';
import { challengeOf } from '../lib/nip42.mjs';

/**
 * @param {string} url
 * @param {string | null} secret
 * @param {number} [port] the port to connect to when the URL's host carries none (a node behind its own port)
 */
async function open(url, secret, port) {
  const websocketImplementation = port ? loopbackTo(port) : LoopbackWebSocketImpl;
  const relay = new AbstractRelay(url, { verifyEvent, websocketImplementation });
  await relay.connect({ timeout: 5000 });
  if (secret) {
    const deadline = Date.now() + 5000;
    while (!challengeOf(relay)) {
      if (Date.now() > deadline) throw new Error('the relay sent no AUTH challenge');
      await new Promise((r) => setTimeout(r, 10));
    }
    await relay.auth(async (t) => finalizeEvent(t, hexToBytes(secret)));
  }
  return relay;
}

export const ops = {
  // One REQ: {events, closed} — closed is the relay's CLOSED reason, or null after EOSE.
  async memberQuery({ url, secret, filters, timeoutMs, port }) {
    const relay = await open(url, secret, port);
    try {
      return await new Promise((resolve, reject) => {
        const events = [];
        const timer = setTimeout(() => reject(new Error('query timed out')), timeoutMs ?? 5000);
        const sub = relay.subscribe(filters, {
          onevent: (e) => events.push(e),
          oneose: () => {
            clearTimeout(timer);
            sub.close();
            resolve({ events, closed: null });
          },
          onclose: (reason) => {
            clearTimeout(timer);
            resolve({ events, closed: reason });
          },
        });
      });
    } finally {
      relay.close();
    }
  },
  // Signs and publishes one event as `secret`: {ok, message, event}.
  async memberPublish({ url, secret, kind, tags, content, auth, port }) {
    const relay = await open(url, auth === false ? null : secret, port);
    const event = finalizeEvent(
      { kind, tags: tags ?? [], content: content ?? '', created_at: Math.floor(Date.now() / 1000) },
      hexToBytes(secret),
    );
    try {
      return { ok: true, message: await relay.publish(event), event };
    } catch (e) {
      return { ok: false, message: String(e?.message ?? e), event };
    } finally {
      relay.close();
    }
  },
};
