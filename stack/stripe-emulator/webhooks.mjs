// Webhook delivery as Stripe does it: each event POSTed as JSON to the endpoint with a Stripe-Signature header
// (made by the official stripe package's test helper, so the signature scheme is Stripe's own), one at a time in
// the order they happened, retried with backoff until the endpoint answers 2xx.

import crypto from 'node:crypto';
import Stripe from 'stripe';
import { API_VERSION } from './model.mjs';

const stripe = new Stripe('sk_test_emulator_signing_only');

export class Webhooks {
  /** @param {{ secret: string, url?: string | null, say?: (message: string) => void }} o */
  constructor({ secret, url = null, say = () => {} }) {
    this.secret = secret;
    this.url = url;
    this.say = say;
    this.events = []; // every event, newest last, with its deliveries
    this.queue = [];
    this.retrying = new Set(); // events refused once, waiting for their next attempt
    this.running = false;
    this.paused = false;
    this.stopped = false;
  }

  /** No more deliveries (the emulator is closing): pending retries end at once. */
  stop() {
    this.stopped = true;
    this.queue.length = 0;
  }

  /** Records an event with a snapshot of the object as it is now, and queues its delivery. */
  emit(type, object, previous) {
    const event = {
      id: `evt_${crypto.randomBytes(12).toString('hex')}`,
      object: 'event',
      api_version: API_VERSION,
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: this.url ? 1 : 0,
      request: { id: null, idempotency_key: null },
      data: {
        object: structuredClone(object),
        ...(previous ? { previous_attributes: structuredClone(previous) } : {}),
      },
    };
    Object.defineProperty(event, 'deliveries', { value: [], enumerable: false });
    this.events.push(event);
    if (this.url) this.enqueue(event);
    return event;
  }

  enqueue(event) {
    this.queue.push(event);
    this.pump();
  }

  /** Sends one event (a test re-delivers an old one, or sends a doctored payload with its own header). */
  /**
   * @param {any} event
   * @param {{ payload?: string, header?: string }} [doctored]
   */
  async deliver(event, { payload, header } = {}) {
    const body = payload ?? JSON.stringify(event);
    const sig = header ?? stripe.webhooks.generateTestHeaderString({ payload: body, secret: this.secret });
    try {
      // Only events enqueued while a url was set get here; a test's explicit delivery without one fails like a
      // refused connection (status 0).
      const res = await fetch(/** @type {string} */ (this.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': sig },
        body,
      });
      const text = await res.text();
      event.deliveries?.push({ status: res.status, at: Date.now() });
      return { status: res.status, body: text };
    } catch (e) {
      event.deliveries?.push({ status: 0, error: e.message, at: Date.now() });
      return { status: 0, body: e.message };
    }
  }

  /**
   * Sends the queue's events in the order they happened. An event its endpoint refuses is retried with backoff on
   * its own schedule while the later events go on, as Stripe does: one failing event never holds back the others.
   */
  async pump() {
    if (this.running || this.paused || this.stopped) return;
    this.running = true;
    try {
      while (this.queue.length && !this.paused) {
        const event = this.queue.shift();
        const r = await this.deliver(event);
        if (r.status < 200 || r.status >= 300) this.retryLater(event, r, 1, 250);
      }
    } finally {
      this.running = false;
    }
  }

  /** One more attempt after `delay` ms; Stripe goes on for days, a test stack gives up after eight attempts. */
  retryLater(event, refused, attempt, delay) {
    this.say(
      `webhook ${event.type} ${event.id} → ${refused.status} ${refused.body.slice(0, 200)} (attempt ${attempt})`,
    );
    if (attempt >= 8 || this.stopped) return;
    this.retrying.add(event);
    const timer = setTimeout(async () => {
      const r = this.stopped ? null : await this.deliver(event);
      this.retrying.delete(event);
      if (r && (r.status < 200 || r.status >= 300)) this.retryLater(event, r, attempt + 1, Math.min(delay * 2, 5000));
    }, delay);
    timer.unref?.(); // a closing emulator does not wait for its retries
  }

  /** Resolves when everything queued so far was delivered (or given up). */
  async idle() {
    while (this.running || this.retrying.size || (this.queue.length && !this.paused))
      await new Promise((ok) => setTimeout(ok, 20));
  }
}
