// @getalby/sdk (and the nostr-tools bundled in it) read the global WebSocket when their module
// is evaluated. Node 20 has none, so this module must be imported before @getalby/sdk.
// Node >= 22 (and Bun) have a global WebSocket and keep it.

import WebSocket from 'ws';

if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;
