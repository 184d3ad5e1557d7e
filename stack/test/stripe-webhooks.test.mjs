// Webhook delivery as Stripe does it: events go out in the order they happened, and one the endpoint refuses is
// retried on its own while the later ones go on (Stripe promises no order, and one failing event holds back nothing).

import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { Webhooks } from '../stripe-emulator/webhooks.mjs';

test('an event the endpoint refuses is retried while the events after it are delivered', async () => {
  const arrivals = [];
  let refusals = 2;
  const sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { type } = JSON.parse(body);
      arrivals.push(type);
      // the first event's handler cannot finish yet (as when it asks Stripe and Stripe does not answer): 503 twice
      if (type === 'customer.subscription.created' && refusals-- > 0) {
        res.statusCode = 503;
        res.end('{"error":"try again later"}');
      } else res.end('{}');
    });
  });
  await new Promise((ok) => sink.listen(0, '127.0.0.1', ok));
  try {
    const port = /** @type {import('node:net').AddressInfo} */ (sink.address()).port;
    const hooks = new Webhooks({ secret: 'whsec_test', url: `http://127.0.0.1:${port}/hook` });
    const first = hooks.emit('customer.subscription.created', { id: 'sub_1' });
    hooks.emit('checkout.session.completed', { id: 'cs_1' });
    hooks.emit('invoice.paid', { id: 'in_1' });
    await hooks.idle();
    // the later events went out right after the first refusal, not after the refused event's retries
    assert.deepEqual(arrivals.slice(0, 3), [
      'customer.subscription.created',
      'checkout.session.completed',
      'invoice.paid',
    ]);
    assert.deepEqual(arrivals.slice(3), ['customer.subscription.created', 'customer.subscription.created']);
    assert.deepEqual(
      first.deliveries.map((/** @type {{status: number}} */ d) => d.status),
      [503, 503, 200],
    );
  } finally {
    sink.closeAllConnections();
    sink.close();
  }
});
