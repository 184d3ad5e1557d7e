#!/usr/bin/env node
// EMULATOR-ONLY stand-in for deploy/zooid-purge-relay, the operator's PURGE_RELAY_COMMAND on real zooid: removes what
// a zooid node keeps of a relay after its config was deleted (its stored events, zooid's `<schema>__*` tables, and its
// blobs, zooid's MEDIA/<schema> folder) through the emulator's control route (DELETE /_emulator/schemas/<schema>),
// which refuses while a config still names the schema. Caravel runs it with the schema and the node's name as last
// arguments. Running it again removes nothing more and succeeds.
//
//   node purge-relay.mjs --node default=http://127.0.0.1:4001 [--node b=URL ...] <schema> <node>
//
// Exit status 0 when nothing of the relay is left; otherwise 1 with the reason on stderr.

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
  if (rest.length !== 2) throw new Error('usage: purge-relay.mjs --node NAME=URL ... <schema> <node>');
  const [schema, node] = rest;
  if (!nodes.has(node)) throw new Error(`no --node given for node '${node}'`);
  return { schema, node, url: nodes.get(node) };
}

async function main() {
  const { schema, node, url } = parse(process.argv.slice(2));
  const target = `${url}/_emulator/schemas/${encodeURIComponent(schema)}`;
  const res = await fetch(target, { method: 'DELETE' });
  const text = await res.text();
  if (!res.ok) throw new Error(`DELETE ${target}: ${res.status} ${text}`);
  const { events, blobs } = JSON.parse(text);
  process.stdout.write(`purged ${schema} on node '${node}': ${events} events, ${blobs} media files\n`);
}

main().catch((e) => {
  process.stderr.write(`purge-relay: ${e.message}\n`);
  process.exit(1);
});
