#!/usr/bin/env node
// EMULATOR-ONLY stand-in for an operator's RESTORE_EVENTS_COMMAND on real zooid: writes a relay backup's events (a
// JSON-lines file) into a relay's stored events, as rows of zooid's database would be written, through the emulator's
// control route (POST /_emulator/relays/<schema>/events), which keeps zooid's meaning of such a copy (an event already
// there is kept, of a replaceable one the newer version wins). Caravel runs it with the schema, the node's name and
// the file as last arguments.
//
//   node restore-events.mjs --node default=http://127.0.0.1:4001 [--node b=URL ...] <schema> <node> <events.jsonl>
//
// Exit status 0 when every event is stored; otherwise 1 with the reason on stderr.

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const BATCH = 500;

function parse(argv) {
  const nodes = new Map();
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node') {
      const [name, url] = (argv[++i] ?? '').split(/=(.*)/s);
      if (!name || !url) throw new Error('--node needs NAME=URL');
      nodes.set(name, url.replace(/\/+$/, ''));
    } else rest.push(argv[i]);
  }
  if (rest.length !== 3) throw new Error('usage: restore-events.mjs --node NAME=URL ... <schema> <node> <file>');
  const [schema, node, file] = rest;
  if (!nodes.has(node)) throw new Error(`no --node given for node '${node}'`);
  return { schema, url: nodes.get(node), file };
}

async function post(url, events) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${text}`);
  return JSON.parse(text).stored;
}

async function main() {
  const { schema, url, file } = parse(process.argv.slice(2));
  const target = `${url}/_emulator/relays/${encodeURIComponent(schema)}/events`;
  let batch = [];
  let read = 0;
  let stored = 0;
  // two batches in flight: the file is read on while the node stores the last (the order of rows does not matter: of
  // a replaceable event the newer version wins whichever comes first)
  const inFlight = new Set();
  const send = async (events) => {
    if (inFlight.size >= 2) await Promise.race(inFlight);
    const sent = post(target, events).then((n) => {
      stored += n;
      inFlight.delete(sent);
    });
    inFlight.add(sent);
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.trim()) continue;
    batch.push(JSON.parse(line));
    read++;
    if (batch.length === BATCH) {
      await send(batch);
      batch = [];
    }
  }
  if (batch.length) await send(batch);
  await Promise.all(inFlight);
  process.stdout.write(`stored ${stored} of ${read} events into ${schema}\n`);
}

main().catch((e) => {
  process.stderr.write(`restore-events: ${e.message}\n`);
  process.exit(1);
});
