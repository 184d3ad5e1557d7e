// The Stripe objects Caravel uses, with the behaviour it relies on (API version 2026-07-29.dahlia shapes):
// customers, Checkout sessions (subscription mode), subscriptions with per-price items and quantities, proration
// when quantities change, invoices (hosted pages, retries), billing-portal sessions, and the events they emit.
// DEVELOPMENT AND TESTS ONLY: state is in memory and time moves only when a test says so (advance()).

import crypto from 'node:crypto';
import { cardDeclined, invalid, missingParam, noSuch, StripeError } from './errors.mjs';

export const API_VERSION = '2026-07-29.dahlia';

/** Stripe's test cards: one that pays, one refused at once, one that attaches but whose later charges fail. */
export const CARDS = {
  4242424242424242: { ok: true },
  4000000000000002: { ok: false },
  4000000000000341: { ok: true, laterFails: true },
};

const id = (prefix) => `${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16)}`;

/** t plus n calendar months in UTC, clamped to the month's end (Jan 31 + 1 month = Feb 28/29), like Stripe. */
export function addMonths(t, n) {
  const d = new Date(t * 1000);
  const y = d.getUTCFullYear(),
    m = d.getUTCMonth() + n,
    day = d.getUTCDate();
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.floor(Date.UTC(y, m, Math.min(day, last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}

const list = (data, url) => ({ object: 'list', data, has_more: false, url });
const bool = (v, name) => {
  if (v === undefined) return undefined;
  if (v === 'true' || v === true) return true;
  if (v === 'false' || v === false) return false;
  throw invalid(`Invalid boolean: ${v}`, name);
};
/**
 * @overload
 * @param {undefined} v
 * @param {string} name
 * @returns {undefined}
 */
/**
 * @overload
 * @param {string | number} v
 * @param {string} name
 * @returns {number}
 */
/**
 * @overload
 * @param {unknown} v
 * @param {string} name
 * @returns {number | undefined}
 */
/**
 * A form parameter as a whole number; undefined when absent.
 * @param {unknown} v
 * @param {string} name
 */
function int(v, name) {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(String(v))) throw invalid(`Invalid integer: ${v}`, name);
  return Number(v);
}

export class StripeModel {
  /** @param {{baseUrl: string, prices: Array<{id, nickname, unit_amount, currency}>, emit: (type, object, previous?) => void, now?: () => number}} o */
  constructor({ baseUrl, prices, emit, now }) {
    this.baseUrl = baseUrl;
    this.emit = emit;
    this.now = now ?? (() => Math.floor(Date.now() / 1000));
    this.customers = new Map();
    this.cards = new Map(); // customer → card number (the emulator's stand-in for a payment method)
    this.prices = new Map();
    this.sessions = new Map();
    this.subscriptions = new Map();
    this.invoices = new Map();
    this.portals = new Map();
    this.pending = new Map(); // subscription → proration lines for its next invoice (create_prorations)
    const product = id('prod');
    for (const p of prices)
      this.prices.set(p.id, {
        id: p.id,
        object: 'price',
        active: true,
        currency: p.currency ?? 'usd',
        unit_amount: p.unit_amount,
        nickname: p.nickname,
        product,
        type: 'recurring',
        recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
        livemode: false,
        created: this.now(),
      });
  }

  /** Everything, for a state file (./caravel run keeps the emulator's objects across restarts, like the backend's). */
  snapshot() {
    const m = (map) => [...map.entries()];
    return {
      customers: m(this.customers),
      cards: m(this.cards),
      prices: m(this.prices),
      subscriptions: m(this.subscriptions),
      invoices: m(this.invoices),
      portals: m(this.portals),
      pending: m(this.pending),
      sessions: [...this.sessions.values()].map((s) => ({ ...s, internal: s.internal })),
    };
  }

  restore(state) {
    for (const k of ['customers', 'cards', 'prices', 'subscriptions', 'invoices', 'portals', 'pending'])
      this[k] = new Map(state[k] ?? []);
    this.sessions = new Map();
    for (const { internal, ...s } of state.sessions ?? []) {
      Object.defineProperty(s, 'internal', { value: internal, enumerable: false });
      this.sessions.set(s.id, s);
    }
  }

  get(map, kind, key) {
    const v = map.get(key);
    if (!v) throw noSuch(kind, key);
    return v;
  }

  // ---- customers ----

  createCustomer(p) {
    const c = {
      id: id('cus'),
      object: 'customer',
      created: this.now(),
      description: p.description ?? null,
      email: p.email ?? null,
      metadata: p.metadata ?? {},
      livemode: false,
      invoice_settings: { default_payment_method: null },
      balance: 0,
      currency: null,
    };
    this.customers.set(c.id, c);
    return c;
  }

  /** Attaching a card: refused cards never attach (as Stripe's 4000 0000 0000 0002). */
  setCard(customer, number) {
    const c = this.get(this.customers, 'customer', customer);
    const n = String(number ?? '').replace(/\s+/g, '');
    const card = CARDS[n];
    if (!card)
      throw new StripeError(402, 'card_error', 'Your card number is incorrect.', {
        code: 'incorrect_number',
        param: 'number',
      });
    if (!card.ok) throw cardDeclined();
    this.cards.set(c.id, n);
    c.invoice_settings.default_payment_method = `pm_card_${n.slice(-4)}`;
  }

  /** A charge to the customer's card: whether it went through. */
  charge(customer) {
    const n = this.cards.get(customer);
    return !!n && CARDS[n].ok && !CARDS[n].laterFails;
  }

  // ---- Checkout ----

  createCheckoutSession(p) {
    if (p.mode === 'payment') return this.createPaymentSession(p);
    if (p.mode !== 'subscription')
      throw invalid('Only mode=subscription and mode=payment are supported by this emulator.', 'mode');
    if (!p.success_url) throw missingParam('success_url');
    if (p.customer) this.get(this.customers, 'customer', p.customer);
    const items = (p.line_items ?? []).map((li, i) => {
      const price = this.get(this.prices, 'price', li.price);
      const quantity = int(/** @type {string} */ (li.quantity ?? '1'), `line_items[${i}][quantity]`);
      if (quantity < 1) throw invalid('Quantity must be at least 1.', `line_items[${i}][quantity]`);
      return { price: price.id, quantity };
    });
    if (!items.length) throw missingParam('line_items');
    const trialEnd = int(p.subscription_data?.trial_end, 'subscription_data[trial_end]');
    // Stripe's Checkout takes a trial only when it ends at least 48 hours after the session is created
    if (trialEnd !== undefined && trialEnd < this.now() + 48 * 3600)
      throw invalid('trial_end must be at least 48 hours in the future.', 'subscription_data[trial_end]');
    const s = {
      id: id('cs_test'),
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      customer: p.customer ?? null,
      client_reference_id: p.client_reference_id ?? null,
      success_url: p.success_url,
      cancel_url: p.cancel_url ?? null,
      metadata: p.metadata ?? {},
      subscription: null,
      invoice: null,
      livemode: false,
      created: this.now(),
      expires_at: this.now() + 24 * 3600,
      currency: this.prices.get(items[0].price).currency,
      amount_total: trialEnd ? 0 : items.reduce((a, i) => a + this.prices.get(i.price).unit_amount * i.quantity, 0),
    };
    s.url = `${this.baseUrl}/checkout/${s.id}`;
    Object.defineProperty(s, 'internal', {
      value: { items, trialEnd, subMetadata: p.subscription_data?.metadata ?? {} },
      enumerable: false,
    });
    this.sessions.set(s.id, s);
    return s;
  }

  /**
   * A one-off payment session (mode=payment) with ad-hoc prices, as Stripe takes them:
   * line_items[i][price_data][currency|unit_amount|product_data][name] and a quantity. Completing it charges the card
   * once: status complete, payment_status paid and a payment_intent, no subscription.
   */
  createPaymentSession(p) {
    if (!p.success_url) throw missingParam('success_url');
    if (p.customer) this.get(this.customers, 'customer', p.customer);
    const items = (p.line_items ?? []).map((li, i) => {
      const pd = li.price_data;
      if (!pd) throw missingParam(`line_items[${i}][price_data]`);
      if (!pd.currency) throw missingParam(`line_items[${i}][price_data][currency]`);
      if (!pd.product_data?.name) throw missingParam(`line_items[${i}][price_data][product_data][name]`);
      const unit = int(pd.unit_amount, `line_items[${i}][price_data][unit_amount]`);
      if (unit === undefined) throw missingParam(`line_items[${i}][price_data][unit_amount]`);
      const quantity = int(/** @type {string} */ (li.quantity ?? '1'), `line_items[${i}][quantity]`);
      if (quantity < 1) throw invalid('Quantity must be at least 1.', `line_items[${i}][quantity]`);
      return { currency: String(pd.currency).toLowerCase(), unit, quantity, name: pd.product_data.name };
    });
    if (!items.length) throw missingParam('line_items');
    const total = items.reduce((a, i) => a + i.unit * i.quantity, 0);
    // Stripe's minimum charge in USD is 50 cents
    if (items[0].currency === 'usd' && total < 50)
      throw invalid("The Checkout Session's total amount due must add up to at least $0.50 usd", 'line_items');
    const s = {
      id: id('cs_test'),
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      customer: p.customer ?? null,
      client_reference_id: p.client_reference_id ?? null,
      success_url: p.success_url,
      cancel_url: p.cancel_url ?? null,
      metadata: p.metadata ?? {},
      subscription: null,
      invoice: null,
      payment_intent: null,
      livemode: false,
      created: this.now(),
      expires_at: this.now() + 24 * 3600,
      currency: items[0].currency,
      amount_total: total,
    };
    s.url = `${this.baseUrl}/checkout/${s.id}`;
    Object.defineProperty(s, 'internal', { value: { items, payment: true }, enumerable: false });
    this.sessions.set(s.id, s);
    return s;
  }

  /** The hosted page's "Pay" button. A refused card leaves the session open (the customer may try another). */
  completeCheckout(sessionId, cardNumber) {
    const s = this.get(this.sessions, 'checkout session', sessionId);
    if (s.status !== 'open') throw invalid(`This Checkout session is ${s.status}.`);
    if (!s.customer) s.customer = this.createCustomer({}).id;
    this.setCard(s.customer, cardNumber); // throws card errors: the page shows them
    if (s.internal?.payment) {
      // the card is charged there and then, on session (a card that attached is a card that paid)
      s.status = 'complete';
      s.payment_status = 'paid';
      s.payment_intent = id('pi');
      this.emit('checkout.session.completed', s);
      return s;
    }
    const { items, trialEnd, subMetadata } = s.internal;
    const sub = this.createSubscription(s.customer, items, trialEnd, subMetadata);
    s.status = 'complete';
    s.payment_status = trialEnd ? 'no_payment_required' : 'paid';
    s.subscription = sub.id;
    s.invoice = sub.latest_invoice;
    this.emit('checkout.session.completed', s);
    return s;
  }

  /** POST /v1/checkout/sessions/:id/expire: only an open session can be expired (Stripe answers 400 otherwise). */
  expireCheckout(sessionId) {
    const s = this.get(this.sessions, 'checkout session', sessionId);
    if (s.status !== 'open')
      throw invalid(
        `Only Checkout Sessions with a status of open can be expired. This session has a status of ${s.status}.`,
      );
    s.status = 'expired';
    this.emit('checkout.session.expired', s);
    return s;
  }

  // ---- subscriptions ----

  createSubscription(customer, items, trialEnd, metadata) {
    const now = this.now();
    /** @type {Record<string, any>} */
    const sub = {
      id: id('sub'),
      object: 'subscription',
      customer,
      status: trialEnd ? 'trialing' : 'active',
      created: now,
      start_date: now,
      billing_cycle_anchor: trialEnd ?? now,
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      trial_start: trialEnd ? now : null,
      trial_end: trialEnd ?? null,
      collection_method: 'charge_automatically',
      currency: null,
      metadata,
      livemode: false,
      latest_invoice: null,
      items: null,
    };
    const end = trialEnd ?? addMonths(now, 1);
    sub.items = list(
      items.map((i) => this.item(sub.id, i.price, i.quantity, now, end)),
      `/v1/subscription_items?subscription=${sub.id}`,
    );
    sub.currency = this.prices.get(items[0].price).currency;
    this.subscriptions.set(sub.id, sub);
    const lines = trialEnd
      ? items.map((i) =>
          this.line(i.price, i.quantity, 0, now, end, `Trial period for ${this.prices.get(i.price).nickname}`),
        )
      : items.map((i) => this.line(i.price, i.quantity, this.prices.get(i.price).unit_amount * i.quantity, now, end));
    this.emit('customer.subscription.created', sub);
    const inv = this.invoice(sub, 'subscription_create', lines);
    this.collect(inv, sub, { paidBeforehand: true }); // Checkout charged the card already
    return sub;
  }

  item(subscription, price, quantity, start, end) {
    return {
      id: id('si'),
      object: 'subscription_item',
      subscription,
      price: this.prices.get(price),
      quantity,
      created: this.now(),
      current_period_start: start,
      current_period_end: end,
      metadata: {},
    };
  }

  subscription(idValue) {
    return this.get(this.subscriptions, 'subscription', idValue);
  }

  period(sub) {
    const i = sub.items.data[0];
    return i
      ? { start: i.current_period_start, end: i.current_period_end }
      : { start: sub.created, end: addMonths(sub.created, 1) };
  }

  /**
   * POST /v1/subscriptions/:id. Quantities change at once; with proration_behavior=always_invoice the difference
   * for the rest of the period is invoiced and charged now, and with payment_behavior=error_if_incomplete a
   * refused charge answers 402 and changes nothing.
   */
  updateSubscription(subId, p) {
    const sub = this.subscription(subId);
    if (sub.status === 'canceled')
      throw invalid('A canceled subscription can only update its cancellation_details and metadata.');
    const proration = p.proration_behavior ?? 'create_prorations';
    if (!['create_prorations', 'always_invoice', 'none'].includes(proration))
      throw invalid(`Invalid proration_behavior: ${proration}`, 'proration_behavior');
    const payment = p.payment_behavior ?? 'allow_incomplete';
    if (!['allow_incomplete', 'error_if_incomplete', 'default_incomplete'].includes(payment))
      throw invalid(`payment_behavior ${payment} is not supported by this emulator`, 'payment_behavior');
    const cancelAtEnd = bool(p.cancel_at_period_end, 'cancel_at_period_end');
    const previous = { items: structuredClone(sub.items), cancel_at_period_end: sub.cancel_at_period_end };
    const { start, end } = this.period(sub);
    const next = sub.items.data.map((i) => ({ ...i }));
    (p.items ?? []).forEach((ip, n) => {
      const quantity = int(ip.quantity, `items[${n}][quantity]`);
      if (ip.id) {
        const at = next.findIndex((i) => i.id === ip.id);
        if (at < 0) throw noSuch('subscription item', ip.id, `items[${n}][id]`);
        if (bool(ip.deleted, `items[${n}][deleted]`)) next.splice(at, 1);
        else if (quantity !== undefined) next[at] = { ...next[at], quantity };
      } else {
        if (!ip.price) throw missingParam(`items[${n}][price]`);
        const price = this.get(this.prices, 'price', ip.price);
        if (next.some((i) => i.price.id === price.id))
          throw invalid(`The price ${price.id} is already on this subscription.`, `items[${n}][price]`);
        next.push(this.item(sub.id, price.id, quantity ?? 1, start, end));
      }
    });
    // the proration: unused time on the old quantity back, remaining time on the new one charged
    const now = this.now();
    const fraction = sub.status === 'trialing' ? 0 : Math.max(0, end - now) / (end - start);
    const lines = [];
    const qty = (items, price) => items.filter((i) => i.price.id === price).reduce((a, i) => a + i.quantity, 0);
    for (const price of new Set([...sub.items.data, ...next].map((i) => i.price.id))) {
      const before = qty(sub.items.data, price),
        after = qty(next, price);
      if (before === after || proration === 'none') continue;
      const unit = this.prices.get(price).unit_amount;
      if (before)
        lines.push(
          this.line(
            price,
            before,
            -Math.round(unit * before * fraction),
            now,
            end,
            `Unused time on ${before} × ${this.prices.get(price).nickname}`,
          ),
        );
      if (after)
        lines.push(
          this.line(
            price,
            after,
            Math.round(unit * after * fraction),
            now,
            end,
            `Remaining time on ${after} × ${this.prices.get(price).nickname}`,
          ),
        );
    }
    let invoice = null;
    if (lines.length && proration === 'always_invoice') {
      const due = lines.reduce((a, l) => a + l.amount, 0);
      if (due > 0 && !this.charge(sub.customer) && payment === 'error_if_incomplete') throw cardDeclined();
      invoice = lines;
    } else if (lines.length) {
      this.pending.set(sub.id, [...(this.pending.get(sub.id) ?? []), ...lines]);
    }
    sub.items = list(next, sub.items.url);
    if (cancelAtEnd !== undefined) {
      sub.cancel_at_period_end = cancelAtEnd;
      sub.cancel_at = cancelAtEnd ? end : null;
    }
    if (p.metadata) sub.metadata = { ...sub.metadata, ...p.metadata };
    this.emit('customer.subscription.updated', sub, previous);
    if (invoice) this.collect(this.invoice(sub, 'subscription_update', invoice), sub);
    return sub;
  }

  cancelSubscription(subId) {
    const sub = this.subscription(subId);
    if (sub.status === 'canceled') throw invalid(`This subscription is already canceled.`);
    const now = this.now();
    sub.status = 'canceled';
    sub.canceled_at = now;
    sub.ended_at = now;
    this.emit('customer.subscription.deleted', sub);
    return sub;
  }

  /**
   * Test control: the subscription reaches the end of its period. One cancelling at the period end ends; otherwise
   * the next period starts and is invoiced and charged (a refused card leaves the invoice open, past_due).
   */
  advance(subId) {
    const sub = this.subscription(subId);
    if (sub.status === 'canceled') throw invalid('This subscription is canceled.');
    const { end } = this.period(sub);
    if (sub.cancel_at_period_end) return this.cancelSubscription(subId);
    const next = addMonths(end, 1);
    const previous = { status: sub.status };
    for (const i of sub.items.data) {
      i.current_period_start = end;
      i.current_period_end = next;
    }
    if (sub.status === 'trialing') sub.status = 'active';
    const lines = [
      ...(this.pending.get(sub.id) ?? []),
      ...sub.items.data.map((i) => this.line(i.price.id, i.quantity, i.price.unit_amount * i.quantity, end, next)),
    ];
    this.pending.delete(sub.id);
    // created now: the emulator moves the subscription's periods, not the clock webhooks are signed with
    const inv = this.invoice(sub, 'subscription_cycle', lines);
    this.emit('customer.subscription.updated', sub, previous);
    this.collect(inv, sub);
    return sub;
  }

  // ---- invoices ----

  line(price, quantity, amount, start, end, description) {
    const p = this.prices.get(price);
    return {
      id: id('il'),
      object: 'line_item',
      amount,
      currency: p.currency,
      quantity,
      description: description ?? `${quantity} × ${p.nickname}`,
      period: { start, end },
      pricing: {
        type: 'price_details',
        price_details: { price: p.id, product: p.product },
        unit_amount_decimal: String(p.unit_amount),
      },
      livemode: false,
      metadata: {},
    };
  }

  invoice(sub, reason, lines, created) {
    const total = lines.reduce((a, l) => a + l.amount, 0);
    /** @type {Record<string, any>} */
    const inv = {
      id: id('in'),
      object: 'invoice',
      customer: sub.customer,
      status: 'open',
      billing_reason: reason,
      collection_method: 'charge_automatically',
      currency: sub.currency,
      created: created ?? this.now(),
      livemode: false,
      attempt_count: 0,
      attempted: false,
      subtotal: total,
      total,
      amount_due: Math.max(0, total),
      amount_paid: 0,
      amount_remaining: Math.max(0, total),
      period_start: lines.length ? Math.min(...lines.map((l) => l.period.start)) : this.now(),
      period_end: lines.length ? Math.max(...lines.map((l) => l.period.end)) : this.now(),
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: sub.id, metadata: sub.metadata },
      },
      lines: null,
      number: `CARAVEL-${String(this.invoices.size + 1).padStart(4, '0')}`,
      status_transitions: { finalized_at: this.now(), paid_at: null },
      hosted_invoice_url: null,
      invoice_pdf: null,
      metadata: {},
    };
    inv.lines = list(lines, `/v1/invoices/${inv.id}/lines`);
    inv.hosted_invoice_url = `${this.baseUrl}/invoice/${inv.id}`;
    this.invoices.set(inv.id, inv);
    sub.latest_invoice = inv.id;
    this.emit('invoice.finalized', inv);
    return inv;
  }

  /** Charges an open invoice to the customer's card: paid (sub active again), or a failed attempt (sub past_due). */
  collect(inv, sub, { paidBeforehand = false } = {}) {
    if (inv.status !== 'open') return inv;
    inv.attempt_count++;
    inv.attempted = true;
    if (inv.amount_due === 0 || paidBeforehand || this.charge(inv.customer)) {
      inv.status = 'paid';
      inv.amount_paid = inv.amount_due;
      inv.amount_remaining = 0;
      inv.status_transitions.paid_at = this.now();
      if (
        sub &&
        sub.status === 'past_due' &&
        ![...this.invoices.values()].some(
          (i) => i.status === 'open' && i.parent.subscription_details.subscription === sub.id,
        )
      ) {
        const previous = { status: sub.status };
        sub.status = 'active';
        this.emit('customer.subscription.updated', sub, previous);
      }
      this.emit('invoice.paid', inv);
      this.emit('invoice.payment_succeeded', inv);
    } else {
      if (sub && sub.status === 'active') {
        const previous = { status: sub.status };
        sub.status = 'past_due';
        this.emit('customer.subscription.updated', sub, previous);
      }
      this.emit('invoice.payment_failed', inv);
    }
    return inv;
  }

  /** Stripe's automatic retry (test control), or the customer paying on the hosted page with a card. */
  retryInvoice(invId, cardNumber) {
    const inv = this.get(this.invoices, 'invoice', invId);
    if (inv.status !== 'open') throw invalid(`Invoice is already ${inv.status}.`);
    if (cardNumber) this.setCard(inv.customer, cardNumber);
    return this.collect(inv, this.subscriptions.get(inv.parent.subscription_details.subscription));
  }

  // ---- billing portal ----

  createPortalSession(p) {
    if (!p.customer) throw missingParam('customer');
    this.get(this.customers, 'customer', p.customer);
    const s = {
      id: id('bps'),
      object: 'billing_portal.session',
      customer: p.customer,
      return_url: p.return_url ?? null,
      created: this.now(),
      livemode: false,
      configuration: 'bpc_emulator',
      locale: null,
      on_behalf_of: null,
      flow: null,
    };
    s.url = `${this.baseUrl}/portal/${s.id}`;
    this.portals.set(s.id, s);
    return s;
  }

  customerSubscriptions(customer) {
    return [...this.subscriptions.values()].filter((s) => s.customer === customer);
  }

  customerInvoices(customer) {
    return [...this.invoices.values()].filter((i) => i.customer === customer).sort((a, b) => b.created - a.created);
  }
}
