// Tests of stack/price/server.mjs, the bitcoin price peer: the program is spawned on a random port and spoken to
// over real HTTP, the way the backend (FIAT_RATE_URL) and the e2e tests reach it.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { spawnReady } from '../relay/cli-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(here, '..', 'price', 'server.mjs');

const DEFAULTS = { USD: 100000, EUR: 92000, GBP: 79000, CAD: 137000, CHF: 88000, AUD: 153000, JPY: 15500000 };

/** @type {Awaited<ReturnType<typeof spawnReady>>} */
let peer;
/** @type {{port: number, url: string, prices_url: string, control_url: string}} */
let ready;

before(async () => {
  peer = await spawnReady(SERVER, ['--random-ports'], { name: 'price' });
  ready = peer.ready;
});
after(() => peer?.stop());
beforeEach(() => control('POST', '/reset'));

async function control(method, route, body) {
  const r = await fetch(`${ready.control_url}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

async function prices() {
  const r = await fetch(ready.prices_url);
  return { status: r.status, type: r.headers.get('content-type'), json: await r.json() };
}

test('ready line: port, base URL, prices URL and control URL on 127.0.0.1', () => {
  assert.ok(ready.port > 0);
  assert.equal(ready.url, `http://127.0.0.1:${ready.port}`);
  assert.equal(ready.prices_url, `${ready.url}/api/v1/prices`);
  assert.equal(ready.control_url, `${ready.url}/control`);
});

test('GET /api/v1/prices: the default price of one bitcoin per currency, and the time in unix seconds', async () => {
  const before = Math.floor(Date.now() / 1000);
  const r = await prices();
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/json');
  const { time, ...rest } = r.json;
  assert.deepEqual(rest, DEFAULTS);
  assert.ok(Number.isInteger(time), `time ${time}`);
  assert.ok(time >= before && time <= Math.floor(Date.now() / 1000) + 1, `time ${time}`);
  assert.deepEqual(Object.keys(r.json)[0], 'time');
});

test('POST /control/price changes one currency and leaves the others', async () => {
  const set = await control('POST', '/price', { currency: 'USD', price: 65000 });
  assert.equal(set.status, 200);
  assert.equal(set.json.prices.USD, 65000);
  const r = await prices();
  assert.equal(r.json.USD, 65000);
  assert.equal(r.json.EUR, DEFAULTS.EUR);
  // a lower-case code names the same currency; a new one is added; fractions are kept
  await control('POST', '/price', { currency: 'eur', price: 60123.45 });
  await control('POST', '/price', { currency: 'SEK', price: 1050000 });
  const after = (await prices()).json;
  assert.equal(after.EUR, 60123.45);
  assert.equal(after.SEK, 1050000);
  assert.equal('eur' in after, false);
  // reset brings back exactly the defaults
  await control('POST', '/reset');
  const { time: _t, ...reset } = (await prices()).json;
  assert.deepEqual(reset, DEFAULTS);
});

test('bad control input: 400 naming the problem, nothing changed', async () => {
  const cases = [
    [{ currency: 'US', price: 1 }, /currency/],
    [{ currency: 'USDT', price: 1 }, /currency/],
    [{ currency: 12, price: 1 }, /currency/],
    [{ price: 1 }, /currency/],
    [{ currency: 'USD', price: 0 }, /price/],
    [{ currency: 'USD', price: -5 }, /price/],
    [{ currency: 'USD', price: '65000' }, /price/],
    [{ currency: 'USD' }, /price/],
    ['{"currency":"USD","price":1e999}', /price/], // JSON.parse makes it Infinity
    ['not json', /JSON/],
    ['[1,2]', /JSON/],
  ];
  for (const [body, problem] of cases) {
    const r = await control('POST', '/price', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.json.error, problem, JSON.stringify(body));
  }
  for (const body of [{ status: 200 }, { status: 302 }, { status: 600 }, { status: '503' }, { status: 503.5 }, {}]) {
    const r = await control('POST', '/fail', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.json.error, /status/);
  }
  const { time: _t, ...now } = (await prices()).json;
  assert.deepEqual(now, DEFAULTS);
  assert.equal((await control('GET', '/state')).json.fail_status, 0);
});

test('POST /control/fail: the prices route answers that status with a JSON error until status 0', async () => {
  assert.equal((await control('POST', '/fail', { status: 503 })).json.fail_status, 503);
  for (let i = 0; i < 2; i++) {
    const r = await prices();
    assert.equal(r.status, 503);
    assert.equal(r.type, 'application/json');
    assert.equal(typeof r.json.error, 'string');
    assert.equal(r.json.USD, undefined);
  }
  // the control interface itself keeps working while the API fails
  await control('POST', '/price', { currency: 'USD', price: 70000 });
  assert.equal((await control('POST', '/fail', { status: 0 })).json.fail_status, 0);
  const r = await prices();
  assert.equal(r.status, 200);
  assert.equal(r.json.USD, 70000);
  // reset clears a failure too
  await control('POST', '/fail', { status: 429 });
  assert.equal((await prices()).status, 429);
  await control('POST', '/reset');
  assert.equal((await prices()).status, 200);
});

test('GET /control/state: prices, failure status and how many times the prices were asked for', async () => {
  let s = await control('GET', '/state');
  assert.equal(s.status, 200);
  assert.deepEqual(s.json, { prices: DEFAULTS, fail_status: 0, requests: 0, body: null, flood_bytes: 0 });
  await prices();
  await prices();
  await control('POST', '/fail', { status: 500 });
  await prices(); // a failed answer was still asked for
  await control('GET', '/state'); // control calls are not counted
  s = await control('GET', '/state');
  assert.deepEqual(s.json, { prices: DEFAULTS, fail_status: 500, requests: 3, body: null, flood_bytes: 0 });
  await control('POST', '/reset');
  assert.equal((await control('GET', '/state')).json.requests, 0);
});

test('unknown routes: 404 JSON; a known route with the wrong method: 405', async () => {
  for (const route of ['/api/v1/price', '/', '/api/v1/prices/USD']) {
    const r = await fetch(`${ready.url}${route}`);
    assert.equal(r.status, 404, route);
    assert.match((await r.json()).error, /no route/);
  }
  const r = await fetch(ready.prices_url, { method: 'POST', body: '{}' });
  assert.equal(r.status, 405);
  assert.equal(typeof (await r.json()).error, 'string');
  assert.equal((await control('GET', '/reset')).status, 405);
  assert.equal((await control('GET', '/state')).json.requests, 0, 'a POST to the prices route is not a request');
});

test('an invalid --port stops the program with the reason', async () => {
  await assert.rejects(spawnReady(SERVER, ['--port', 'seventy'], { name: 'price' }), /invalid port: seventy/);
});

test("POST /control/body: the prices route answers a body of the test's own, or a flood, until prices are set again", async () => {
  assert.equal((await control('POST', '/body', { body: '{"USD":1E-30}' })).json.body, '{"USD":1E-30}');
  let r = await fetch(ready.prices_url);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '{"USD":1E-30}');
  // a flood: the reader may stop whenever it likes (here after the first chunk), and the peer keeps serving
  await control('POST', '/body', { flood_bytes: 8 * 1024 * 1024 });
  r = await fetch(ready.prices_url);
  const reader = r.body.getReader();
  const first = await reader.read();
  assert.ok(first.value.length > 0);
  assert.match(Buffer.from(first.value).toString(), /^ +$/);
  await reader.cancel();
  for (const bad of [{ body: 7 }, { flood_bytes: -1 }, { flood_bytes: 1.5 }, { body: 'x', flood_bytes: 1 }])
    assert.equal((await control('POST', '/body', bad)).status, 400, JSON.stringify(bad));
  // a new price answers prices again
  await control('POST', '/price', { currency: 'USD', price: 90000 });
  assert.equal((await prices()).json.USD, 90000);
});
