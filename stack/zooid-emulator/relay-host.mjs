// Requests whose Host header selects one of the virtual relays.
//
//   OPTIONS *                         -> 204 (CORS preflight; browsers fetch NIP-11 cross-origin)
//   any request, relay inactive       -> 503 {"error": "relay is inactive"}
//   POST /  (application/nostr+json+rpc) -> NIP-86 (nip86.mjs)
//   GET  /  (Accept: application/nostr+json) -> NIP-11 relay information document
//   GET  /  (anything else)           -> 200 small JSON description of the relay
//   other paths -> 404, other methods on / -> 405, POST / with another Content-Type -> 415
//
// WebSocket traffic is not emulated (see server.mjs); the local stack has a real relay for that.

import { handleNip86 } from './nip86.mjs';
import { publicKeyOf } from './keys.mjs';
import { sendJson } from './http-util.mjs';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
};

const mediaType = (value) => String(value ?? '').split(';')[0].trim().toLowerCase();

/** NIP-11 document from the relay's config. */
export function relayInformation(config) {
  const info = config.info ?? {};
  const doc = {};
  for (const key of ['name', 'description', 'icon', 'pubkey']) if (info[key]) doc[key] = info[key];
  const self = publicKeyOf(config.secret);
  if (self) doc.self = self;
  doc.supported_nips = [11];
  if (config.groups?.enabled) doc.supported_nips.push(29);
  if (config.management?.enabled) doc.supported_nips.push(86);
  doc.software = 'caravel-zooid-emulator';
  doc.version = '0.1.0';
  return doc;
}

export async function handleRelayHost(ctx, req, res, pathname, relay, input) {
  const { config } = relay;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CORS, 'Content-Length': 0 });
    return res.end();
  }
  if (config.inactive === true) return sendJson(res, 503, { error: 'relay is inactive' }, 'application/json', CORS);
  if (pathname !== '/') return sendJson(res, 404, { error: 'not found' }, 'application/json', CORS);

  if (req.method === 'POST') {
    if (mediaType(req.headers['content-type']) !== 'application/nostr+json+rpc') {
      return sendJson(res, 415, { error: 'expected Content-Type application/nostr+json+rpc' }, 'application/json', CORS);
    }
    return handleNip86(ctx, req, res, relay, input, CORS);
  }

  if (req.method === 'GET' || req.method === 'HEAD') {
    const accept = String(req.headers.accept ?? '').toLowerCase();
    if (accept.includes('application/nostr+json')) {
      return sendJson(res, 200, relayInformation(config), 'application/nostr+json', CORS);
    }
    return sendJson(
      res,
      200,
      {
        message: 'zooid emulator virtual relay (development only); WebSocket is not served here',
        host: config.host,
        name: config.info?.name ?? '',
      },
      'application/json',
      CORS,
    );
  }

  return sendJson(res, 405, { error: 'method not allowed' }, 'application/json', CORS);
}
