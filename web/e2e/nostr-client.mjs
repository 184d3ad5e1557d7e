// A Nostr client as a community member would run it (nostr-tools' relay client over real WebSockets), pointed at
// a relay that Caravel provisioned on the local stack's zooid. Relay hosts are <subdomain>.localhost:<port>;
// browsers resolve *.localhost to this machine, Node does not, so the socket is opened on loopback.
import WebSocket from "ws";
import { AbstractRelay } from "nostr-tools/abstract-relay";
import { finalizeEvent, verifyEvent } from "nostr-tools/pure";

class LoopbackWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, {
      lookup: (_host, options, cb) =>
        options?.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4),
    });
  }
}

/** Connects to a relay URL such as ws://team.localhost:3334. */
export async function connect(url) {
  const relay = new AbstractRelay(url, { verifyEvent, websocketImplementation: LoopbackWebSocket });
  await relay.connect({ timeout: 5000 });
  return relay;
}

/** NIP-42: answers the relay's challenge as `sk`. */
export async function authenticate(relay, sk) {
  const until = Date.now() + 5000;
  while (!relay.challenge) {
    if (Date.now() > until) throw new Error("the relay sent no AUTH challenge");
    await new Promise((r) => setTimeout(r, 10));
  }
  return relay.auth(async (template) => finalizeEvent(template, sk));
}

/** One REQ: {events, closed} where closed is the CLOSED reason, or null at EOSE. */
export function query(relay, filters, ms = 5000) {
  return new Promise((resolve, reject) => {
    const events = [];
    const timer = setTimeout(() => reject(new Error("query timed out")), ms);
    // closing the subscription at EOSE calls onclose too ("closed by caller"): the first outcome wins
    let settled = false;
    const settle = (closed) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ events, closed });
    };
    const sub = relay.subscribe(filters, {
      onevent: (e) => events.push(e),
      oneose: () => {
        settle(null);
        sub.close();
      },
      onclose: (reason) => settle(reason),
    });
  });
}

/** Publishes an event signed by `sk`: {ok, message}. */
export async function publish(relay, sk, kind, tags = [], content = "") {
  const event = finalizeEvent({ kind, tags, content, created_at: Math.floor(Date.now() / 1000) }, sk);
  try {
    return { ok: true, message: await relay.publish(event), event };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e), event };
  }
}
