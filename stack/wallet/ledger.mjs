// In-memory Lightning "network in miniature" for the development wallet service.
// Every wallet has a node key (signs its BOLT11 invoices) and a balance in msats; a payment
// moves msats from the payer's balance to the payee's when the invoice was issued by a wallet
// of this ledger. Development and test use only: no real bitcoin is involved.

import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import bolt11 from 'bolt11';

export const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };
export const DEFAULT_EXPIRY_SECONDS = 86400;
const MAX_DESCRIPTION_BYTES = 639; // BOLT11 'd' field limit (1023 five-bit words)
const MAX_METADATA_CHARS = 4096; // NIP-47

export class LedgerError extends Error {
  /** @param {string} code NIP-47 error code */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const sha256hex = (data) => crypto.createHash('sha256').update(data).digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Compressed secp256k1 public key (hex) of a private key (hex). */
export function nodePublicKey(privHex) {
  const ecdh = crypto.createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privHex, 'hex'));
  return ecdh.getPublicKey('hex', 'compressed');
}

function isMsatAmount(v) {
  return Number.isSafeInteger(v) && v >= 0;
}

export class Ledger extends EventEmitter {
  /**
   * @param {object} [opts]
   * @param {(walletName:string)=>boolean} [opts.canReceive] false when a wallet is "offline"
   * @param {()=>number} [opts.now] clock in unix seconds
   */
  constructor(opts = {}) {
    super();
    this.canReceive = opts.canReceive ?? (() => true);
    this.now = opts.now ?? nowSeconds;
    /** @type {Map<string, object>} */
    this.wallets = new Map();
    /** @type {Map<string, object>} payment_hash -> invoice record */
    this.invoices = new Map();
    this.startedAt = this.now();
    this.seq = 0;
  }

  /**
   * @param {{name:string, balanceMsat:number, nodeKey:string}} w
   */
  addWallet({ name, balanceMsat, nodeKey }) {
    if (this.wallets.has(name)) throw new LedgerError('OTHER', `wallet ${name} exists`);
    if (!isMsatAmount(balanceMsat)) throw new LedgerError('OTHER', 'balance must be a non-negative integer');
    const wallet = {
      name,
      balanceMsat,
      nodeKey,
      nodePubkey: nodePublicKey(nodeKey),
      payments: [], // outgoing
      clockOffset: 0, // seconds this wallet's clock runs ahead of the ledger's (see advanceClock)
    };
    this.wallets.set(name, wallet);
    return wallet;
  }

  wallet(name) {
    const w = this.wallets.get(name);
    if (!w) throw new LedgerError('NOT_FOUND', `no wallet named ${name}`);
    return w;
  }

  /** Simulated chain tip for get_info. */
  blockHeight() {
    return 100 + Math.floor((this.now() - this.startedAt) / 600) + this.seq;
  }

  blockHash(height = this.blockHeight()) {
    return sha256hex(`caravel-dev-regtest-block:${height}`);
  }

  /** NIP-47 make_invoice. */
  makeInvoice(walletName, params = {}) {
    const wallet = this.wallet(walletName);
    const amount = params.amount ?? 0;
    if (!isMsatAmount(amount)) throw new LedgerError('OTHER', 'amount must be a non-negative integer (msats)');
    const description = params.description ?? '';
    if (typeof description !== 'string') throw new LedgerError('OTHER', 'description must be a string');
    if (Buffer.byteLength(description, 'utf8') > MAX_DESCRIPTION_BYTES) {
      throw new LedgerError('OTHER', `description longer than ${MAX_DESCRIPTION_BYTES} bytes`);
    }
    const descriptionHash = params.description_hash;
    if (descriptionHash !== undefined && !/^[0-9a-f]{64}$/.test(descriptionHash)) {
      throw new LedgerError('OTHER', 'description_hash must be 32 bytes of hex');
    }
    const expiry = params.expiry ?? DEFAULT_EXPIRY_SECONDS;
    if (!Number.isSafeInteger(expiry) || expiry <= 0)
      throw new LedgerError('OTHER', 'expiry must be a positive integer');
    let metadata = params.metadata;
    if (metadata !== undefined && JSON.stringify(metadata).length > MAX_METADATA_CHARS) metadata = undefined;

    const preimage = crypto.randomBytes(32).toString('hex');
    const paymentHash = sha256hex(Buffer.from(preimage, 'hex'));
    const createdAt = this.walletNow(walletName);
    const tags = [
      { tagName: 'payment_hash', data: paymentHash },
      { tagName: 'payment_secret', data: crypto.randomBytes(32).toString('hex') },
      descriptionHash
        ? { tagName: 'purpose_commit_hash', data: descriptionHash }
        : { tagName: 'description', data: description },
      { tagName: 'expire_time', data: expiry },
      { tagName: 'min_final_cltv_expiry', data: 18 },
    ];
    const unsigned = bolt11.encode({
      network: REGTEST,
      timestamp: createdAt,
      ...(amount > 0 ? { millisatoshis: String(amount) } : {}),
      tags,
    });
    const signed = bolt11.sign(unsigned, wallet.nodeKey);
    const record = {
      seq: ++this.seq,
      wallet: walletName,
      paymentHash,
      preimage,
      paymentRequest: signed.paymentRequest,
      amountMsat: amount > 0 ? amount : null,
      description: descriptionHash ? '' : description,
      descriptionHash: descriptionHash ?? '',
      createdAt,
      expiresAt: createdAt + expiry,
      settledAt: null,
      paidAmountMsat: null,
      paidBy: null,
      forcedExpired: false,
      metadata,
    };
    this.invoices.set(paymentHash, record);
    return this.incomingTx(record);
  }

  /**
   * Moves one wallet's clock forward: the invoices it makes are dated, and expire, by its clock. A test that moves a
   * backend's clock by days moves the clocks of that backend's wallets with it, as the days pass for both in reality,
   * without moving the time of the other wallets on the same host.
   */
  advanceClock(walletName, seconds) {
    if (!Number.isSafeInteger(seconds) || seconds < 0)
      throw new LedgerError('OTHER', 'seconds must be a non-negative integer');
    const wallet = this.wallet(walletName);
    wallet.clockOffset += seconds;
    return wallet.clockOffset;
  }

  /** Unix seconds by one wallet's clock. */
  walletNow(walletName) {
    return this.now() + (this.wallets.get(walletName)?.clockOffset ?? 0);
  }

  invoiceState(inv) {
    if (inv.settledAt !== null) return 'settled';
    if (inv.forcedExpired || this.walletNow(inv.wallet) >= inv.expiresAt) return 'expired';
    return 'pending';
  }

  /** NIP-47 transaction object for an invoice (incoming side). */
  incomingTx(inv) {
    const state = this.invoiceState(inv);
    const tx = {
      type: 'incoming',
      state,
      invoice: inv.paymentRequest,
      description: inv.description,
      description_hash: inv.descriptionHash,
      payment_hash: inv.paymentHash,
      amount: inv.paidAmountMsat ?? inv.amountMsat ?? 0,
      fees_paid: 0,
      created_at: inv.createdAt,
      expires_at: inv.expiresAt,
    };
    if (state === 'settled') {
      tx.preimage = inv.preimage;
      tx.settled_at = inv.settledAt;
    }
    if (inv.metadata !== undefined) tx.metadata = inv.metadata;
    return tx;
  }

  outgoingTx(p) {
    const tx = {
      type: 'outgoing',
      state: 'settled',
      invoice: p.invoice,
      description: p.description,
      description_hash: p.descriptionHash,
      preimage: p.preimage,
      payment_hash: p.paymentHash,
      amount: p.amountMsat,
      fees_paid: 0,
      created_at: p.createdAt,
      expires_at: p.expiresAt,
      settled_at: p.settledAt,
    };
    if (p.metadata !== undefined) tx.metadata = p.metadata;
    return tx;
  }

  /**
   * Pay a BOLT11 invoice.
   * @param {string|null} payerName wallet name, or null for an external payer with unlimited funds
   * @param {{invoice?:string, amount?:number, metadata?:object}} params
   */
  pay(payerName, params = {}) {
    const payer = payerName === null ? null : this.wallet(payerName);
    const pr = typeof params.invoice === 'string' ? params.invoice.trim() : '';
    if (!pr) throw new LedgerError('OTHER', 'invoice is required');
    let decoded;
    try {
      decoded = bolt11.decode(pr);
    } catch (e) {
      throw new LedgerError('OTHER', `invalid invoice: ${e.message}`);
    }
    const hashTag = decoded.tags.find((t) => t.tagName === 'payment_hash');
    const inv = hashTag && this.invoices.get(/** @type {string} */ (hashTag.data));
    if (!inv) throw new LedgerError('PAYMENT_FAILED', 'no route to the payee (unknown invoice)');
    const payee = this.wallets.get(inv.wallet);
    if (!payee || decoded.payeeNodeKey !== payee.nodePubkey) {
      throw new LedgerError('PAYMENT_FAILED', 'no route to the payee (invoice not signed by a known node)');
    }
    if (payer && payer.name === payee.name)
      throw new LedgerError('PAYMENT_FAILED', 'cannot pay an invoice of the same wallet');
    const state = this.invoiceState(inv);
    if (state === 'settled') throw new LedgerError('PAYMENT_FAILED', 'invoice is already paid');
    if (state === 'expired') throw new LedgerError('PAYMENT_FAILED', 'invoice is expired');
    let amount = inv.amountMsat;
    if (amount === null) {
      if (typeof params.amount !== 'number' || !Number.isSafeInteger(params.amount) || params.amount <= 0) {
        throw new LedgerError('OTHER', 'amount (msats) is required for an invoice without amount');
      }
      amount = params.amount;
    } else if (params.amount !== undefined && params.amount !== null && params.amount !== amount) {
      throw new LedgerError('OTHER', `amount ${params.amount} does not match the invoice amount ${amount}`);
    }
    if (!this.canReceive(payee.name))
      throw new LedgerError('PAYMENT_FAILED', 'no route to the payee (payee is offline)');
    if (payer && payer.balanceMsat < amount) {
      throw new LedgerError('INSUFFICIENT_BALANCE', `balance ${payer.balanceMsat} msats is less than ${amount} msats`);
    }

    // Settle atomically (single-threaded).
    const t = this.walletNow(payee.name);
    if (payer) payer.balanceMsat -= amount;
    payee.balanceMsat += amount;
    inv.settledAt = t;
    inv.paidAmountMsat = amount;
    inv.paidBy = payer ? payer.name : 'external';
    this.seq++;
    let payment = null;
    if (payer) {
      let metadata = params.metadata;
      if (metadata !== undefined && JSON.stringify(metadata).length > MAX_METADATA_CHARS) metadata = undefined;
      payment = {
        seq: this.seq,
        invoice: inv.paymentRequest,
        description: inv.description,
        descriptionHash: inv.descriptionHash,
        preimage: inv.preimage,
        paymentHash: inv.paymentHash,
        amountMsat: amount,
        createdAt: t,
        expiresAt: inv.expiresAt,
        settledAt: t,
        payee: payee.name,
        metadata,
      };
      payer.payments.push(payment);
    }
    this.emit('settled', {
      payee: payee.name,
      payer: payer ? payer.name : null,
      incoming: this.incomingTx(inv),
      outgoing: payment ? this.outgoingTx(payment) : null,
    });
    return { preimage: inv.preimage, fees_paid: 0, payment_hash: inv.paymentHash, amount };
  }

  /** NIP-47 lookup_invoice within one wallet (its invoices, then its payments). */
  lookup(walletName, params = {}) {
    const wallet = this.wallet(walletName);
    let hash = typeof params.payment_hash === 'string' ? params.payment_hash.toLowerCase() : undefined;
    if (!hash && typeof params.invoice === 'string' && params.invoice) {
      try {
        hash = bolt11.decode(params.invoice.trim()).tags.find((t) => t.tagName === 'payment_hash')?.data;
      } catch (e) {
        throw new LedgerError('OTHER', `invalid invoice: ${e.message}`);
      }
    }
    if (!hash) throw new LedgerError('OTHER', 'payment_hash or invoice is required');
    const inv = this.invoices.get(hash);
    if (inv && inv.wallet === walletName) return this.incomingTx(inv);
    const p = wallet.payments.find((x) => x.paymentHash === hash);
    if (p) return this.outgoingTx(p);
    throw new LedgerError('NOT_FOUND', 'invoice not found');
  }

  /** NIP-47 list_transactions. */
  listTransactions(walletName, params = {}) {
    const wallet = this.wallet(walletName);
    const from = params.from ?? 0;
    const until = params.until ?? this.now();
    const rows = [];
    if (params.type !== 'outgoing') {
      for (const inv of this.invoices.values()) {
        if (inv.wallet !== walletName) continue;
        if (!params.unpaid && inv.settledAt === null) continue;
        rows.push([inv.seq, this.incomingTx(inv)]);
      }
    }
    if (params.type !== 'incoming') for (const p of wallet.payments) rows.push([p.seq, this.outgoingTx(p)]);
    const filtered = rows
      .filter(([, tx]) => tx.created_at >= from && tx.created_at <= until)
      .sort((a, b) => b[1].created_at - a[1].created_at || b[0] - a[0])
      .map(([, tx]) => tx);
    const offset = Number.isSafeInteger(params.offset) && params.offset > 0 ? params.offset : 0;
    const limit = Number.isSafeInteger(params.limit) && params.limit >= 0 ? params.limit : filtered.length;
    return { transactions: filtered.slice(offset, offset + limit), total_count: filtered.length };
  }

  /** Force an unpaid invoice to expire now. */
  expire(paymentHash) {
    const inv = this.invoices.get(String(paymentHash || '').toLowerCase());
    if (!inv) throw new LedgerError('NOT_FOUND', 'invoice not found');
    if (inv.settledAt !== null) throw new LedgerError('OTHER', 'invoice is already paid');
    inv.forcedExpired = true;
    inv.expiresAt = Math.min(inv.expiresAt, this.walletNow(inv.wallet));
    return inv;
  }

  /** All invoices, for the control interface. */
  listInvoices() {
    return [...this.invoices.values()]
      .sort((a, b) => b.seq - a.seq)
      .map((inv) => ({
        wallet: inv.wallet,
        payment_hash: inv.paymentHash,
        invoice: inv.paymentRequest,
        amount_msat: inv.paidAmountMsat ?? inv.amountMsat ?? 0,
        description: inv.description,
        description_hash: inv.descriptionHash,
        state: this.invoiceState(inv),
        created_at: inv.createdAt,
        expires_at: inv.expiresAt,
        settled_at: inv.settledAt,
        paid_by: inv.paidBy,
        preimage: inv.settledAt !== null ? inv.preimage : null,
      }));
  }
}
