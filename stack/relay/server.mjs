#!/usr/bin/env node

// Caravel development/test Nostr relay (in-memory). Never used in production.
//
//   node stack/relay/server.mjs [--port N] [--auth-required] [--never-ok] [--reject]
//   env: PORT, AUTH_REQUIRED=1, NEVER_OK=1, REJECT=1
//
// Prints one line when listening: {"ready":true,"port":N,"url":"ws://127.0.0.1:N"}

import { parseArgs, parsePort, stopOnSignals, truthy } from './cli-util.mjs';
import { startRelay } from './relay.mjs';

const FLAGS = new Set(['auth-required', 'never-ok', 'reject']);

async function main() {
  const args = parseArgs(process.argv.slice(2), FLAGS);
  const opts = {
    port: parsePort(args.port ?? process.env.PORT, 4848),
    authRequired: truthy(args['auth-required']) || truthy(process.env.AUTH_REQUIRED),
    neverOk: truthy(args['never-ok']) || truthy(process.env.NEVER_OK),
    reject: truthy(args.reject) || truthy(process.env.REJECT),
  };
  const relay = await startRelay(opts);
  stopOnSignals(() => relay.close());
  const modes = Object.entries({ auth_required: opts.authRequired, never_ok: opts.neverOk, reject: opts.reject })
    .filter(([, v]) => v)
    .map(([k]) => k);
  process.stderr.write(`[relay] listening on ${relay.url}${modes.length ? ` (${modes.join(', ')})` : ''}\n`);
  process.stdout.write(`${JSON.stringify({ ready: true, port: relay.port, url: relay.url })}\n`);
}

main().catch((e) => {
  process.stderr.write(`[relay] failed to start: ${e?.message || e}\n`);
  process.exit(1);
});
