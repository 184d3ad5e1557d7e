#!/usr/bin/env node
// Caravel development/test NIP-47 wallet services (in-memory ledger). Never used in production.
//
//   node stack/wallet/server.mjs --relay ws://127.0.0.1:4848 [--control-port N] [--seed S]
//        [--tenant-balance SATS] [--platform-balance SATS] [--quiet]
//   env: RELAY_URL, CONTROL_PORT (default 4849, 0 = random), WALLET_SEED
//
// Runs on Node 20 (ws is installed as the global WebSocket before @getalby/sdk loads) and on
// Node >= 22 / Bun. Prints one line when ready:
// {"ready":true,"control_url":"http://127.0.0.1:N","platform_nwc_url":"...","tenant_nwc_url":"..."}
// stdout carries only the ready line: send library logging (console.log/info/debug) to stderr.
for (const k of ['log', 'info', 'debug']) console[k] = (...a) => console.error(...a);

import { parseArgs, parsePort, stopOnSignals, truthy } from '../relay/cli-util.mjs';
import { startControl } from './control.mjs';
import { WalletHost } from './host.mjs';

function sats(v, fallback, name) {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer (sats)`);
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), new Set(['quiet']));
  const relayUrl = args.relay ?? process.env.RELAY_URL;
  if (!relayUrl) throw new Error('--relay ws://... is required (the relay the wallet services listen on)');
  const controlPort = parsePort(args['control-port'] ?? process.env.CONTROL_PORT, 4849);
  const tenantBalance = sats(args['tenant-balance'], 1_000_000, 'tenant-balance');
  const platformBalance = sats(args['platform-balance'], 0, 'platform-balance');

  const host = new WalletHost({ relayUrl, seed: args.seed ?? process.env.WALLET_SEED, quiet: truthy(args.quiet) });
  let control;
  stopOnSignals(async () => {
    await control?.close();
    await host.close();
  });
  const platform = await host.addWallet({ name: 'platform', balanceMsat: platformBalance * 1000 });
  const tenant = await host.addWallet({ name: 'tenant', balanceMsat: tenantBalance * 1000 });
  control = await startControl(host, { port: controlPort, tenantBalanceMsat: tenantBalance * 1000 });
  process.stderr.write(`[wallet] control on ${control.url}, wallets platform + tenant on ${relayUrl}\n`);
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      control_url: control.url,
      platform_nwc_url: platform.nwc_url,
      tenant_nwc_url: tenant.nwc_url,
    })}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`[wallet] failed to start: ${e?.message || e}\n`);
  process.exit(1);
});
