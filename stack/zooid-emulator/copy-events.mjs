#!/usr/bin/env node
// EMULATOR-ONLY stand-in for deploy/zooid-copy-events, the operator's copy of a relay's stored events from one
// zooid node's database to another's (Caravel's MOVE_COPY_COMMAND). Between two zooid emulators there is no SQLite
// file to copy: this reads every stored event of the relay on the old node and stores them on the new one through
// the emulators' control routes (GET/POST /_emulator/relays/<id>/events), which keep zooid's meaning of such a copy.
//
//   node copy-events.mjs --node a=http://127.0.0.1:4001 --node b=http://127.0.0.1:4002 [--lose N] <schema> <from> <to>
//
// --node NAME=URL  each node's emulator API address (as many as there are nodes)
// --lose N         leaves out N notes (kind 1): a copy that loses events, for tests of what catches it
// Exit status 0 when the copy is done; otherwise 1 with the reason on stderr.

const BATCH = 500;

function parse(argv) {
  const nodes = new Map();
  let lose = 0;
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node') {
      const [name, url] = (argv[++i] ?? '').split(/=(.*)/s);
      if (!name || !url) throw new Error('--node needs NAME=URL');
      nodes.set(name, url.replace(/\/+$/, ''));
    } else if (argv[i] === '--lose') {
      lose = Number(argv[++i]);
      if (!Number.isInteger(lose) || lose < 0) throw new Error('--lose needs a whole number');
    } else rest.push(argv[i]);
  }
  if (rest.length !== 3) throw new Error('usage: copy-events.mjs --node NAME=URL ... <schema> <from> <to>');
  const [schema, from, to] = rest;
  for (const n of [from, to]) if (!nodes.has(n)) throw new Error(`no --node given for node '${n}'`);
  return { schema, from: nodes.get(from), to: nodes.get(to), lose };
}

async function call(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function main() {
  const { schema, from, to, lose } = parse(process.argv.slice(2));
  const id = encodeURIComponent(schema);
  let lost = 0;
  const events = (await call('GET', `${from}/_emulator/relays/${id}/events`)).filter(
    (e) => !(e.kind === 1 && lost++ < lose),
  );
  // two batches in flight: the next is sent while the new node stores the last (the order of rows does not matter:
  // of a replaceable event the newer version wins whichever comes first)
  let stored = 0;
  const inFlight = new Set();
  for (let i = 0; i < events.length; i += BATCH) {
    if (inFlight.size >= 2) await Promise.race(inFlight);
    const sent = call('POST', `${to}/_emulator/relays/${id}/events`, events.slice(i, i + BATCH)).then((r) => {
      stored += r.stored;
      inFlight.delete(sent);
    });
    inFlight.add(sent);
  }
  await Promise.all(inFlight);
  process.stdout.write(`copied ${stored} of ${events.length} events of ${schema}\n`);
}

main().catch((e) => {
  process.stderr.write(`copy-events: ${e.message}\n`);
  process.exit(1);
});
