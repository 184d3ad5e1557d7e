// One relay connection of the development bunker: connects (nostr-tools Relay over `ws`), keeps one
// subscription open, reconnects with a short backoff when the connection drops, and publishes events.
// Development/test use only.

import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { normalizeURL } from 'nostr-tools/utils';
import WebSocket from 'ws';

useWebSocketImplementation(WebSocket); // node 20 has no global WebSocket

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function normalizeRelay(url) {
  if (typeof url !== 'string' || !/^wss?:\/\/[^\s]+$/i.test(url.trim()))
    throw new Error(`not a ws:// or wss:// relay URL: ${url}`);
  return normalizeURL(url.trim());
}

export class RelayLink {
  /**
   * @param {string} url
   * @param {() => object} filter the subscription filter, asked at each (re)subscription
   * @param {(event: object, url: string) => void} onEvent
   * @param {(msg: string) => void} log
   */
  constructor(url, filter, onEvent, log) {
    this.url = normalizeRelay(url);
    this.filter = filter;
    this.onEvent = onEvent;
    this.log = log;
    /** @type {Relay | null} the connected relay, null while (re)connecting */
    this.relay = null;
    this.closed = false;
    this.waiters = [];
    this.failures = 0;
    this.loop = this.run();
  }

  get connected() {
    return !!this.relay?.connected;
  }

  async run() {
    while (!this.closed) {
      const relay = new Relay(this.url);
      relay.onnotice = (m) => this.log(`notice from ${this.url}: ${m}`);
      try {
        await relay.connect({ timeout: 5000 });
      } catch (e) {
        this.failures++;
        if (this.failures === 1 || this.failures % 20 === 0)
          this.log(`cannot connect to ${this.url}: ${e?.message ?? e}; retrying`);
        await sleep(Math.min(250 * 2 ** Math.min(this.failures, 4), 4000));
        continue;
      }
      if (this.closed) {
        relay.close();
        break;
      }
      if (this.failures > 0) this.log(`connected to ${this.url}`);
      this.failures = 0;
      const gone = /** @type {Promise<void>} */ (
        new Promise((resolve) => {
          relay.onclose = resolve;
        })
      );
      relay.subscribe([this.filter()], {
        onevent: (ev) => this.onEvent(ev, this.url),
        onclose: (reason) => {
          if (!this.closed && reason) this.log(`subscription on ${this.url} closed: ${reason}`);
        },
      });
      this.relay = relay;
      for (const w of this.waiters.splice(0)) w();
      await gone;
      this.relay = null;
      if (this.closed) break;
      this.log(`lost ${this.url}; reconnecting`);
      await sleep(250);
    }
  }

  /** Resolves once the link is connected and subscribed; rejects after timeoutMs. */
  ready(timeoutMs = 5000) {
    if (this.connected) return Promise.resolve();
    return /** @type {Promise<void>} */ (
      new Promise((resolve, reject) => {
        const t = setTimeout(() => {
          const i = this.waiters.indexOf(done);
          if (i !== -1) this.waiters.splice(i, 1);
          reject(new Error(`relay ${this.url} is not reachable`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(t);
          resolve();
        };
        this.waiters.push(done);
      })
    );
  }

  /** Publishes one event; resolves with the relay's OK message, rejects on refusal or no connection. */
  async publish(event, timeoutMs = 5000) {
    await this.ready(timeoutMs);
    return /** @type {Relay} */ (this.relay).publish(event); // ready() resolved: connected
  }

  close() {
    this.closed = true;
    try {
      this.relay?.close();
    } catch {
      /* already closed */
    }
  }
}
