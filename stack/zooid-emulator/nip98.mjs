// NIP-98 HTTP auth, checked exactly in zooid's order and with zooid's semantics:
//
//   1. Authorization header present
//   2. scheme word "Nostr" (case-insensitive), separated from the token by one space
//   3. token is standard, padded base64
//   4. decoded bytes are a JSON Nostr event
//   5. kind == 27235
//   6. signature valid (nostr-tools verifyEvent: id hash + schnorr signature)
//   7. some "u" tag equals <scheme>://<Host><path>  (scheme "https" iff X-Forwarded-Proto
//      is exactly "https", since the emulator itself never speaks TLS; the path never
//      includes the query string)
//   8. some "method" tag equals the request method, case-insensitively
//
//   9. (newer line only, `maxSkewSeconds`) created_at within ±60 s of the emulator's clock
//
// The archived line checks no created_at, no payload hash and no event-id reuse; neither does this.
// Any failure is a 401 with a specific reason; the caller decides what to do with the pubkey.

import { validateEvent, verifyEvent } from 'nostr-tools/pure';

const BASE64_STD = /^[A-Za-z0-9+/]*={0,2}$/;

/** Scheme the request arrived with, as zooid computes it. */
export function requestScheme(req) {
  return req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
}

/** The URL a client must sign for this request: <scheme>://<Host><path>, no query. */
export function expectedUrl(req, path) {
  return `${requestScheme(req)}://${req.headers.host ?? ''}${path}`;
}

/**
 * Validate the request's NIP-98 header.
 * @param {import('node:http').IncomingMessage} req
 * @param {string[]} urls accepted values for the "u" tag (usually exactly one)
 * @param {{ maxSkewSeconds?: number|null }} [options]
 * @returns {{ok: true, pubkey: string, event: object} | {ok: false, error: string}}
 */
export function checkNip98(req, urls, { maxSkewSeconds = null } = {}) {
  const header = req.headers.authorization;
  if (!header) return fail('missing authorization header');

  const space = header.indexOf(' ');
  if (space === -1 || header.slice(0, space).toLowerCase() !== 'nostr') {
    return fail('invalid authorization header format');
  }
  const token = header.slice(space + 1);

  if (token.length % 4 !== 0 || !BASE64_STD.test(token)) {
    return fail('invalid base64 encoding');
  }
  const json = Buffer.from(token, 'base64').toString('utf8');

  let event;
  try {
    event = JSON.parse(json);
  } catch (e) {
    return fail(`invalid event json: ${e.message}`);
  }
  if (!validateEvent(event) || typeof event.id !== 'string' || typeof event.sig !== 'string') {
    return fail('invalid event json: not a well-formed nostr event');
  }

  if (event.kind !== 27235) return fail(`invalid event kind: expected 27235, got ${event.kind}`);

  if (!verifyEvent(event)) return fail('invalid event signature');

  let hasUrl = false;
  let hasMethod = false;
  for (const tag of event.tags) {
    if (tag.length < 2) continue;
    if (tag[0] === 'u' && urls.includes(tag[1])) hasUrl = true;
    if (tag[0] === 'method' && tag[1].toUpperCase() === req.method?.toUpperCase()) hasMethod = true;
  }
  if (!hasUrl) return fail('event missing or invalid u tag');
  if (!hasMethod) return fail('event missing or invalid method tag');
  if (maxSkewSeconds !== null && Math.abs(event.created_at - Math.floor(Date.now() / 1000)) > maxSkewSeconds) {
    return fail('event created_at is too far from the current time');
  }

  return { ok: true, pubkey: event.pubkey.toLowerCase(), event };
}

/** @param {string} error @returns {{ ok: false, error: string }} */
function fail(error) {
  return { ok: false, error };
}
