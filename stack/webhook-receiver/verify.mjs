// How a receiver checks a Caravel webhook (docs/webhooks.md): the signature is "v1=" and the hex HMAC-SHA256, keyed
// with the endpoint's secret, of `${id}.${timestamp}.${body}` (the raw body, byte for byte); a timestamp further than
// the tolerance from now is refused, so a captured delivery sent again later is refused even though it is signed.
// Written from the documented scheme only (not from the backend's code): the stack's receiver and tests check
// Caravel's deliveries with it as an independent implementation would.

import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOLERANCE_SECONDS = 300;

/**
 * @param {{secret: string, id: string | undefined, timestamp: string | undefined, signature: string | undefined,
 *   body: string, now?: number, toleranceSeconds?: number}} o  `now` in epoch seconds
 * @returns {{ok: true} | {ok: false, reason: string}}
 */
export function verifyWebhook({ secret, id, timestamp, signature, body, now, toleranceSeconds = TOLERANCE_SECONDS }) {
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing Caravel-Webhook-* headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'timestamp is not a number' };
  const at = Number(timestamp);
  const current = now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(current - at) > toleranceSeconds) return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('hex');
  // the header may carry several signatures (a rotation): any one that matches will do
  const given = signature
    .split(/[ ,]+/)
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3));
  const match = given.some(
    (g) => g.length === expected.length && timingSafeEqual(Buffer.from(g, 'utf8'), Buffer.from(expected, 'utf8')),
  );
  return match ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
