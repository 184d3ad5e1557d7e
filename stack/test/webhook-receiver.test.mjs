import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startWebhookReceiver } from '../webhook-receiver/server.mjs';
import { verifyWebhook } from '../webhook-receiver/verify.mjs';

const secret = 'whsec_test-secret';
const sign = (id, ts, body, key = secret) =>
  `v1=${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('hex')}`;

/** @type {import('node:http').Server} */
let server;
let base = '';

before(async () => {
  server = await startWebhookReceiver({ port: 0 });
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  await fetch(`${base}/control/secret`, { method: 'POST', body: JSON.stringify({ name: 'a', secret }) });
});

after(() => server.close());

const post = (id, ts, body, signature) =>
  fetch(`${base}/hooks/a`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'caravel-webhook-id': id,
      'caravel-webhook-timestamp': String(ts),
      'caravel-webhook-signature': signature,
    },
    body,
  });

test('verifyWebhook: a signed fresh delivery passes; a forged, tampered or old one does not', () => {
  const now = 1_800_000_000;
  const body = '{"type":"member.joined"}';
  const good = { secret, id: 'd1', timestamp: String(now), signature: sign('d1', now, body), body, now };
  assert.deepEqual(verifyWebhook(good), { ok: true });
  assert.equal(verifyWebhook({ ...good, signature: sign('d1', now, body, 'whsec_other') }).ok, false);
  assert.equal(verifyWebhook({ ...good, body: '{"type":"member.left"}' }).ok, false);
  assert.equal(verifyWebhook({ ...good, id: 'd2' }).ok, false);
  assert.equal(verifyWebhook({ ...good, now: now + 301 }).ok, false);
  assert.equal(verifyWebhook({ ...good, signature: undefined }).ok, false);
  // a rotation's header may carry two: any that matches
  assert.equal(verifyWebhook({ ...good, signature: `v1=00 ${sign('d1', now, body)}` }).ok, true);
});

test('the receiver refuses a forged and a replayed (old) delivery, and flags a repeated id', async () => {
  const now = Math.floor(Date.now() / 1000);
  const body = '{"id":"e1","type":"member.joined"}';
  assert.equal((await post('d1', now, body, sign('d1', now, body))).status, 200);
  assert.equal((await post('d2', now, body, sign('d2', now, body, 'whsec_forger'))).status, 400);
  assert.equal((await post('d3', now - 3600, body, sign('d3', now - 3600, body))).status, 400);
  const again = await post('d1', now, body, sign('d1', now, body));
  assert.deepEqual(await again.json(), { received: true, duplicate: true });
  const got = await (await fetch(`${base}/control/received?name=a&count=4&wait_ms=1000`)).json();
  assert.deepEqual(
    got.received.map((r) => [r.id, r.verified, r.refused, r.duplicate]),
    [
      ['d1', true, null, false],
      ['d2', false, 'signature does not match', false],
      ['d3', false, 'timestamp outside the tolerance', false],
      ['d1', true, null, true],
    ],
  );
});

test('an answer set by the test (a redirect) is answered as set', async () => {
  await fetch(`${base}/control/answer`, {
    method: 'POST',
    body: JSON.stringify({ name: 'r', status: 302, location: 'http://169.254.169.254/' }),
  });
  const res = await fetch(`${base}/hooks/r`, { method: 'POST', body: '{}', redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), 'http://169.254.169.254/');
});
