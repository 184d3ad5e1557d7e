#!/usr/bin/env node
// Bitcoin price peer — DEVELOPMENT AND TESTS ONLY. Stands in for a public bitcoin price API so that plans priced in
// a fiat currency can be charged over Lightning without reaching the internet: the backend reads FIAT_RATE_URL
// (pointed at /api/v1/prices here) when it makes an invoice. The answer has the shape of mempool.space's
// GET /api/v1/prices — one object, "time" in unix seconds plus the price of one bitcoin per currency code:
//   {"time":1750000000,"USD":100000,"EUR":92000,"GBP":79000,"CAD":137000,"CHF":88000,"AUD":153000,"JPY":15500000}
// A control interface under /control lets tests move a price, make the API fail, and make it answer a body of their
// own (POST /control/body {"body": "..."}) or a flood of N bytes (POST /control/body {"flood_bytes": N}), as a broken
// or hostile feed would: the backend must refuse such answers and keep its last good price.
//
//   node stack/price/server.mjs [--port N] [--random-ports]
//   env: PRICE_PORT (default 4851, 0 = random)
//
// Prints one line when listening:
//   {"ready":true,"port":N,"url":"http://127.0.0.1:N","prices_url":"…/api/v1/prices","control_url":"…/control"}

import { pathToFileURL } from 'node:url';
import { HttpError, serveRoutes } from '../lib/json-http.mjs';
import { parseArgs, parsePort, stopOnSignals, truthy } from '../relay/cli-util.mjs';

export const DEFAULT_PORT = 4851;

/** Round numbers near real prices, so that fiat amounts in local runs look plausible. */
export const DEFAULT_PRICES = Object.freeze({
  USD: 100000,
  EUR: 92000,
  GBP: 79000,
  CAD: 137000,
  CHF: 88000,
  AUD: 153000,
  JPY: 15500000,
});

const PRICES_PATH = '/api/v1/prices';

/** The body of POST /control/price, checked: an upper-cased currency code and a positive price. */
function priceInput(body) {
  const { currency, price } = body;
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency))
    throw new HttpError(400, 'currency must be a 3-letter code such as "USD"');
  if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0)
    throw new HttpError(400, 'price must be a positive finite number (the price of one bitcoin)');
  return { currency: currency.toUpperCase(), price };
}

/** The body of POST /control/fail: 0 (answer normally again) or an HTTP error status for the prices route. */
function failInput(body) {
  const { status } = body;
  if (!Number.isInteger(status) || (status !== 0 && (status < 400 || status > 599)))
    throw new HttpError(400, 'status must be 0 (no failure) or an HTTP error status from 400 to 599');
  return status;
}

/** The body of POST /control/body: a raw body to answer, or a flood of bytes, or neither (answer prices again). */
function bodyInput(body) {
  const { body: raw = null, flood_bytes: flood = 0 } = body;
  if (raw !== null && typeof raw !== 'string') throw new HttpError(400, 'body must be a string or null');
  if (!Number.isInteger(flood) || flood < 0 || flood > 1024 ** 3)
    throw new HttpError(400, 'flood_bytes must be a whole number of bytes from 0 to 1073741824');
  if (raw !== null && flood > 0) throw new HttpError(400, 'give body or flood_bytes, not both');
  return { raw, flood };
}

/** Streams `total` bytes of JSON whitespace, stopping when the reader hangs up. */
function sendFlood(res, total) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const block = Buffer.alloc(64 * 1024, ' ');
  let left = total;
  const more = () => {
    while (left > 0 && !res.destroyed) {
      const n = Math.min(block.length, left);
      left -= n;
      if (!res.write(n === block.length ? block : block.subarray(0, n))) return res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => {
    left = 0;
  });
  more();
}

/**
 * @param {object} [o]
 * @param {number} [o.port] 0 = a free port
 * @param {string} [o.host]
 * @param {(message: string) => void} [o.say]
 */
export async function startPriceServer({ port = 0, host = '127.0.0.1', say = () => {} } = {}) {
  let prices = { ...DEFAULT_PRICES };
  let failStatus = 0;
  let requests = 0;
  /** @type {{raw: string | null, flood: number}} */
  let answer = { raw: null, flood: 0 };

  const state = () => ({
    prices: { ...prices },
    fail_status: failStatus,
    requests,
    body: answer.raw,
    flood_bytes: answer.flood,
  });

  const routes = {
    [`GET ${PRICES_PATH}`]: async () => {
      requests++;
      if (failStatus) return [failStatus, { error: `price API failure set by POST /control/fail (${failStatus})` }];
      const { raw, flood } = answer;
      if (raw !== null)
        return [
          200,
          null,
          (res) => {
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw) });
            res.end(raw);
          },
        ];
      if (flood > 0) return [200, null, (res) => sendFlood(res, flood)];
      return [200, { time: Math.floor(Date.now() / 1000), ...prices }];
    },
    'GET /control/state': async () => [200, state()],
    'POST /control/price': async (body) => {
      const { currency, price } = priceInput(body);
      prices[currency] = price;
      answer = { raw: null, flood: 0 };
      say(`price of one bitcoin in ${currency} set to ${price}`);
      return [200, state()];
    },
    'POST /control/fail': async (body) => {
      failStatus = failInput(body);
      say(failStatus ? `${PRICES_PATH} now answers ${failStatus}` : `${PRICES_PATH} answers normally again`);
      return [200, state()];
    },
    'POST /control/body': async (body) => {
      answer = bodyInput(body);
      say(
        answer.raw !== null
          ? `${PRICES_PATH} now answers a body of ${Buffer.byteLength(answer.raw)} bytes`
          : answer.flood
            ? `${PRICES_PATH} now answers a flood of ${answer.flood} bytes`
            : `${PRICES_PATH} answers prices again`,
      );
      return [200, state()];
    },
    'POST /control/reset': async () => {
      prices = { ...DEFAULT_PRICES };
      answer = { raw: null, flood: 0 };
      failStatus = 0;
      requests = 0;
      return [200, state()];
    },
  };
  const server = await serveRoutes(routes, { host, port, say });
  const listeningPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const url = `http://${host}:${listeningPort}`;
  return {
    port: listeningPort,
    url,
    pricesUrl: `${url}${PRICES_PATH}`,
    controlUrl: `${url}/control`,
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((ok) => {
          server.closeAllConnections?.();
          server.close(() => ok());
        })
      ),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), new Set(['random-ports']));
  const port = truthy(args['random-ports']) ? 0 : parsePort(args.port ?? process.env.PRICE_PORT, DEFAULT_PORT);
  const say = (m) => process.stderr.write(`[price] ${m}\n`);
  const peer = await startPriceServer({ port, say });
  stopOnSignals(() => peer.close());
  say(`bitcoin prices on ${peer.pricesUrl}, control on ${peer.controlUrl}`);
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      port: peer.port,
      url: peer.url,
      prices_url: peer.pricesUrl,
      control_url: peer.controlUrl,
    })}\n`,
  );
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  main().catch((e) => {
    process.stderr.write(`[price] failed to start: ${e?.message || e}\n`);
    process.exit(1);
  });
}
