#!/usr/bin/env node
// Stripe API emulator — DEVELOPMENT AND TESTS ONLY. Serves exactly the Stripe endpoints Caravel calls, in Stripe's
// wire format (form-encoded requests, JSON objects with Stripe's ids and shapes, Stripe's error objects,
// Idempotency-Key replays), the hosted Checkout, portal and invoice pages, and signed webhooks. A control interface
// under /control lets tests move time, fail cards and re-deliver events. Prints one ready line on stdout:
//   {"ready":true,"port":N,"url":...,"secret_key":...,"webhook_secret":...,"price_basic":...,"price_growth":...}
//
// Env: PORT (0 = random), HOST (127.0.0.1), STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET (generated when unset),
//      WEBHOOK_URL (where events go; also settable at POST /control/webhook), PRICE_BASIC_CENTS, PRICE_GROWTH_CENTS,
//      STATE_FILE (keeps keys, prices and objects across restarts; in memory only when unset)

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { noSuch, StripeError } from './errors.mjs';
import { parseForm } from './form.mjs';
import { StripeModel } from './model.mjs';
import { checkoutPage, invoicePage, portalPage } from './pages.mjs';
import { Webhooks } from './webhooks.mjs';

const MAX_BODY = 256 * 1024;

/**
 * @param {object} [o]
 * @param {number} [o.port]
 * @param {string} [o.host]
 * @param {string} [o.secretKey] generated (or kept in the state file) when absent
 * @param {string} [o.webhookSecret] generated (or kept in the state file) when absent
 * @param {string | null} [o.webhookUrl] where webhooks go; none are sent while null
 * @param {number} [o.basicCents]
 * @param {number} [o.growthCents]
 * @param {(message: string) => void} [o.say]
 * @param {string | null} [o.stateFile]
 */
export async function startStripeEmulator({
  port = 0,
  host = '127.0.0.1',
  secretKey,
  webhookSecret,
  webhookUrl = null,
  basicCents = 900,
  growthCents = 2900,
  say = () => {},
  stateFile = null,
} = {}) {
  // a state file keeps keys, prices and objects across restarts (the backend's database still points at them)
  let saved = null;
  if (stateFile && fs.existsSync(stateFile)) {
    try {
      saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    } catch (e) {
      say(`ignoring unreadable state file ${stateFile}: ${e.message}`);
    }
  }
  secretKey ??= saved?.secretKey;
  webhookSecret ??= saved?.webhookSecret;
  secretKey ??= `sk_test_${crypto.randomBytes(18).toString('hex')}`;
  webhookSecret ??= `whsec_${crypto.randomBytes(24).toString('base64url')}`;
  const hooks = new Webhooks({ secret: webhookSecret, url: webhookUrl, say });
  const prices = [
    {
      id: `price_basic_${crypto.randomBytes(6).toString('hex')}`,
      nickname: 'Caravel Basic',
      unit_amount: basicCents,
      currency: 'usd',
    },
    {
      id: `price_growth_${crypto.randomBytes(6).toString('hex')}`,
      nickname: 'Caravel Growth',
      unit_amount: growthCents,
      currency: 'usd',
    },
  ];
  let model;
  const idempotency = new Map(); // key → {fingerprint, status, body}
  const requests = []; // method + path of every API call (tests check which calls Caravel made)

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (e instanceof StripeError) return json(res, e.status, e.body);
      say(`error: ${e.stack ?? e}`);
      json(res, 500, { error: { type: 'api_error', message: 'An unknown error occurred in the emulator.' } });
    });
  });

  function json(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'request-id': `req_${crypto.randomBytes(8).toString('hex')}`,
      'stripe-version': '2026-07-29.dahlia',
      ...headers,
    });
    res.end(text);
  }

  function html(res, status, text) {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  }

  function redirect(res, to) {
    res.writeHead(303, { location: to });
    res.end();
  }

  function readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(new StripeError(413, 'invalid_request_error', 'Request body too large.'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  /** The API key, as Stripe takes it: "Authorization: Bearer sk_…" (or HTTP Basic with the key as user). */
  function authorized(req) {
    const a = req.headers.authorization ?? '';
    if (a.startsWith('Bearer ')) return a.slice(7).trim() === secretKey;
    if (a.startsWith('Basic ')) return Buffer.from(a.slice(6), 'base64').toString('utf8').split(':')[0] === secretKey;
    return false;
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname;
    if (path.startsWith('/v1/')) return api(req, res, url);
    if (path.startsWith('/control/')) return control(req, res, url);
    const body = req.method === 'POST' ? parseForm(await readBody(req)) : {};
    const checkout = path.match(/^\/checkout\/([\w]+)$/);
    if (checkout) {
      const s = model.sessions.get(checkout[1]);
      if (!s) return html(res, 404, 'No such checkout session');
      if (req.method === 'GET') return html(res, 200, checkoutPage(model, s));
      try {
        model.completeCheckout(s.id, body.card);
      } catch (e) {
        if (e instanceof StripeError) return html(res, 402, checkoutPage(model, s, e.body.error.message));
        throw e;
      }
      return redirect(res, s.success_url.replace('{CHECKOUT_SESSION_ID}', s.id));
    }
    const portal = path.match(/^\/portal\/([\w]+)(?:\/(cancel|renew|card))?$/);
    if (portal) {
      const p = model.portals.get(portal[1]);
      if (!p) return html(res, 404, 'No such portal session');
      if (req.method === 'GET') return html(res, 200, portalPage(model, p));
      let message;
      try {
        if (portal[2] === 'card') {
          model.setCard(p.customer, body.card);
          message = 'Card updated.';
        } else {
          const sub = model.subscription(body.subscription);
          if (sub.customer !== p.customer) throw noSuch('subscription', body.subscription);
          model.updateSubscription(sub.id, {
            cancel_at_period_end: portal[2] === 'cancel' ? 'true' : 'false',
            proration_behavior: 'none',
          });
          message =
            portal[2] === 'cancel'
              ? 'Your subscription will be canceled at the end of the period.'
              : 'Your subscription continues.';
        }
      } catch (e) {
        if (e instanceof StripeError) message = e.body.error.message;
        else throw e;
      }
      return html(res, 200, portalPage(model, p, message));
    }
    const invoice = path.match(/^\/invoice\/([\w]+)(\/pay)?$/);
    if (invoice) {
      const inv = model.invoices.get(invoice[1]);
      if (!inv) return html(res, 404, 'No such invoice');
      if (req.method === 'GET') return html(res, 200, invoicePage(inv));
      try {
        model.retryInvoice(inv.id, body.card);
      } catch (e) {
        if (e instanceof StripeError) return html(res, 402, invoicePage(inv, e.body.error.message));
        throw e;
      }
      return html(res, 200, invoicePage(inv, inv.status === 'paid' ? null : 'Your card was declined.'));
    }
    html(res, 404, 'not found');
  }

  // ---- the API ----

  async function api(req, res, url) {
    if (!authorized(req))
      return json(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
    const raw = req.method === 'GET' || req.method === 'DELETE' ? url.searchParams.toString() : await readBody(req);
    let params;
    try {
      params = parseForm(raw);
    } catch (e) {
      throw new StripeError(400, 'invalid_request_error', e.message);
    }
    const key = req.headers['idempotency-key'];
    const fingerprint = `${req.method} ${url.pathname} ${raw}`;
    if (key && req.method === 'POST') {
      const seen = idempotency.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint)
          return json(res, 400, {
            error: {
              type: 'idempotency_error',
              message:
                'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            },
          });
        return json(res, seen.status, seen.body, { 'idempotent-replayed': 'true' });
      }
    }
    requests.push({ method: req.method, path: url.pathname.replace(/\/(cus|sub|in|cs_test|si)_\w+/g, '/:id') });
    let status = 200,
      body;
    try {
      body = route(req.method, url.pathname, params);
    } catch (e) {
      if (!(e instanceof StripeError)) throw e;
      status = e.status;
      body = e.body;
    }
    if (key && req.method === 'POST') idempotency.set(key, { fingerprint, status, body: structuredClone(body) });
    json(res, status, body, key ? { 'idempotency-key': key } : {});
  }

  // [method, path pattern, handler(params, id)]: the first row whose method and pattern match answers.
  /** @type {Array<[string, RegExp, (params: any, id: string) => any]>} */
  const API_ROUTES = [
    ['POST', /^\/v1\/customers$/, (p) => model.createCustomer(p)],
    ['GET', /^\/v1\/customers\/([\w]+)$/, (_p, id) => model.get(model.customers, 'customer', id)],
    ['POST', /^\/v1\/checkout\/sessions$/, (p) => model.createCheckoutSession(p)],
    ['GET', /^\/v1\/checkout\/sessions\/([\w]+)$/, (_p, id) => model.get(model.sessions, 'checkout session', id)],
    ['POST', /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/, (_p, id) => model.expireCheckout(id)],
    ['GET', /^\/v1\/subscriptions\/([\w]+)$/, (_p, id) => model.subscription(id)],
    ['POST', /^\/v1\/subscriptions\/([\w]+)$/, (p, id) => model.updateSubscription(id, p)],
    ['DELETE', /^\/v1\/subscriptions\/([\w]+)$/, (_p, id) => model.cancelSubscription(id)],
    ['GET', /^\/v1\/invoices\/([\w]+)$/, (_p, id) => model.get(model.invoices, 'invoice', id)],
    ['GET', /^\/v1\/prices\/([\w]+)$/, (_p, id) => model.get(model.prices, 'price', id)],
    ['POST', /^\/v1\/billing_portal\/sessions$/, (p) => model.createPortalSession(p)],
  ];

  function route(method, path, p) {
    for (const [verb, pattern, handler] of API_ROUTES) {
      const m = verb === method ? path.match(pattern) : null;
      if (m) return handler(p, m[1]);
    }
    throw new StripeError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). This emulator serves only the endpoints Caravel uses.`,
    );
  }

  // ---- test control (development only) ----

  async function control(req, res, url) {
    const text = req.method === 'POST' ? await readBody(req) : '';
    let b = {};
    if (text.trim()) {
      try {
        b = JSON.parse(text);
      } catch {
        return json(res, 400, { error: 'body must be JSON' });
      }
    }
    const ok = (v) => json(res, 200, v);
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /control/state':
        return ok({
          customers: [...model.customers.values()],
          subscriptions: [...model.subscriptions.values()],
          invoices: [...model.invoices.values()],
          sessions: [...model.sessions.values()],
          portals: [...model.portals.values()],
          requests,
          events: hooks.events.map((e) => ({
            id: e.id,
            type: e.type,
            object: e.data.object.id,
            deliveries: e.deliveries,
          })),
        });
      case 'POST /control/webhook':
        hooks.url = b.url ?? null;
        return ok({ url: hooks.url });
      case 'POST /control/complete-checkout':
        return ok(model.completeCheckout(b.session, b.card ?? '4242424242424242'));
      case 'POST /control/card':
        model.setCard(b.customer, b.card);
        return ok({ customer: b.customer });
      case 'POST /control/advance':
        return ok(model.advance(b.subscription));
      case 'POST /control/retry':
        return ok(model.retryInvoice(b.invoice, b.card));
      case 'POST /control/pause':
        hooks.paused = !!b.paused;
        if (!hooks.paused) {
          if (b.order === 'reverse') hooks.queue.reverse();
          hooks.pump();
        }
        return ok({ paused: hooks.paused, queued: hooks.queue.length });
      case 'POST /control/redeliver': {
        const e = hooks.events.find((x) => x.id === b.event);
        if (!e) return json(res, 404, { error: 'no such event' });
        return ok(await hooks.deliver(e, { payload: b.payload, header: b.header }));
      }
      case 'GET /control/idle':
        await hooks.idle();
        return ok({ idle: true });
      default:
        return json(res, 404, { error: 'no such control route' });
    }
  }

  await /** @type {Promise<void>} */ (
    new Promise((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, ok);
    })
  );
  const listeningPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const baseUrl = `http://${host}:${listeningPort}`;
  const save = () => {
    if (!stateFile) return;
    const tmp = `${stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ secretKey, webhookSecret, ...model.snapshot() }), { mode: 0o600 });
    fs.renameSync(tmp, stateFile);
  };
  model = new StripeModel({
    baseUrl,
    prices,
    emit: (type, object, previous) => {
      hooks.emit(type, object, previous);
      save();
    },
  });
  if (saved?.prices) {
    model.restore(saved);
    const restoredId = (nickname, fallback) =>
      [...model.prices.values()].find((p) => p.nickname === nickname)?.id ?? fallback;
    prices[0] = { ...prices[0], id: restoredId('Caravel Basic', prices[0].id) };
    prices[1] = { ...prices[1], id: restoredId('Caravel Growth', prices[1].id) };
  }
  server.on('request', (req) => req.method !== 'GET' && req.on('end', () => setImmediate(save)));
  save();
  return {
    url: baseUrl,
    port: listeningPort,
    secretKey,
    webhookSecret,
    priceBasic: prices[0].id,
    priceGrowth: prices[1].id,
    model,
    hooks,
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((ok) => {
          hooks.stop();
          server.closeAllConnections?.();
          server.close(() => ok());
        })
      ),
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const say = (m) => process.stderr.write(`[stripe-emulator] ${m}\n`);
  const e = await startStripeEmulator({
    port: Number(process.env.PORT ?? 0),
    host: process.env.HOST ?? '127.0.0.1',
    secretKey: process.env.STRIPE_SECRET_KEY || undefined,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined,
    webhookUrl: process.env.WEBHOOK_URL || null,
    basicCents: Number(process.env.PRICE_BASIC_CENTS ?? 900),
    growthCents: Number(process.env.PRICE_GROWTH_CENTS ?? 2900),
    say,
    stateFile: process.env.STATE_FILE || null,
  });
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      port: e.port,
      url: e.url,
      secret_key: e.secretKey,
      webhook_secret: e.webhookSecret,
      price_basic: e.priceBasic,
      price_growth: e.priceGrowth,
    })}\n`,
  );
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => e.close().then(() => process.exit(0)));
}
