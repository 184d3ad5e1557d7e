// Relay hosts in the stack are <subdomain>.localhost:<port>, which Node does not resolve: this socket connects
// to 127.0.0.1 while the URL (and so the Host header and the NIP-42 relay tag) stays the relay's own.
import net from 'node:net';
import WebSocket from 'ws';

/** `ws` WebSocket that connects to 127.0.0.1 whatever the URL's host name (*.localhost). */
export class LoopbackWebSocket extends WebSocket {
  /**
   * @param {string | URL} url
   * @param {string | string[]} [protocols]
   */
  constructor(url, protocols) {
    super(url, protocols, {
      lookup: (_hostname, options, cb) =>
        options?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4),
    });
  }
}

/**
 * The same class as nostr-tools' `websocketImplementation` option types it (the DOM WebSocket constructor), which
 * `ws` implements at run time though its declared types differ.
 */
export const LoopbackWebSocketImpl = /** @type {typeof globalThis.WebSocket} */ (
  /** @type {unknown} */ (LoopbackWebSocket)
);

/**
 * A `LoopbackWebSocket` that always connects to 127.0.0.1:`port`, whatever the URL's port: for a relay whose host has
 * no port (zooid matches the Host header exactly, port included) behind a node listening on a port of its own, as a
 * proxy in front of several zooid nodes would route it.
 * @param {number} port
 */
export function loopbackTo(port) {
  class ToPort extends WebSocket {
    /**
     * @param {string | URL} url
     * @param {string | string[]} [protocols]
     */
    constructor(url, protocols) {
      super(url, protocols, { createConnection: () => net.connect({ host: '127.0.0.1', port }) });
    }
  }
  return /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (ToPort));
}
