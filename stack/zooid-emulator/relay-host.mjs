// Plain HTTP requests whose Host header selects a served virtual relay (WebSocket upgrades go
// to virtual-relay.mjs). Like the relay library zooid uses:
//
//   Accept exactly application/nostr+json                           -> NIP-11 document
//   POST, any path, Content-Type exactly application/nostr+json+rpc -> NIP-86 (nip86.mjs)
//   OPTIONS                                                         -> 204 with CORS headers
//   GET /                                                           -> a small HTML page
//   Blossom paths, when the relay has media                         -> blossom.mjs
//   anything else                                                   -> plain-text 404

import { handleBlossom } from './blossom.mjs';
import { relayBaseUrl } from './hosts.mjs';
import { sendJson, sendText } from './http-util.mjs';
import { handleNip86 } from './nip86.mjs';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
};

/**
 * NIP-11 document of a loaded relay (zooid's fields; string entries are zooid's own additions). A relative icon is
 * resolved against the relay's base URL (hosts.mjs: a custom domain's through a proxy), as the relay library does.
 */
export function relayInformation(config, self, baseUrl = '') {
  const info = config.info ?? {};
  const nips = [1, 11, 40, 42, 70, 86, '43'];
  if (config.groups?.enabled === true) nips.push('29');
  if (config.blossom?.enabled === true) nips.push('BUD-00', 'BUD-01', 'BUD-02', 'BUD-11');
  if (config.push?.enabled === true) nips.push('9a');
  return {
    name: info.name ?? '',
    description: info.description ?? '',
    pubkey: (info.pubkey ?? '').toLowerCase(),
    self,
    icon: absolute(info.icon ?? '', baseUrl),
    software: 'https://github.com/coracle-social/zooid',
    version: 'v0.1.0',
    supported_nips: nips,
  };
}

function absolute(link, baseUrl) {
  if (!link || !baseUrl || link.startsWith('http://') || link.startsWith('https://')) return link;
  return `${baseUrl.replace(/\/$/, '')}/${link.replace(/^\//, '')}`;
}

export async function handleRelayHost(ctx, req, res, pathname, vr, input) {
  if (req.headers.accept === 'application/nostr+json') {
    return sendJson(res, 200, relayInformation(vr.config, vr.self, relayBaseUrl(req)), 'application/nostr+json', CORS);
  }
  if (req.method === 'POST' && req.headers['content-type'] === 'application/nostr+json+rpc') {
    return handleNip86(ctx, req, res, vr, input);
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CORS, 'Content-Length': 0 });
    return res.end();
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && pathname === '/') {
    const name = String(vr.config.info?.name ?? '').replace(/[<>&"]/g, '');
    const html = `<!doctype html><title>${name}</title><p>${name}: a Nostr relay (zooid emulator, development only). Connect with a WebSocket.</p>\n`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
    return res.end(req.method === 'HEAD' ? undefined : html);
  }
  if (await handleBlossom(req, res, pathname, vr, input, ctx)) return;
  return sendText(res, 404, '404 page not found\n');
}
