#!/usr/bin/env node
// Local DNS server — DEVELOPMENT AND TESTS ONLY. Stands in for the public DNS a tenant edits when they point a custom
// domain at their relay: Caravel's DNS_RESOLVERS names it (127.0.0.1:<port>), and tests put and remove the records a
// tenant would. It answers, over UDP on 127.0.0.1, from a table of records:
//   A, CNAME and TXT records of a name; a name with a CNAME answers that CNAME to any question (and follows nothing:
//   the target is the asker's next question, as dnsjava's lookups and real resolvers do it); a name with records but
//   none of the type asked answers no data; an unknown name answers NXDOMAIN. Every answer is authoritative, with a TTL
//   of 0, so no resolver keeps a record a test has just removed.
// A control interface (JSON over HTTP) sets the table:
//   GET    /control/records                      every record: [{name, type, value}]
//   PUT    /control/records {name, type, values} the name's records of that type, replaced (values: [] removes them)
//   POST   /control/records {name, type, value}  one more record (A, TXT; a CNAME replaces the name's CNAME)
//   DELETE /control/records?name=N[&type=T]      the name's records (of that type only)
//   POST   /control/reset                        no records, no questions counted
//   GET    /control/state                        {records, questions} (questions: how many were answered)
//
//   node stack/dns/server.mjs [--port N] [--control-port N] [--random-ports]
//   env: DNS_PORT (default 4853), DNS_CONTROL_PORT (default 4854); 0 = a free port
//
// Prints one line when listening:
//   {"ready":true,"port":N,"resolver":"127.0.0.1:N","control_url":"http://127.0.0.1:M/control"}

import dgram from 'node:dgram';
import { pathToFileURL } from 'node:url';
import dnsPacket from 'dns-packet';
import { HttpError, serveRoutes } from '../lib/json-http.mjs';
import { parseArgs, parsePort, stopOnSignals, truthy } from '../relay/cli-util.mjs';

export const DEFAULT_PORT = 4853;
export const DEFAULT_CONTROL_PORT = 4854;
const TYPES = new Set(['A', 'CNAME', 'TXT']);
const RCODES = { NOERROR: 0, NXDOMAIN: 3, NOTIMP: 4 };
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** A DNS name as the table keeps it: lower case, no trailing dot; 400 when it is not one. */
export function nameOf(input) {
  if (typeof input !== 'string') throw new HttpError(400, 'name must be a string');
  const name = input.trim().toLowerCase().replace(/\.$/, '');
  if (!name || name.length > 253 || !name.split('.').every((l) => LABEL.test(l)))
    throw new HttpError(400, `not a DNS name: ${JSON.stringify(input)}`);
  return name;
}

function typeOf(input) {
  const type = typeof input === 'string' ? input.toUpperCase() : '';
  if (!TYPES.has(type)) throw new HttpError(400, `type must be one of ${[...TYPES].join(', ')}`);
  return type;
}

function recordValue(type, input) {
  if (typeof input !== 'string') throw new HttpError(400, 'value must be a string');
  if (type === 'A') {
    if (!/^(\d{1,3})(\.\d{1,3}){3}$/.test(input) || input.split('.').some((o) => Number(o) > 255))
      throw new HttpError(400, `not an IPv4 address: ${JSON.stringify(input)}`);
    return input;
  }
  if (type === 'CNAME') return nameOf(input);
  return input; // TXT: any text; split into 255-byte strings on the wire
}

/** A TXT value as DNS carries it: strings of at most 255 bytes (a reader joins them). */
function txtStrings(value) {
  const bytes = Buffer.from(value, 'utf8');
  const out = [];
  for (let i = 0; i < bytes.length; i += 255) out.push(bytes.subarray(i, i + 255));
  return out.length ? out : [Buffer.alloc(0)];
}

/**
 * @param {object} [o]
 * @param {number} [o.port] UDP port; 0 = a free one
 * @param {number} [o.controlPort] 0 = a free one
 * @param {string} [o.host]
 * @param {(message: string) => void} [o.say]
 */
export async function startDnsServer({ port = 0, controlPort = 0, host = '127.0.0.1', say = () => {} } = {}) {
  /** @type {Map<string, {A: string[], CNAME: string | null, TXT: string[]}>} */
  let table = new Map();
  let questions = 0;

  const entry = (name) => {
    let e = table.get(name);
    if (!e) {
      e = { A: [], CNAME: null, TXT: [] };
      table.set(name, e);
    }
    return e;
  };
  const prune = (name) => {
    const e = table.get(name);
    if (e && !e.A.length && !e.CNAME && !e.TXT.length) table.delete(name);
  };
  const list = () => {
    const out = [];
    for (const [name, e] of [...table.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      for (const value of e.A) out.push({ name, type: 'A', value });
      if (e.CNAME) out.push({ name, type: 'CNAME', value: e.CNAME });
      for (const value of e.TXT) out.push({ name, type: 'TXT', value });
    }
    return out;
  };
  const put = (name, type, values) => {
    const e = entry(name);
    if (type === 'CNAME') {
      if (values.length > 1) throw new HttpError(400, 'a name has at most one CNAME');
      e.CNAME = values[0] ?? null;
    } else e[type] = [...values];
    prune(name);
  };

  /** The answer to one question, from the table. */
  function answer(query) {
    const q = query.questions?.[0];
    // authoritative; recursion desired echoed, available said (the tests' resolvers ask for it); the response code
    // is the flags' low 4 bits
    const flags = (rcode) =>
      dnsPacket.AUTHORITATIVE_ANSWER |
      (query.flags & dnsPacket.RECURSION_DESIRED) |
      dnsPacket.RECURSION_AVAILABLE |
      RCODES[rcode];
    const reply = (rcode, answers = []) => ({
      type: 'response',
      id: query.id,
      flags: flags(rcode),
      questions: query.questions ?? [],
      answers,
    });
    if (q?.class !== 'IN') return reply('NOTIMP');
    const name = String(q.name).toLowerCase().replace(/\.$/, '');
    const e = table.get(name);
    if (!e) return reply('NXDOMAIN');
    const rr = (type, data) => ({ name: q.name, type, class: 'IN', ttl: 0, data });
    // a name with a CNAME has nothing else: the CNAME answers any question, its target is the asker's next one
    if (e.CNAME) return reply('NOERROR', [rr('CNAME', e.CNAME)]);
    const a = e.A.map((ip) => rr('A', ip));
    const txt = e.TXT.map((v) => rr('TXT', txtStrings(v)));
    if (q.type === 'A') return reply('NOERROR', a);
    if (q.type === 'TXT') return reply('NOERROR', txt);
    if (q.type === 'ANY') return reply('NOERROR', [...a, ...txt]);
    return reply('NOERROR'); // the name exists, with nothing of that type
  }

  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, from) => {
    let query;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: no answer, as a real server does with garbage
    }
    if (query.type !== 'query') return;
    questions++;
    const reply = dnsPacket.encode(answer(query));
    udp.send(reply, from.port, from.address);
  });
  await new Promise((ok, fail) => {
    udp.once('error', fail);
    udp.bind(port, host, () => {
      udp.off('error', fail);
      ok(undefined);
    });
  });
  const udpPort = udp.address().port;

  const routes = {
    'GET /control/records': async () => [200, list()],
    'GET /control/state': async () => [200, { records: list(), questions }],
    'PUT /control/records': async (body) => {
      const name = nameOf(body.name);
      const type = typeOf(body.type);
      if (!Array.isArray(body.values)) throw new HttpError(400, 'values must be an array of strings');
      put(
        name,
        type,
        body.values.map((v) => recordValue(type, v)),
      );
      say(`${name} ${type} = ${JSON.stringify(body.values)}`);
      return [200, list()];
    },
    'POST /control/records': async (body) => {
      const name = nameOf(body.name);
      const type = typeOf(body.type);
      const value = recordValue(type, body.value);
      const e = table.get(name);
      put(name, type, type === 'CNAME' ? [value] : [...(e?.[type] ?? []), value]);
      say(`${name} ${type} + ${JSON.stringify(value)}`);
      return [200, list()];
    },
    'DELETE /control/records': async (_body, url) => {
      const name = nameOf(url.searchParams.get('name') ?? '');
      const t = url.searchParams.get('type');
      if (t) put(name, typeOf(t), []);
      else table.delete(name);
      say(`${name} ${t ?? 'every type'} removed`);
      return [200, list()];
    },
    'POST /control/reset': async () => {
      table = new Map();
      questions = 0;
      return [200, { records: [], questions }];
    },
  };
  const server = await serveRoutes(routes, { host, port: controlPort, say });
  const url = `http://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  return {
    port: udpPort,
    resolver: `${host}:${udpPort}`,
    controlUrl: `${url}/control`,
    close: () =>
      /** @type {Promise<void>} */ (
        new Promise((ok) => {
          udp.close();
          server.closeAllConnections?.();
          server.close(() => ok());
        })
      ),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), new Set(['random-ports']));
  const random = truthy(args['random-ports']);
  const port = random ? 0 : parsePort(args.port ?? process.env.DNS_PORT, DEFAULT_PORT);
  const controlPort = random
    ? 0
    : parsePort(args['control-port'] ?? process.env.DNS_CONTROL_PORT, DEFAULT_CONTROL_PORT);
  const say = (m) => process.stderr.write(`[dns] ${m}\n`);
  const peer = await startDnsServer({ port, controlPort, say });
  stopOnSignals(() => peer.close());
  say(`DNS on udp ${peer.resolver}, control on ${peer.controlUrl}`);
  process.stdout.write(
    `${JSON.stringify({ ready: true, port: peer.port, resolver: peer.resolver, control_url: peer.controlUrl })}\n`,
  );
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  main().catch((e) => {
    process.stderr.write(`[dns] failed to start: ${e?.message || e}\n`);
    process.exit(1);
  });
}
