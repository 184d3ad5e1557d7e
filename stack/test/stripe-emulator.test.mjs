// The Stripe emulator speaks Stripe's wire format: form-encoded requests, Stripe's ids and error objects, Idempotency-Key
// replays, and webhooks whose signatures the official stripe package verifies.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import Stripe from 'stripe';
import { parseForm } from '../stripe-emulator/form.mjs';
import { startStripeEmulator } from '../stripe-emulator/server.mjs';

let e, sink, received;
const verifier = new Stripe('sk_test_verifier');

before(async () => {
  received = [];
  sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ body, signature: req.headers['stripe-signature'] });
      res.end('{}');
    });
  });
  await new Promise((ok) => sink.listen(0, '127.0.0.1', ok));
  const sinkPort = /** @type {import('node:net').AddressInfo} */ (sink.address()).port;
  e = await startStripeEmulator({ webhookUrl: `http://127.0.0.1:${sinkPort}/hook` });
});

after(async () => {
  await e.close();
  sink.closeAllConnections();
  sink.close();
});

/**
 * @param {string} method
 * @param {string} path
 * @param {Record<string, string>} [params]
 * @param {{ key?: string, idempotencyKey?: string }} [o]
 * @returns {Promise<{ status: number, json: any, headers: Headers }>}
 */
async function api(method, path, params, { key = e.secretKey, idempotencyKey } = {}) {
  const body = params ? new URLSearchParams(params).toString() : undefined;
  const res = await fetch(`${e.url}${path}${method === 'GET' && body ? `?${body}` : ''}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: method === 'GET' ? undefined : body,
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

test('bracketed form keys become nested objects and lists', () => {
  assert.deepEqual(
    parseForm('items[0][id]=si_1&items[0][quantity]=2&items[1][price]=p&metadata[tenant]=ab&expand[]=x'),
    {
      items: [{ id: 'si_1', quantity: '2' }, { price: 'p' }],
      metadata: { tenant: 'ab' },
      expand: ['x'],
    },
  );
});

test('the API key is required and errors are Stripe error objects', async () => {
  const noKey = await api('POST', '/v1/customers', {}, { key: 'sk_test_wrong' });
  assert.equal(noKey.status, 401);
  assert.equal(noKey.json.error.type, 'invalid_request_error');
  const missing = await api('GET', '/v1/subscriptions/sub_nope');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'resource_missing');
  const unknown = await api('GET', '/v1/charges');
  assert.equal(unknown.status, 404);
});

test('a price is read back with its amount and currency, as the account page needs it before Checkout', async () => {
  const price = await api('GET', `/v1/prices/${e.priceBasic}`);
  assert.equal(price.status, 200);
  assert.equal(price.json.object, 'price');
  assert.equal(price.json.id, e.priceBasic);
  assert.equal(typeof price.json.unit_amount, 'number');
  assert.equal(price.json.currency, 'usd');
  assert.equal((await api('GET', '/v1/prices/price_nope')).status, 404);
});

test('an Idempotency-Key replays the first answer, and refuses other parameters', async () => {
  const a = await api('POST', '/v1/customers', { description: 'one' }, { idempotencyKey: 'k1' });
  const b = await api('POST', '/v1/customers', { description: 'one' }, { idempotencyKey: 'k1' });
  assert.match(a.json.id, /^cus_/);
  assert.equal(b.json.id, a.json.id);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  const c = await api('POST', '/v1/customers', { description: 'two' }, { idempotencyKey: 'k1' });
  assert.equal(c.status, 400);
  assert.equal(c.json.error.type, 'idempotency_error');
});

test('checkout: the declined card stays on the page, the good card subscribes, webhooks verify with stripe', async () => {
  const cus = (await api('POST', '/v1/customers', {})).json;
  const s = await api('POST', '/v1/checkout/sessions', {
    mode: 'subscription',
    customer: cus.id,
    success_url: 'http://app/ok',
    cancel_url: 'http://app/no',
    'line_items[0][price]': e.priceBasic,
    'line_items[0][quantity]': '2',
    'subscription_data[metadata][tenant]': 't',
  });
  assert.equal(s.status, 200);
  assert.match(s.json.id, /^cs_test_/);
  const post = (card) =>
    fetch(s.json.url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `card=${card}`,
    });
  const declined = await post('4000000000000002');
  assert.equal(declined.status, 402);
  assert.match(await declined.text(), /Your card was declined/);
  const paid = await post('4242 4242 4242 4242');
  assert.equal(paid.status, 303);
  assert.equal(paid.headers.get('location'), 'http://app/ok');
  await e.hooks.idle();
  const types = received.map((r) => JSON.parse(r.body).type);
  for (const t of ['customer.subscription.created', 'invoice.paid', 'checkout.session.completed'])
    assert.ok(types.includes(t), t);
  for (const r of received) {
    const ev = verifier.webhooks.constructEvent(r.body, r.signature, e.webhookSecret);
    assert.match(ev.id, /^evt_/);
    assert.equal(ev.api_version, '2026-07-29.dahlia');
  }
  assert.throws(() => verifier.webhooks.constructEvent(received[0].body, received[0].signature, 'whsec_other'));
  const sub = e.model.customerSubscriptions(cus.id)[0];
  assert.equal(sub.items.data[0].quantity, 2);
  assert.match(sub.items.data[0].id, /^si_/);
});

test('quantity changes prorate; error_if_incomplete with a failing card changes nothing', async () => {
  const cus = (await api('POST', '/v1/customers', {})).json;
  const s = (
    await api('POST', '/v1/checkout/sessions', {
      mode: 'subscription',
      customer: cus.id,
      success_url: 'http://app/ok',
      'line_items[0][price]': e.priceBasic,
      'line_items[0][quantity]': '1',
    })
  ).json;
  const sub = e.model.completeCheckout(s.id, '4242424242424242').subscription;
  const item = e.model.subscription(sub).items.data[0].id;
  const up = await api('POST', `/v1/subscriptions/${sub}`, {
    'items[0][id]': item,
    'items[0][quantity]': '3',
    proration_behavior: 'always_invoice',
    payment_behavior: 'error_if_incomplete',
  });
  assert.equal(up.status, 200);
  const inv = (await api('GET', `/v1/invoices/${up.json.latest_invoice}`)).json;
  assert.equal(inv.billing_reason, 'subscription_update');
  assert.equal(inv.status, 'paid');
  assert.ok(inv.amount_due > 1700 && inv.amount_due <= 1800, String(inv.amount_due));
  e.model.setCard(cus.id, '4000000000000341');
  const refused = await api('POST', `/v1/subscriptions/${sub}`, {
    'items[0][id]': item,
    'items[0][quantity]': '4',
    proration_behavior: 'always_invoice',
    payment_behavior: 'error_if_incomplete',
  });
  assert.equal(refused.status, 402);
  assert.equal(refused.json.error.code, 'card_declined');
  assert.equal(e.model.subscription(sub).items.data[0].quantity, 3);
});

test('a payment-mode Checkout charges ad-hoc line items once, as Stripe does', async () => {
  const customer = (await api('POST', '/v1/customers', { 'metadata[tenant]': 'ab' })).json.id;
  const lines = {
    mode: 'payment',
    customer,
    success_url: 'https://app.example/back',
    'metadata[invoice]': 'inv1',
    'line_items[0][quantity]': '1',
    'line_items[0][price_data][currency]': 'usd',
    'line_items[0][price_data][product_data][name]': 'Invoice inv1',
  };
  const missing = await api('POST', '/v1/checkout/sessions', lines);
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.param, 'line_items[0][price_data][unit_amount]');
  const tooSmall = await api('POST', '/v1/checkout/sessions', {
    ...lines,
    'line_items[0][price_data][unit_amount]': '49',
  });
  assert.equal(tooSmall.status, 400);
  const s = (await api('POST', '/v1/checkout/sessions', { ...lines, 'line_items[0][price_data][unit_amount]': '1000' }))
    .json;
  assert.equal(s.mode, 'payment');
  assert.equal(s.status, 'open');
  assert.equal(s.payment_status, 'unpaid');
  assert.equal(s.amount_total, 1000);
  assert.equal(s.currency, 'usd');
  assert.equal(s.metadata.invoice, 'inv1');
  // a refused card leaves it open; a good one completes it with a payment intent and no subscription
  const refused = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'card=4000000000000002',
    redirect: 'manual',
  });
  assert.equal(refused.status, 402);
  const paid = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'card=4242424242424242',
    redirect: 'manual',
  });
  assert.equal(paid.status, 303);
  assert.equal(paid.headers.get('location'), 'https://app.example/back');
  const now = (await api('GET', `/v1/checkout/sessions/${s.id}`)).json;
  assert.equal(now.status, 'complete');
  assert.equal(now.payment_status, 'paid');
  assert.match(now.payment_intent, /^pi_/);
  assert.equal(now.subscription, null);
  const again = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'card=4242424242424242',
    redirect: 'manual',
  });
  assert.notEqual(again.status, 303, 'a completed session cannot be paid twice');
});

test('the customer portal opens for a customer with no card and no subscription', async () => {
  const customer = (await api('POST', '/v1/customers', {})).json.id;
  const p = await api('POST', '/v1/billing_portal/sessions', { customer, return_url: 'https://app.example/back' });
  assert.equal(p.status, 200);
  assert.equal(p.json.return_url, 'https://app.example/back');
  const page = await fetch(p.json.url);
  assert.equal(page.status, 200);
});
