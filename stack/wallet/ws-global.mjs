// @getalby/sdk (and the nostr-tools bundled in it) read the global WebSocket when their module
// is evaluated. Node 20 has none, so this module must be imported before @getalby/sdk.
// Node >= 22 (and Bun) have a global WebSocket and keep it.

import WebSocket from 'ws';

// ws implements the WebSocket interface at run time, though its declared types differ from the DOM one.
if (typeof globalThis.WebSocket === 'undefined')
  globalThis.WebSocket = /** @type {typeof globalThis.WebSocket} */ (/** @type {unknown} */ (WebSocket));
