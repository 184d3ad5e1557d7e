// Tests of stack/dns/server.mjs, the local DNS server custom domains are checked against: the program is spawned on
// random ports and asked over real UDP, with dns-packet's encoder and with Node's own resolver (c-ares), the way
// Caravel's DNS_RESOLVERS reaches it; its records are set through the control interface.

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { spawnReady } from '../relay/cli-util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER = path.join(here, '..', 'dns', 'server.mjs');

/** @type {Awaited<ReturnType<typeof spawnReady>>} */
let peer;
/** @type {{port: number, resolver: string, control_url: string}} */
let ready;

before(async () => {
  peer = await spawnReady(SERVER, ['--random-ports'], { name: 'dns' });
  ready = peer.ready;
});
after(() => peer?.stop());
beforeEach(() => control('POST', '/reset'));

async function control(method, route, body) {
  const r = await fetch(`${ready.control_url}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

/** One question over UDP; the decoded answer. */
function ask(name, type, id = Math.floor(Math.random() * 65535)) {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      reject(new Error(`no answer for ${name} ${type}`));
    }, 3000);
    s.on('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(dnsPacket.decode(m));
    });
    s.send(
      dnsPacket.encode({
        type: 'query',
        id,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type, class: 'IN', name }],
      }),
      ready.port,
      '127.0.0.1',
    );
  });
}

function resolver() {
  const r = new Resolver({ timeout: 2000, tries: 1 });
  r.setServers([ready.resolver]);
  return r;
}

test("a custom domain's records: the CNAME to the relay's host and the TXT token, each answered as set", async () => {
  assert.equal(
    (
      await control('PUT', '/records', {
        name: 'Relay.Hikers.Test.',
        type: 'CNAME',
        values: ['team.relays.localhost.'],
      })
    ).status,
    200,
  );
  await control('POST', '/records', {
    name: '_caravel.relay.hikers.test',
    type: 'TXT',
    value: 'caravel-verify=abc123',
  });
  await control('POST', '/records', { name: 'team.relays.localhost', type: 'A', value: '127.0.0.1' });

  const cname = await ask('relay.hikers.test', 'CNAME', 4242);
  assert.equal(cname.id, 4242);
  assert.equal(cname.rcode, 'NOERROR');
  assert.ok(cname.flag_aa, 'authoritative');
  assert.deepEqual(
    cname.answers.map((a) => [a.type, a.name, a.data, a.ttl]),
    [['CNAME', 'relay.hikers.test', 'team.relays.localhost', 0]],
  );
  // any other question for the name gets the CNAME alone: its target is the asker's next question
  const a = await ask('RELAY.hikers.test', 'A');
  assert.deepEqual(
    a.answers.map((x) => [x.type, x.data]),
    [['CNAME', 'team.relays.localhost']],
  );
  const target = await ask('team.relays.localhost', 'A');
  assert.deepEqual(
    target.answers.map((x) => [x.type, x.data]),
    [['A', '127.0.0.1']],
  );

  // Node's own resolver reads the same
  const r = resolver();
  assert.deepEqual(await r.resolveCname('relay.hikers.test'), ['team.relays.localhost']);
  assert.deepEqual(await r.resolveTxt('_caravel.relay.hikers.test'), [['caravel-verify=abc123']]);
  assert.deepEqual(await r.resolve4('team.relays.localhost'), ['127.0.0.1']);

  const state = await control('GET', '/state');
  assert.ok(state.json.questions >= 6);
  assert.deepEqual(state.json.records, [
    { name: '_caravel.relay.hikers.test', type: 'TXT', value: 'caravel-verify=abc123' },
    { name: 'relay.hikers.test', type: 'CNAME', value: 'team.relays.localhost' },
    { name: 'team.relays.localhost', type: 'A', value: '127.0.0.1' },
  ]);
});

test('unknown names are NXDOMAIN, a known name without the type has no data, and a removed record is gone at once', async () => {
  assert.equal((await ask('nobody.test', 'A')).rcode, 'NXDOMAIN');
  await control('POST', '/records', { name: 'x.test', type: 'TXT', value: 'one' });
  await control('POST', '/records', { name: 'x.test', type: 'TXT', value: 'two' });
  const none = await ask('x.test', 'A');
  assert.equal(none.rcode, 'NOERROR');
  assert.deepEqual(none.answers, []);
  const txt = await ask('x.test', 'TXT');
  assert.deepEqual(
    txt.answers.map((x) => x.data.map(String)),
    [['one'], ['two']],
  );
  await control('DELETE', '/records?name=x.test&type=TXT');
  assert.equal((await ask('x.test', 'TXT')).rcode, 'NXDOMAIN');
  await assert.rejects(resolver().resolveTxt('x.test'), (e) => e.code === 'ENOTFOUND');
  // one removal of the whole name
  await control('PUT', '/records', { name: 'y.test', type: 'A', values: ['10.0.0.1', '10.0.0.2'] });
  assert.equal((await ask('y.test', 'A')).answers.length, 2);
  await control('DELETE', '/records?name=y.test');
  assert.equal((await ask('y.test', 'A')).rcode, 'NXDOMAIN');
});

test('a TXT value over 255 bytes is carried as several strings a reader joins', async () => {
  const long = 'v'.repeat(300);
  await control('POST', '/records', { name: 'long.test', type: 'TXT', value: long });
  const [record] = await resolver().resolveTxt('long.test');
  assert.equal(record.length, 2);
  assert.equal(record.join(''), long);
});

test('the control interface refuses what DNS cannot hold', async () => {
  const bad = [
    { name: 'a..test', type: 'A', value: '127.0.0.1' },
    { name: '-a.test', type: 'A', value: '127.0.0.1' },
    { name: 'a.test', type: 'A', value: '300.0.0.1' },
    { name: 'a.test', type: 'MX', value: 'mail.test' },
    { name: 'a.test', type: 'CNAME', value: 'not a name' },
    { name: 42, type: 'A', value: '127.0.0.1' },
  ];
  for (const body of bad) assert.equal((await control('POST', '/records', body)).status, 400, JSON.stringify(body));
  assert.equal(
    (await control('PUT', '/records', { name: 'a.test', type: 'CNAME', values: ['b.test', 'c.test'] })).status,
    400,
  );
  assert.equal((await control('GET', '/nowhere')).status, 404);
  assert.equal((await control('PATCH', '/records')).status, 405);
  assert.deepEqual((await control('GET', '/records')).json, []);
});

test('garbage on the DNS port gets no answer and the server keeps answering', async () => {
  const s = dgram.createSocket('udp4');
  await new Promise((ok) => s.send(Buffer.from('not dns'), ready.port, '127.0.0.1', ok));
  s.close();
  assert.equal((await ask('nobody.test', 'A')).rcode, 'NXDOMAIN');
});
