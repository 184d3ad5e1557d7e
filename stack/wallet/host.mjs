// NIP-47 wallet services over the in-memory ledger, on @getalby/sdk's NWCWalletService.
// One NWCWalletService (its own relay connection) per wallet. Development and test use only.

import './ws-global.mjs';
import crypto from 'node:crypto';
import { NWCWalletService, NWCWalletServiceKeyPair } from '@getalby/sdk';
import { getPublicKey } from 'nostr-tools';
import { Ledger, LedgerError } from './ledger.mjs';

export const METHODS = [
  'pay_invoice',
  'get_balance',
  'make_invoice',
  'lookup_invoice',
  'list_transactions',
  'get_info',
];
export const NOTIFICATIONS = ['payment_received', 'payment_sent'];
export const ENCRYPTIONS = [
  ['nip44_v2', 23197],
  ['nip04', 23196],
];
export const FAULT_MODES = [
  'offline',
  'drop_responses',
  'duplicate_notifications',
  'lie_settled',
  'lie_other_hash',
  'none',
];
/** What a `lie_settled` answer carries as preimage: a wrong one (32 random bytes), or none at all. */
export const LIE_PREIMAGES = ['wrong', 'none'];
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const NEVER = () => new Promise(() => {}); // a response that never comes

const log = (msg) => process.stderr.write(`[wallet] ${msg}\n`);
const sha256hex = (hex) => crypto.createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');

/**
 * The methods a wallet's connection may use: all of METHODS, or a non-empty subset of them (a connection scoped by
 * permission, as a real wallet service's app connections are).
 * @param {unknown} methods
 * @returns {string[]}
 */
export function connectionMethods(methods) {
  if (methods === undefined || methods === null) return [...METHODS];
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new LedgerError('OTHER', `methods must be a non-empty list of ${METHODS.join(', ')}`);
  }
  for (const m of methods) {
    if (typeof m !== 'string' || !METHODS.includes(m)) {
      throw new LedgerError('OTHER', `methods: ${JSON.stringify(m)} is not one of ${METHODS.join(', ')}`);
    }
  }
  if (new Set(methods).size !== methods.length) throw new LedgerError('OTHER', 'methods: each method once');
  return [...methods];
}

function hexToBytes(hex) {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/**
 * NWCWalletService.subscribe() returns before its REQ is sent; wait (bounded) until the
 * subscription is open on the relay connection (nostr-tools' Relay keeps it in openSubs).
 */
async function waitForOpenSubscription(service, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const relay of service.pool.relays.values()) if (relay.connected && relay.openSubs?.size > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('wallet service could not subscribe on the relay');
}

export class WalletHost {
  /**
   * @param {object} opts
   * @param {string} opts.relayUrl relay the wallet services listen on
   * @param {string} [opts.seed] derive all keys from this seed (stable NWC URLs across restarts)
   * @param {boolean} [opts.quiet] do not log requests to stderr
   */
  constructor({ relayUrl, seed, quiet }) {
    if (!relayUrl) throw new Error('relayUrl is required');
    this.relayUrl = relayUrl;
    this.seed = seed || null;
    this.quiet = !!quiet;
    /** @type {Map<string, object>} name -> { name, service, keypair, clientSecret, nwcUrl, fault, unsubscribe } */
    this.wallets = new Map();
    this.ledger = new Ledger({ canReceive: (name) => this.wallets.get(name)?.fault.mode !== 'offline' });
    this.ledger.on('settled', (e) => this.#onSettled(e));
  }

  #key(name, purpose) {
    if (!this.seed) return crypto.randomBytes(32).toString('hex');
    return crypto.createHash('sha256').update(`caravel-dev-wallet:${this.seed}:${name}:${purpose}`).digest('hex');
  }

  /**
   * Create a wallet, subscribe its NWC service on the relay and publish its info event.
   * @param {{name:string, balanceMsat:number, methods?:string[], notifications?:boolean}} opts methods: what its
   *   connection may use (all when omitted); get_info answers always and lists them (so does the info event), any other
   *   is refused with RESTRICTED. notifications: false makes a wallet that sends none and does not offer them (as many
   *   real wallets' connections), so its client must poll
   */
  async addWallet({ name, balanceMsat, methods, notifications = true }) {
    if (typeof name !== 'string' || !NAME_RE.test(name)) {
      throw new LedgerError('OTHER', 'name must be 1-64 characters of letters, digits, ".", "_" or "-"');
    }
    if (name === 'external') throw new LedgerError('OTHER', 'the name "external" is reserved');
    if (this.wallets.has(name)) throw new LedgerError('CONFLICT', `wallet ${name} already exists`);
    if (typeof notifications !== 'boolean') throw new LedgerError('OTHER', 'notifications must be true or false');
    const allowed = connectionMethods(methods);
    const walletSecret = this.#key(name, 'nwc-service');
    const clientSecret = this.#key(name, 'nwc-client');
    const clientPubkey = getPublicKey(hexToBytes(clientSecret));
    const keypair = new NWCWalletServiceKeyPair(walletSecret, clientPubkey);
    this.ledger.addWallet({ name, balanceMsat, nodeKey: this.#key(name, 'ln-node') });
    const url = new URL(`nostr+walletconnect://${keypair.walletPubkey}`);
    url.searchParams.set('relay', this.relayUrl);
    url.searchParams.set('secret', clientSecret);
    const service = new NWCWalletService({ relayUrls: [this.relayUrl] });
    const w = {
      name,
      service,
      keypair,
      clientSecret,
      nwcUrl: url.toString(),
      methods: allowed,
      notifications: notifications ? [...NOTIFICATIONS] : [],
      /** @type {{mode: string, remaining: number | null, preimage?: string}} */
      fault: { mode: 'none', remaining: /** @type {number | null} */ (null) },
      /** @type {(() => void) | null} */
      unsubscribe: null,
    };
    this.wallets.set(name, w);
    try {
      w.unsubscribe = await service.subscribe(keypair, this.#handler(w));
      await waitForOpenSubscription(service);
      // The relay handles one connection's messages in order: once it has answered OK to the
      // info event sent after the REQ, the request subscription is live.
      await this.#publishInfo(w);
    } catch (e) {
      this.wallets.delete(name);
      this.ledger.wallets.delete(name);
      service.close();
      throw e;
    }
    return this.describe(name);
  }

  describe(name) {
    const w = this.wallets.get(name);
    if (!w) throw new LedgerError('NOT_FOUND', `no wallet named ${name}`);
    const lw = this.ledger.wallet(name);
    return {
      name,
      nwc_url: w.nwcUrl,
      pubkey: w.keypair.walletPubkey,
      node_pubkey: lw.nodePubkey,
      balance: Math.floor(lw.balanceMsat / 1000),
      balance_msat: lw.balanceMsat,
      methods: [...w.methods],
      notifications: [...w.notifications],
      fault: { ...w.fault },
    };
  }

  list() {
    return [...this.wallets.keys()].map((n) => this.describe(n));
  }

  /**
   * @param {string} name
   * @param {'offline'|'drop_responses'|'duplicate_notifications'|'lie_settled'|'lie_other_hash'|'none'} mode
   * @param {number} [count] how many requests/responses/notifications/lies; omitted = until reset
   * @param {{preimage?: string}} [options] lie_settled: `wrong` (default) or `none`
   */
  setFault(name, mode, count, options = {}) {
    const w = this.wallets.get(name);
    if (!w) throw new LedgerError('NOT_FOUND', `no wallet named ${name}`);
    if (!FAULT_MODES.includes(mode)) throw new LedgerError('OTHER', `mode must be one of ${FAULT_MODES.join(', ')}`);
    if (count !== undefined && count !== null && (!Number.isSafeInteger(count) || count < 1)) {
      throw new LedgerError('OTHER', 'count must be a positive integer');
    }
    const preimage = options.preimage ?? undefined;
    if (preimage !== undefined && (mode !== 'lie_settled' || !LIE_PREIMAGES.includes(preimage))) {
      throw new LedgerError('OTHER', `preimage is for lie_settled only: one of ${LIE_PREIMAGES.join(', ')}`);
    }
    w.fault = { mode, remaining: mode === 'none' ? null : (count ?? null) };
    if (mode === 'lie_settled') w.fault.preimage = preimage ?? 'wrong';
    log(`${name}: fault ${mode}${w.fault.remaining !== null ? ` x${w.fault.remaining}` : ''}`);
    return { wallet: name, ...w.fault };
  }

  /** Use up one occurrence of the wallet's fault if it is `mode`; true when it applies. */
  #consumeFault(w, mode) {
    if (w.fault.mode !== mode) return false;
    if (w.fault.remaining !== null) {
      w.fault.remaining -= 1;
      if (w.fault.remaining <= 0) w.fault = { mode: 'none', remaining: null };
    }
    return true;
  }

  async #publishInfo(w) {
    const offers = w.notifications.length > 0;
    const template = {
      kind: 13194,
      created_at: Math.floor(Date.now() / 1000),
      tags: [
        ['encryption', ENCRYPTIONS.map(([e]) => e).join(' ')],
        ...(offers ? [['notifications', w.notifications.join(' ')]] : []),
      ],
      // a service key per connection, so the info event speaks for this connection's permissions alone
      content: [...w.methods, ...(offers ? ['notifications'] : [])].join(' '),
    };
    const event = await w.service.signEvent(template, w.keypair.walletSecret);
    await Promise.any(w.service.pool.publish(w.service.relayUrls, event));
  }

  #handler(w) {
    const ledger = this.ledger;
    const wrap = (method, fn) => async (params) => {
      if (this.#consumeFault(w, 'offline')) {
        if (!this.quiet) log(`${w.name} <- ${method} (offline: ignored)`);
        return NEVER();
      }
      let response;
      try {
        // get_info answers always: it is how a client learns what its connection may do
        if (method !== 'get_info' && !w.methods.includes(method)) {
          throw new LedgerError('RESTRICTED', `this connection has no permission for ${method}`);
        }
        response = { result: await fn(params ?? {}), error: null };
      } catch (e) {
        const code = e instanceof LedgerError ? (e.code === 'CONFLICT' ? 'OTHER' : e.code) : 'INTERNAL';
        response = { result: null, error: { code, message: e.message } };
      }
      const dropped = this.#consumeFault(w, 'drop_responses');
      if (!this.quiet) {
        log(
          `${w.name} <- ${method} -> ${response.error ? response.error.code : 'ok'}${dropped ? ' (response dropped)' : ''}`,
        );
      }
      return dropped ? NEVER() : response;
    };
    return {
      getInfo: wrap('get_info', async () => {
        const lw = ledger.wallet(w.name);
        const height = ledger.blockHeight();
        return {
          alias: `caravel-dev-${w.name}`,
          color: `#${lw.nodePubkey.slice(2, 8)}`,
          pubkey: lw.nodePubkey,
          network: 'regtest',
          block_height: height,
          block_hash: ledger.blockHash(height),
          methods: [...w.methods],
          notifications: [...w.notifications],
        };
      }),
      getBalance: wrap('get_balance', async () => ({ balance: ledger.wallet(w.name).balanceMsat })),
      makeInvoice: wrap('make_invoice', async (p) => ledger.makeInvoice(w.name, p)),
      payInvoice: wrap('pay_invoice', async (p) => {
        const r = ledger.pay(w.name, p);
        return { preimage: r.preimage, fees_paid: r.fees_paid };
      }),
      lookupInvoice: wrap('lookup_invoice', async (p) => this.#lookup(w, p)),
      listTransactions: wrap('list_transactions', async (p) => ledger.listTransactions(w.name, p)),
    };
  }

  /**
   * lookup_invoice, or the lie the wallet's fault tells about one of its own invoices: `lie_settled` calls an unpaid
   * invoice settled (with a wrong preimage, or none); `lie_other_hash` answers about another invoice (the wallet's
   * newest other settled one, else a made-up one), settled and self-consistent but with a different payment_hash.
   */
  #lookup(w, params) {
    const tx = this.ledger.lookup(w.name, params);
    if (tx.type !== 'incoming') return tx;
    if (tx.state !== 'settled' && w.fault.mode === 'lie_settled') {
      const preimage = w.fault.preimage;
      this.#consumeFault(w, 'lie_settled');
      /** @type {Record<string, unknown>} */
      const lie = { ...tx, state: 'settled', settled_at: this.ledger.now() };
      if (preimage === 'wrong') lie.preimage = crypto.randomBytes(32).toString('hex');
      if (!this.quiet) log(`${w.name}: lie_settled about ${tx.payment_hash} (preimage ${preimage})`);
      return lie;
    }
    if (this.#consumeFault(w, 'lie_other_hash')) {
      const other = [...this.ledger.invoices.values()]
        .filter((i) => i.wallet === w.name && i.paymentHash !== tx.payment_hash && i.settledAt !== null)
        .sort((a, b) => b.seq - a.seq)[0];
      let lie;
      if (other) lie = this.ledger.incomingTx(other);
      else {
        const preimage = crypto.randomBytes(32).toString('hex');
        lie = { ...tx, state: 'settled', payment_hash: sha256hex(preimage), preimage, settled_at: this.ledger.now() };
      }
      if (!this.quiet) log(`${w.name}: lie_other_hash about ${tx.payment_hash}: answers ${lie.payment_hash}`);
      return lie;
    }
    return tx;
  }

  /**
   * The wallet announces a payment that did not happen: a payment_received about one of its own unpaid invoices, as
   * "settled" with a preimage that does not hash to it. For attack tests of a client that must not trust a notification.
   * @returns {Record<string, unknown>} what was announced
   */
  falseNotification(name, paymentHash) {
    const w = this.wallets.get(name);
    if (!w) throw new LedgerError('NOT_FOUND', `no wallet named ${name}`);
    const tx = this.ledger.lookup(name, { payment_hash: paymentHash });
    if (tx.type !== 'incoming' || tx.state === 'settled') {
      throw new LedgerError('OTHER', "a false notification is about one of the wallet's own unpaid invoices");
    }
    if (!w.notifications.includes('payment_received')) {
      throw new LedgerError('OTHER', `wallet ${name} sends no payment_received notifications`);
    }
    const lie = {
      ...tx,
      state: 'settled',
      settled_at: this.ledger.now(),
      preimage: crypto.randomBytes(32).toString('hex'),
    };
    this.#notify(w, 'payment_received', lie);
    return lie;
  }

  /** Pay an invoice from a wallet of this host, or from an external payer (fromName null). */
  pay(fromName, params) {
    return this.ledger.pay(fromName, params);
  }

  #onSettled({ payee, payer, incoming, outgoing }) {
    const pw = this.wallets.get(payee);
    if (pw) {
      const copies = this.#consumeFault(pw, 'duplicate_notifications') ? 2 : 1;
      for (let i = 0; i < copies; i++) this.#notify(pw, 'payment_received', incoming);
    }
    const sw = payer && this.wallets.get(payer);
    if (sw && outgoing && sw.fault.mode !== 'offline') this.#notify(sw, 'payment_sent', outgoing);
  }

  /** Publish a notification both as kind 23197 (NIP-44) and 23196 (NIP-04), per NIP-47; none the wallet does not offer. */
  #notify(w, type, tx) {
    if (!w.notifications.includes(type)) return;
    const content = JSON.stringify({ notification_type: type, notification: tx });
    for (const [enc, kind] of ENCRYPTIONS) {
      (async () => {
        const event = await w.service.signEvent(
          {
            kind,
            created_at: Math.floor(Date.now() / 1000),
            tags: [['p', w.keypair.clientPubkey]],
            content: await w.service.encrypt(w.keypair, content, enc),
          },
          w.keypair.walletSecret,
        );
        await Promise.any(w.service.pool.publish(w.service.relayUrls, event));
      })().catch((e) => log(`${w.name}: failed to publish ${type} notification (${enc}): ${e?.message || e}`));
    }
    if (!this.quiet) log(`${w.name} -> ${type} ${tx.payment_hash}`);
  }

  async close() {
    for (const w of this.wallets.values()) {
      try {
        w.unsubscribe?.();
        w.service.close();
      } catch {
        /* closing anyway */
      }
    }
  }
}
