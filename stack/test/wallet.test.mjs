// Tests of stack/wallet (development NIP-47 wallet services) with @getalby/sdk's NWCClient
// as the independent client, over a spawned stack/relay, on real sockets.

import '../wallet/ws-global.mjs'; // Node 20: global WebSocket for @getalby/sdk (must come first)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Invoice } from '@getalby/lightning-tools';
import { Nip47ReplyTimeoutError, Nip47WalletError, NWCClient } from '@getalby/sdk';
import bolt11 from 'bolt11';
import { Relay } from 'nostr-tools';
import { spawnReady } from '../relay/cli-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const RELAY = path.join(here, '..', 'relay', 'server.mjs');
const WALLET = path.join(here, '..', 'wallet', 'server.mjs');

const sha256 = (hex) => crypto.createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The SDK logs every failed request with console.error; keep the test output readable.
const consoleError = console.error;
const consoleWarn = console.warn;

let relay;
let wallet;
let control;
const clients = [];

function client(nwcUrl, encryption) {
  const c = new NWCClient({ nostrWalletConnectUrl: nwcUrl });
  if (encryption) c._encryptionType = encryption; // force NIP-04 for the legacy-client tests
  clients.push(c);
  return c;
}

/** NWC request with a short reply timeout (the SDK's public methods wait 60 s). */
function requestWithTimeout(c, method, params, replyTimeout) {
  return c.executeNip47Request(method, params, (r) => !!r, { replyTimeout });
}

async function api(method, route, body) {
  const res = await fetch(control + route, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/** Collect notifications of one NWC client. */
async function collectNotifications(c) {
  const got = [];
  const unsub = await c.subscribeNotifications((n) => got.push(n));
  // subscribeNotifications returns before its REQ is sent: wait until the subscription is open
  // on the client's relay connection, then make one round trip on that same connection (the
  // relay handles a connection's messages in order, so the REQ is registered after it).
  const end = Date.now() + 5000;
  while (![...c.pool.relays.values()].some((r) => r.openSubs.size > 0)) {
    if (Date.now() > end) throw new Error('notification subscription did not open');
    await sleep(5);
  }
  await c.getBalance();
  return {
    got,
    unsub,
    async waitFor(pred, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const hit = got.filter(pred);
        if (hit.length) return hit;
        await sleep(25);
      }
      throw new Error(`no matching notification; got ${JSON.stringify(got).slice(0, 300)}`);
    },
  };
}

before(async () => {
  console.error = () => {};
  console.warn = () => {};
  relay = await spawnReady(RELAY, ['--port', '0'], { name: 'relay' });
  wallet = await spawnReady(WALLET, ['--relay', relay.ready.url], { name: 'wallet', env: { CONTROL_PORT: '0' } });
  control = wallet.ready.control_url;
});

after(async () => {
  for (const c of clients) c.close();
  await wallet?.stop();
  await relay?.stop();
  console.error = consoleError;
  console.warn = consoleWarn;
});

describe('stack/wallet', () => {
  test('ready line has the control URL and both NWC URLs on the given relay', () => {
    assert.match(control, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const key of ['platform_nwc_url', 'tenant_nwc_url']) {
      const opts = NWCClient.parseWalletConnectUrl(wallet.ready[key], true);
      assert.deepEqual(opts.relayUrls, [relay.ready.url]);
      assert.match(opts.secret, /^[0-9a-f]{64}$/);
    }
    assert.notEqual(wallet.ready.platform_nwc_url, wallet.ready.tenant_nwc_url);
  });

  test('info events (kind 13194) list methods, encryption and notifications', async () => {
    const walletPubkey = NWCClient.parseWalletConnectUrl(wallet.ready.platform_nwc_url).walletPubkey;
    const r = await Relay.connect(relay.ready.url);
    try {
      const events = await new Promise((resolve) => {
        const got = [];
        const sub = r.subscribe([{ kinds: [13194], authors: [walletPubkey] }], {
          onevent: (e) => got.push(e),
          oneose: () => {
            sub.close();
            resolve(got);
          },
        });
      });
      assert.equal(events.length, 1);
      const info = events[0];
      assert.deepEqual(
        info.tags.find((t) => t[0] === 'encryption'),
        ['encryption', 'nip44_v2 nip04'],
      );
      assert.deepEqual(
        info.tags.find((t) => t[0] === 'notifications'),
        ['notifications', 'payment_received payment_sent'],
      );
      for (const m of [
        'pay_invoice',
        'make_invoice',
        'lookup_invoice',
        'get_balance',
        'get_info',
        'list_transactions',
        'notifications',
      ]) {
        assert.ok(info.content.split(' ').includes(m), m);
      }
    } finally {
      r.close();
    }
    const svcInfo = await client(wallet.ready.platform_nwc_url).getWalletServiceInfo();
    assert.deepEqual(svcInfo.encryptions, ['nip44_v2', 'nip04']);
  });

  test('get_info', async () => {
    const info = await client(wallet.ready.platform_nwc_url).getInfo();
    assert.equal(info.network, 'regtest');
    assert.match(info.pubkey, /^0[23][0-9a-f]{64}$/);
    assert.equal(info.alias, 'caravel-dev-platform');
    assert.ok(Number.isInteger(info.block_height));
    assert.match(info.block_hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(info.notifications, ['payment_received', 'payment_sent']);
    assert.ok(info.methods.includes('pay_invoice') && info.methods.includes('make_invoice'));
  });

  test('make_invoice on platform, pay_invoice from tenant, lookup settled, payment_received notification (NIP-44)', async () => {
    const platform = client(wallet.ready.platform_nwc_url);
    const tenant = client(wallet.ready.tenant_nwc_url);
    const platformInfo = await platform.getInfo();
    const before = { p: (await platform.getBalance()).balance, t: (await tenant.getBalance()).balance };
    assert.equal(before.t, 1_000_000_000, 'tenant starts with 1,000,000 sats');

    const notes = await collectNotifications(platform);
    const tenantNotes = await collectNotifications(tenant);

    const made = await platform.makeInvoice({
      amount: 21_000_000,
      description: 'Caravel relay basic, 1 month',
      expiry: 900,
    });
    assert.equal(made.type, 'incoming');
    assert.equal(made.state, 'pending');
    assert.equal(made.amount, 21_000_000);
    assert.equal(made.preimage, undefined);
    assert.equal(made.expires_at - made.created_at, 900);

    // Decode with two independent decoders.
    const decoded = bolt11.decode(made.invoice);
    assert.equal(decoded.prefix, 'lnbcrt210u');
    assert.equal(decoded.millisatoshis, '21000000');
    assert.equal(decoded.payeeNodeKey, platformInfo.pubkey, 'signed by the platform node key');
    assert.equal(decoded.tags.find((t) => t.tagName === 'payment_hash').data, made.payment_hash);
    assert.equal(decoded.tags.find((t) => t.tagName === 'description').data, 'Caravel relay basic, 1 month');
    assert.equal(decoded.timeExpireDate, made.expires_at);
    const inv = new Invoice({ pr: made.invoice });
    assert.equal(inv.satoshi, 21000);
    assert.equal(inv.paymentHash, made.payment_hash);
    assert.equal(inv.description, 'Caravel relay basic, 1 month');
    assert.equal(inv.expiry, 900);

    const paid = await tenant.payInvoice({ invoice: made.invoice });
    assert.equal(sha256(paid.preimage), made.payment_hash, 'payment_hash = sha256(preimage)');
    assert.ok(inv.validatePreimage ? inv.validatePreimage(paid.preimage) : true);

    const looked = await platform.lookupInvoice({ payment_hash: made.payment_hash });
    assert.equal(looked.state, 'settled');
    assert.equal(looked.preimage, paid.preimage);
    assert.ok(looked.settled_at >= looked.created_at);
    const byInvoice = await platform.lookupInvoice({ invoice: made.invoice });
    assert.equal(byInvoice.payment_hash, made.payment_hash);
    const outgoing = await tenant.lookupInvoice({ payment_hash: made.payment_hash });
    assert.equal(outgoing.type, 'outgoing');
    assert.equal(outgoing.state, 'settled');

    const [received] = await notes.waitFor((n) => n.notification.payment_hash === made.payment_hash);
    assert.equal(received.notification_type, 'payment_received');
    assert.equal(received.notification.preimage, paid.preimage);
    assert.equal(received.notification.amount, 21_000_000);
    const [sent] = await tenantNotes.waitFor((n) => n.notification.payment_hash === made.payment_hash);
    assert.equal(sent.notification_type, 'payment_sent');
    notes.unsub();
    tenantNotes.unsub();

    assert.equal((await platform.getBalance()).balance, before.p + 21_000_000);
    assert.equal((await tenant.getBalance()).balance, before.t - 21_000_000);

    const list = await platform.listTransactions({ type: 'incoming' });
    assert.ok(list.transactions.some((t) => t.payment_hash === made.payment_hash && t.state === 'settled'));
    const tlist = await tenant.listTransactions({});
    assert.equal(tlist.transactions[0].payment_hash, made.payment_hash);
    assert.equal(tlist.transactions[0].type, 'outgoing');

    // An invoice can be paid once.
    await assert.rejects(
      tenant.payInvoice({ invoice: made.invoice }),
      (e) => e instanceof Nip47WalletError && e.code === 'PAYMENT_FAILED',
    );

    const { body } = await api('GET', `/invoices?payment_hash=${made.payment_hash}`);
    assert.equal(body.invoices.length, 1);
    assert.equal(body.invoices[0].state, 'settled');
    assert.equal(body.invoices[0].paid_by, 'tenant');
  });

  test('insufficient balance, unknown invoice and unknown payment hash errors', async () => {
    const created = await api('POST', '/wallets', { name: 'poor', balance: 10 });
    assert.equal(created.status, 201);
    assert.match(created.body.nwc_url, /^nostr\+walletconnect:\/\/[0-9a-f]{64}\?/);
    assert.equal(created.body.name, 'poor');
    assert.match(created.body.pubkey, /^[0-9a-f]{64}$/);
    assert.equal((await api('POST', '/wallets', { name: 'poor' })).status, 409);

    const poor = client(created.body.nwc_url);
    const platform = client(wallet.ready.platform_nwc_url);
    assert.equal((await poor.getBalance()).balance, 10_000);
    const made = await platform.makeInvoice({ amount: 21_000, description: 'too much' });
    await assert.rejects(
      poor.payInvoice({ invoice: made.invoice }),
      (e) => e instanceof Nip47WalletError && e.code === 'INSUFFICIENT_BALANCE',
    );
    assert.equal((await poor.getBalance()).balance, 10_000);
    assert.equal((await platform.lookupInvoice({ payment_hash: made.payment_hash })).state, 'pending');

    // An invoice of a node outside this process: no route.
    const foreign = bolt11.sign(
      bolt11.encode({
        network: { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
        millisatoshis: '1000',
        tags: [
          { tagName: 'payment_hash', data: crypto.randomBytes(32).toString('hex') },
          { tagName: 'payment_secret', data: crypto.randomBytes(32).toString('hex') },
          { tagName: 'description', data: 'elsewhere' },
        ],
      }),
      crypto.randomBytes(32).toString('hex'),
    ).paymentRequest;
    await assert.rejects(
      poor.payInvoice({ invoice: foreign }),
      (e) => e instanceof Nip47WalletError && e.code === 'PAYMENT_FAILED',
    );
    await assert.rejects(
      platform.lookupInvoice({ payment_hash: crypto.randomBytes(32).toString('hex') }),
      (e) => e instanceof Nip47WalletError && e.code === 'NOT_FOUND',
    );

    const listed = await api('GET', '/wallets');
    const names = listed.body.wallets.map((w) => w.name);
    assert.deepEqual(names.slice(0, 2), ['platform', 'tenant']);
    assert.ok(names.includes('poor'));
    assert.equal(listed.body.wallets.find((w) => w.name === 'poor').balance, 10);
  });

  test('expired invoices cannot be paid (natural expiry and POST /expire)', async () => {
    const platform = client(wallet.ready.platform_nwc_url);
    const tenant = client(wallet.ready.tenant_nwc_url);
    const short = await platform.makeInvoice({ amount: 5_000, description: 'short', expiry: 1 });
    await sleep(1100);
    await assert.rejects(
      tenant.payInvoice({ invoice: short.invoice }),
      (e) => e instanceof Nip47WalletError && e.code === 'PAYMENT_FAILED' && /expired/.test(e.message),
    );
    assert.equal((await platform.lookupInvoice({ payment_hash: short.payment_hash })).state, 'expired');

    const made = await platform.makeInvoice({ amount: 5_000, description: 'to expire' });
    const ex = await api('POST', '/expire', { payment_hash: made.payment_hash });
    assert.equal(ex.status, 200);
    assert.equal(ex.body.state, 'expired');
    await assert.rejects(
      tenant.payInvoice({ invoice: made.invoice }),
      (e) => e instanceof Nip47WalletError && e.code === 'PAYMENT_FAILED',
    );
    const paidExternally = await api('POST', '/pay', { invoice: made.invoice });
    assert.equal(paidExternally.status, 422);
    assert.equal(paidExternally.body.code, 'PAYMENT_FAILED');
    assert.equal((await api('POST', '/expire', { payment_hash: 'ab'.repeat(32) })).status, 404);
  });

  test("POST /clock moves one wallet's clock: its invoices are dated and expire by it, the others' are not", async () => {
    const created = await api('POST', '/wallets', { name: 'ahead', balance: 0 });
    assert.equal(created.status, 201);
    const ahead = client(created.body.nwc_url);
    const platform = client(wallet.ready.platform_nwc_url);
    const twoDays = 2 * 86_400;
    const moved = await api('POST', '/clock', { wallet: 'ahead', advance: twoDays });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.clock_offset, twoDays);

    const now = Math.floor(Date.now() / 1000);
    const made = await ahead.makeInvoice({ amount: 3_000, description: 'dated ahead', expiry: 600 });
    const dated = bolt11.decode(made.invoice).timestamp;
    assert.ok(dated >= now + twoDays - 5 && dated <= now + twoDays + 5, `dated ${dated}, now ${now}`);
    const other = await platform.makeInvoice({ amount: 3_000, description: 'dated now' });
    assert.ok(Math.abs(bolt11.decode(other.invoice).timestamp - now) <= 5, 'another wallet keeps the real time');

    // an invoice made before the move expires by the moved clock
    const before = await ahead.makeInvoice({ amount: 1_000, description: 'made before', expiry: 600 });
    assert.equal((await api('POST', '/clock', { wallet: 'ahead', advance: 601 })).status, 200);
    assert.equal((await ahead.lookupInvoice({ payment_hash: before.payment_hash })).state, 'expired');

    assert.equal((await api('POST', '/clock', { wallet: 'ahead', advance: -1 })).status, 400);
    assert.equal((await api('POST', '/clock', { wallet: 'ahead' })).status, 400);
    assert.equal((await api('POST', '/clock', { wallet: 'nobody', advance: 1 })).status, 404);
  });

  test('offline fault: the wallet does not answer; count restores it', async () => {
    const platform = client(wallet.ready.platform_nwc_url);
    const f = await api('POST', '/faults', { wallet: 'platform', mode: 'offline', count: 1 });
    assert.deepEqual(f.body, { wallet: 'platform', mode: 'offline', remaining: 1 });
    await assert.rejects(requestWithTimeout(platform, 'get_balance', {}, 1500), Nip47ReplyTimeoutError);
    assert.ok(Number.isInteger((await platform.getBalance()).balance), 'answers again after count requests');

    const made = await platform.makeInvoice({ amount: 1_000, description: 'to an offline wallet' });
    await api('POST', '/faults', { wallet: 'platform', mode: 'offline' });
    await assert.rejects(requestWithTimeout(platform, 'get_info', {}, 1000), Nip47ReplyTimeoutError);
    // An offline wallet cannot be paid either.
    const toOffline = await api('POST', '/pay', { invoice: made.invoice, from: 'tenant' });
    assert.equal(toOffline.status, 422);
    assert.equal(toOffline.body.code, 'PAYMENT_FAILED');
    assert.equal((await api('POST', '/faults', { wallet: 'platform', mode: 'none' })).body.mode, 'none');
    assert.equal((await platform.getInfo()).network, 'regtest');
    assert.equal((await api('POST', '/faults', { wallet: 'platform', mode: 'bogus' })).status, 400);
    assert.equal((await api('POST', '/faults', { wallet: 'nobody', mode: 'none' })).status, 404);
  });

  test('drop_responses: the payment happens but its response is lost', async () => {
    const platform = client(wallet.ready.platform_nwc_url);
    const tenant = client(wallet.ready.tenant_nwc_url);
    const made = await platform.makeInvoice({ amount: 3_000, description: 'lost response' });
    await api('POST', '/faults', { wallet: 'tenant', mode: 'drop_responses', count: 1 });
    await assert.rejects(
      requestWithTimeout(tenant, 'pay_invoice', { invoice: made.invoice }, 1500),
      Nip47ReplyTimeoutError,
    );
    assert.equal((await platform.lookupInvoice({ payment_hash: made.payment_hash })).state, 'settled');
    assert.equal((await tenant.lookupInvoice({ payment_hash: made.payment_hash })).state, 'settled');
    const w = (await api('GET', '/wallets/tenant')).body;
    assert.equal(w.fault.mode, 'none');
  });

  test('duplicate_notifications: payment_received arrives twice', async () => {
    const platform = client(wallet.ready.platform_nwc_url);
    const notes = await collectNotifications(platform);
    const made = await platform.makeInvoice({ amount: 2_000, description: 'twice' });
    await api('POST', '/faults', { wallet: 'platform', mode: 'duplicate_notifications', count: 1 });
    const paid = await api('POST', '/pay', { invoice: made.invoice });
    assert.equal(paid.status, 200);
    assert.equal(sha256(paid.body.preimage), made.payment_hash);
    await notes.waitFor((n) => n.notification.payment_hash === made.payment_hash);
    await sleep(300);
    assert.equal(notes.got.filter((n) => n.notification.payment_hash === made.payment_hash).length, 2);
    notes.unsub();
  });

  test('a connection scoped to some methods: get_info and the info event list them, anything else is RESTRICTED', async () => {
    const made = await api('POST', '/wallets', { name: 'shop', methods: ['make_invoice', 'lookup_invoice'] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.methods, ['make_invoice', 'lookup_invoice']);
    assert.deepEqual((await api('GET', '/wallets/shop')).body.methods, ['make_invoice', 'lookup_invoice']);
    assert.deepEqual(
      (await api('GET', '/wallets/tenant')).body.methods,
      ['pay_invoice', 'get_balance', 'make_invoice', 'lookup_invoice', 'list_transactions', 'get_info'],
      'an unscoped wallet may use every method',
    );
    const shop = client(made.body.nwc_url);
    const info = await shop.getInfo();
    assert.deepEqual(info.methods, ['make_invoice', 'lookup_invoice']);
    // its own service key: its info event speaks for this connection
    const svc = await shop.getWalletServiceInfo();
    assert.deepEqual(svc.capabilities, ['make_invoice', 'lookup_invoice', 'notifications']);
    assert.equal(info.alias, 'caravel-dev-shop');

    // what it may do works
    const inv = await shop.makeInvoice({ amount: 4_000, description: 'a scoped invoice' });
    assert.equal((await shop.lookupInvoice({ payment_hash: inv.payment_hash })).state, 'pending');
    await api('POST', '/pay', { invoice: inv.invoice, from: 'tenant' });
    assert.equal((await shop.lookupInvoice({ payment_hash: inv.payment_hash })).state, 'settled');

    // the rest is refused, and refusing moves no money
    const before = (await api('GET', '/wallets/shop')).body.balance_msat;
    const other = await client(wallet.ready.platform_nwc_url).makeInvoice({ amount: 1_000, description: 'x' });
    const restricted = (e) => e instanceof Nip47WalletError && e.code === 'RESTRICTED';
    await assert.rejects(shop.payInvoice({ invoice: other.invoice }), restricted);
    await assert.rejects(shop.getBalance(), restricted);
    await assert.rejects(shop.listTransactions({}), restricted);
    assert.equal((await api('GET', '/wallets/shop')).body.balance_msat, before);
    assert.equal((await client(wallet.ready.platform_nwc_url).lookupInvoice(other)).state, 'pending');

    // without make_invoice: refused too, and get_info still answers (with what is allowed)
    const payer = await api('POST', '/wallets', { name: 'payer-only', methods: ['pay_invoice'] });
    assert.equal(payer.status, 201);
    const p = client(payer.body.nwc_url);
    assert.deepEqual((await p.getInfo()).methods, ['pay_invoice']);
    await assert.rejects(p.makeInvoice({ amount: 1_000, description: 'no' }), restricted);
    await assert.rejects(p.lookupInvoice({ payment_hash: other.payment_hash }), restricted);

    // bad lists are refused with what is wrong
    for (const methods of [[], ['steal_funds'], 'make_invoice', ['get_info', 'get_info'], [1]]) {
      const r = await api('POST', '/wallets', { name: 'bad-scope', methods });
      assert.equal(r.status, 400, JSON.stringify(methods));
      assert.match(r.body.error, /methods/);
    }
    assert.equal((await api('GET', '/wallets/bad-scope')).status, 404, 'no wallet made from a bad list');
  });

  test('lie_settled: an unpaid invoice is called settled, with a wrong preimage or none', async () => {
    const platform = client(wallet.ready.platform_nwc_url);
    const made = await platform.makeInvoice({ amount: 6_000, description: 'never paid' });
    const f = await api('POST', '/faults', { wallet: 'platform', mode: 'lie_settled', count: 2 });
    assert.deepEqual(f.body, { wallet: 'platform', mode: 'lie_settled', remaining: 2, preimage: 'wrong' });

    const lie = await platform.lookupInvoice({ payment_hash: made.payment_hash });
    assert.equal(lie.state, 'settled');
    assert.equal(lie.payment_hash, made.payment_hash);
    assert.equal(lie.amount, 6_000);
    assert.ok(lie.settled_at > 0);
    assert.match(lie.preimage, /^[0-9a-f]{64}$/);
    assert.notEqual(sha256(lie.preimage), made.payment_hash, 'the preimage does not prove the payment');
    // asked by invoice: the same lie
    const byInvoice = await platform.lookupInvoice({ invoice: made.invoice });
    assert.equal(byInvoice.state, 'settled');
    // the count is used up: the truth again, and the ledger never thought it paid
    assert.equal((await platform.lookupInvoice({ payment_hash: made.payment_hash })).state, 'pending');
    const ledger = await api('GET', `/invoices?payment_hash=${made.payment_hash}`);
    assert.equal(ledger.body.invoices[0].state, 'pending');

    // without a preimage at all
    const none = await api('POST', '/faults', { wallet: 'platform', mode: 'lie_settled', preimage: 'none' });
    assert.equal(none.body.preimage, 'none');
    const bare = await platform.lookupInvoice({ payment_hash: made.payment_hash });
    assert.equal(bare.state, 'settled');
    assert.equal(bare.preimage, undefined);
    // a paid invoice is answered truthfully (the lie is about unpaid ones), and does not use up the fault
    const paidInv = await platform.makeInvoice({ amount: 1_500, description: 'paid' });
    const paid = await api('POST', '/pay', { invoice: paidInv.invoice, from: 'tenant' });
    const truth = await platform.lookupInvoice({ payment_hash: paidInv.payment_hash });
    assert.equal(truth.preimage, paid.body.preimage);
    assert.equal((await api('GET', '/wallets/platform')).body.fault.mode, 'lie_settled');
    assert.equal((await api('POST', '/faults', { wallet: 'platform', mode: 'none' })).body.mode, 'none');
    assert.equal((await platform.lookupInvoice({ payment_hash: made.payment_hash })).state, 'pending');

    // bad options
    assert.equal(
      (await api('POST', '/faults', { wallet: 'platform', mode: 'lie_settled', preimage: 'x' })).status,
      400,
    );
    assert.equal((await api('POST', '/faults', { wallet: 'platform', mode: 'offline', preimage: 'none' })).status, 400);
    assert.equal((await api('GET', '/wallets/platform')).body.fault.mode, 'none');
  });

  test('lie_other_hash: a lookup answers about another invoice, settled, with its own hash', async () => {
    // a fresh wallet with no settled invoice: the other invoice is made up, but consistent in itself
    const fresh = await api('POST', '/wallets', { name: 'liar', balance: 0 });
    const liar = client(fresh.body.nwc_url);
    const first = await liar.makeInvoice({ amount: 8_000, description: 'first' });
    await api('POST', '/faults', { wallet: 'liar', mode: 'lie_other_hash', count: 1 });
    const madeUp = await liar.lookupInvoice({ payment_hash: first.payment_hash });
    assert.equal(madeUp.state, 'settled');
    assert.notEqual(madeUp.payment_hash, first.payment_hash);
    assert.equal(sha256(madeUp.preimage), madeUp.payment_hash);
    assert.equal((await liar.lookupInvoice({ payment_hash: first.payment_hash })).state, 'pending', 'count used');

    // once one invoice is paid, lookups of any other answer with that one (an old payment's proof)
    const paid = await api('POST', '/pay', { invoice: first.invoice, from: 'tenant' });
    const second = await liar.makeInvoice({ amount: 8_000, description: 'second' });
    await api('POST', '/faults', { wallet: 'liar', mode: 'lie_other_hash' });
    const lie = await liar.lookupInvoice({ payment_hash: second.payment_hash });
    assert.equal(lie.state, 'settled');
    assert.equal(lie.payment_hash, first.payment_hash);
    assert.equal(lie.preimage, paid.body.preimage);
    assert.equal(lie.invoice, first.invoice);
    assert.equal(lie.amount, 8_000);
    // and about the paid one itself: still another (the second, made up as it is unpaid)
    const aboutFirst = await liar.lookupInvoice({ payment_hash: first.payment_hash });
    assert.notEqual(aboutFirst.payment_hash, first.payment_hash);
    assert.equal((await api('GET', '/wallets/liar')).body.fault.mode, 'lie_other_hash', 'lasts until reset');
    await api('POST', '/faults', { wallet: 'liar', mode: 'none' });
    assert.equal((await liar.lookupInvoice({ payment_hash: second.payment_hash })).state, 'pending');
    const ledger = await api('GET', `/invoices?wallet=liar&state=settled`);
    assert.deepEqual(
      ledger.body.invoices.map((i) => i.payment_hash),
      [first.payment_hash],
    );
  });

  test('NIP-04 clients work too (requests, responses and kind 23196 notifications)', async () => {
    const tenant04 = client(wallet.ready.tenant_nwc_url, 'nip04');
    assert.equal(tenant04.encryptionType, 'nip04');
    const notes = await collectNotifications(tenant04);
    const made = await tenant04.makeInvoice({ amount: 7_000, description: 'nip04 invoice' });
    assert.equal(bolt11.decode(made.invoice).millisatoshis, '7000');
    const paid = await client(wallet.ready.platform_nwc_url).payInvoice({ invoice: made.invoice });
    const [n] = await notes.waitFor((x) => x.notification.payment_hash === made.payment_hash);
    assert.equal(n.notification_type, 'payment_received');
    assert.equal(n.notification.preimage, paid.preimage);
    assert.equal((await tenant04.lookupInvoice({ payment_hash: made.payment_hash })).state, 'settled');
    assert.ok((await tenant04.getBalance()).balance > 0);
    notes.unsub();
  });
  test('notifications: false: the info event and get_info offer none, and a paid invoice notifies no one', async () => {
    const made = await api('POST', '/wallets', { name: 'quiet', notifications: false });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.deepEqual(made.body.notifications, []);
    assert.deepEqual((await api('GET', '/wallets/tenant')).body.notifications, ['payment_received', 'payment_sent']);
    const quiet = client(made.body.nwc_url);
    const svc = await quiet.getWalletServiceInfo();
    assert.ok(!svc.capabilities.includes('notifications'), JSON.stringify(svc));
    assert.deepEqual(svc.notifications, []);
    assert.deepEqual((await quiet.getInfo()).notifications, []);
    const notes = await collectNotifications(quiet);
    // the payer's payment_sent is published after the payee's payment_received would be: once the payer has heard
    // about it, a notification of the quiet wallet would have been sent already
    const payer = client(wallet.ready.tenant_nwc_url);
    const payerNotes = await collectNotifications(payer);
    const inv = await quiet.makeInvoice({ amount: 3_000, description: 'heard by no one' });
    await payer.payInvoice({ invoice: inv.invoice });
    await payerNotes.waitFor((n) => n.notification.payment_hash === inv.payment_hash);
    assert.equal((await quiet.lookupInvoice({ payment_hash: inv.payment_hash })).state, 'settled');
    assert.deepEqual(notes.got, []);
    const bad = await api('POST', '/wallets', { name: 'bad-notifications', notifications: 'no' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /notifications/);
    notes.unsub();
    payerNotes.unsub();
  });

  test('POST /notify: a lying wallet announces a payment that did not happen; the ledger still says pending', async () => {
    const made = await api('POST', '/wallets', { name: 'boaster' });
    const boaster = client(made.body.nwc_url);
    const notes = await collectNotifications(boaster);
    const inv = await boaster.makeInvoice({ amount: 5_000, description: 'never paid' });
    const told = await api('POST', '/notify', { wallet: 'boaster', payment_hash: inv.payment_hash });
    assert.equal(told.status, 200, JSON.stringify(told.body));
    const [n] = await notes.waitFor((x) => x.notification.payment_hash === inv.payment_hash);
    assert.equal(n.notification_type, 'payment_received');
    assert.equal(n.notification.state, 'settled');
    assert.notEqual(sha256(n.notification.preimage), inv.payment_hash, 'a false notification has no true proof');
    assert.equal((await boaster.lookupInvoice({ payment_hash: inv.payment_hash })).state, 'pending');
    // only about the wallet's own unpaid invoices, and only from a wallet that notifies
    await api('POST', '/pay', { invoice: inv.invoice });
    assert.equal((await api('POST', '/notify', { wallet: 'boaster', payment_hash: inv.payment_hash })).status, 400);
    const quiet = client((await api('POST', '/wallets', { name: 'quiet-boaster', notifications: false })).body.nwc_url);
    const other = await quiet.makeInvoice({ amount: 1_000, description: 'x' });
    assert.equal(
      (await api('POST', '/notify', { wallet: 'quiet-boaster', payment_hash: other.payment_hash })).status,
      400,
    );
    assert.equal((await api('POST', '/notify', { wallet: 'boaster', payment_hash: other.payment_hash })).status, 404);
    notes.unsub();
  });
});
