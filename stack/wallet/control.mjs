// Control HTTP interface of the development wallet service (127.0.0.1 only). Development
// and test use only: it lets tests create wallets, pay invoices and inject faults.

import http from 'node:http';
import { HttpError, readJson, send } from '../lib/json-http.mjs';
import { LedgerError } from './ledger.mjs';

const STATUS = { NOT_FOUND: 404, CONFLICT: 409, INSUFFICIENT_BALANCE: 402, PAYMENT_FAILED: 422, OTHER: 400 };

function optionalInt(body, key) {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Number.isSafeInteger(v) || v < 0) throw new HttpError(400, `${key} must be a non-negative integer`);
  return v;
}

/**
 * @param {import('./host.mjs').WalletHost} host
 * @param {{port?:number, host?:string, tenantBalanceMsat?:number}} opts
 */
export async function startControl(host, opts = {}) {
  const bind = opts.host ?? '127.0.0.1';
  const defaultBalanceMsat = opts.tenantBalanceMsat ?? 1_000_000_000;

  const routes = {
    'GET /healthz': async () => [200, { ok: true }],
    'GET /wallets': async () => [200, { wallets: host.list() }],
    'POST /wallets': async (body) => {
      const sats = optionalInt(body, 'balance');
      const msat = optionalInt(body, 'balance_msat');
      if (sats !== undefined && msat !== undefined)
        throw new HttpError(400, 'give balance (sats) or balance_msat, not both');
      const balanceMsat = msat ?? (sats !== undefined ? sats * 1000 : defaultBalanceMsat);
      return [
        201,
        await host.addWallet({
          name: body.name,
          balanceMsat,
          methods: body.methods,
          notifications: body.notifications,
        }),
      ];
    },
    'POST /pay': async (body) => {
      if (typeof body.invoice !== 'string' || !body.invoice) throw new HttpError(400, 'invoice (bolt11) is required');
      const from = body.from === undefined || body.from === null || body.from === 'external' ? null : String(body.from);
      const amount = optionalInt(body, 'amount_msat');
      const r = host.pay(from, { invoice: body.invoice, amount });
      return [
        200,
        {
          preimage: r.preimage,
          payment_hash: r.payment_hash,
          amount_msat: r.amount,
          fees_paid: r.fees_paid,
          from: from ?? 'external',
        },
      ];
    },
    'GET /invoices': async (_body, url) => {
      let list = host.ledger.listInvoices();
      const wallet = url.searchParams.get('wallet');
      const state = url.searchParams.get('state');
      const hash = url.searchParams.get('payment_hash');
      if (wallet) list = list.filter((i) => i.wallet === wallet);
      if (state) list = list.filter((i) => i.state === state);
      if (hash) list = list.filter((i) => i.payment_hash === hash);
      return [200, { invoices: list }];
    },
    'POST /faults': async (body) => {
      if (typeof body.wallet !== 'string') throw new HttpError(400, 'wallet is required');
      if (typeof body.mode !== 'string') throw new HttpError(400, 'mode is required');
      const count = body.count === undefined || body.count === null ? undefined : body.count;
      if (body.preimage !== undefined && typeof body.preimage !== 'string') {
        throw new HttpError(400, 'preimage must be a string');
      }
      return [200, host.setFault(body.wallet, body.mode, count, { preimage: body.preimage })];
    },
    'POST /notify': async (body) => {
      if (typeof body.wallet !== 'string') throw new HttpError(400, 'wallet is required');
      if (typeof body.payment_hash !== 'string') throw new HttpError(400, 'payment_hash is required');
      return [200, { notification: host.falseNotification(body.wallet, body.payment_hash) }];
    },
    'POST /clock': async (body) => {
      if (typeof body.wallet !== 'string') throw new HttpError(400, 'wallet is required');
      const seconds = optionalInt(body, 'advance');
      if (seconds === undefined) throw new HttpError(400, 'advance (seconds) is required');
      return [200, { wallet: body.wallet, clock_offset: host.ledger.advanceClock(body.wallet, seconds) }];
    },
    'POST /expire': async (body) => {
      if (typeof body.payment_hash !== 'string') throw new HttpError(400, 'payment_hash is required');
      const inv = host.ledger.expire(body.payment_hash);
      return [200, { payment_hash: inv.paymentHash, state: host.ledger.invoiceState(inv), expires_at: inv.expiresAt }];
    },
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    let route = routes[`${req.method} ${url.pathname.replace(/\/+$/, '') || '/'}`];
    const m = url.pathname.match(/^\/wallets\/([^/]+)$/);
    if (!route && req.method === 'GET' && m) route = async () => [200, host.describe(decodeURIComponent(m[1]))];
    try {
      if (!route) throw new HttpError(404, `no route ${req.method} ${url.pathname}`);
      const body = req.method === 'POST' ? await readJson(req) : {};
      const [status, out] = await route(body, url);
      send(res, status, out);
    } catch (e) {
      if (e instanceof HttpError) send(res, e.status, { error: e.message });
      else if (e instanceof LedgerError) send(res, STATUS[e.code] ?? 400, { error: e.message, code: e.code });
      else {
        process.stderr.write(`[wallet control] ${e?.stack || e}\n`);
        send(res, 500, { error: String(e?.message || e) });
      }
    }
  });

  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 4849, bind, () => {
        server.off('error', reject);
        resolve();
      });
    })
  );
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    port,
    url: `http://${bind}:${port}`,
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((r) => {
          server.closeAllConnections?.();
          server.close(() => r());
        })
      ),
  };
}
