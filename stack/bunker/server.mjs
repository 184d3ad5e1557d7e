#!/usr/bin/env node

// Caravel development/test NIP-46 remote signer ("bunker"). Never used in production: it holds a
// user secret key in memory and approves every request of a connected client without asking.
//
//   node stack/bunker/server.mjs --relay ws://127.0.0.1:4848[,ws://...] [--control-port N]
//        [--secret HEX|nsec] [--signer-secret HEX|nsec | --separate-signer-key] [--connect-secret S] [--quiet]
//   env: RELAY_URL, CONTROL_PORT (default 4850, 0 = random), BUNKER_SECRET
//
// Prints one line when ready:
// {"ready":true,"bunker_url":"bunker://<signer pubkey>?relay=...&secret=...","pubkey":"<user pubkey>",
//  "signer_pubkey":"...","relays":[...],"control_url":"http://127.0.0.1:N"}

import { hexToBytes } from '@noble/hashes/utils';
import { decode } from 'nostr-tools/nip19';
import { generateSecretKey } from 'nostr-tools/pure';
import { parseArgs, parsePort, stopOnSignals, truthy } from '../relay/cli-util.mjs';
import { Bunker } from './bunker.mjs';
import { startControl } from './control.mjs';

function secretKey(v, name) {
  if (v === undefined || v === '') return undefined;
  const s = String(v).trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return hexToBytes(s.toLowerCase());
  if (s.startsWith('nsec1')) {
    const d = decode(s);
    if (d.type === 'nsec') return d.data;
  }
  throw new Error(`--${name} must be a 64-hex secret key or an nsec`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2), new Set(['quiet', 'separate-signer-key']));
  const relayArg = args.relay ?? process.env.RELAY_URL;
  if (!relayArg) throw new Error('--relay ws://... is required (the relay(s) the bunker listens on, comma-separated)');
  const relays = relayArg
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const controlPort = parsePort(args['control-port'] ?? process.env.CONTROL_PORT, 4850);
  const userSecret = secretKey(args.secret ?? process.env.BUNKER_SECRET, 'secret') ?? generateSecretKey();
  let signerSecret = secretKey(args['signer-secret'], 'signer-secret');
  if (!signerSecret && truthy(args['separate-signer-key'])) signerSecret = generateSecretKey();
  const connectSecret = args['connect-secret'];
  if (connectSecret !== undefined && !/^[\w.-]{1,128}$/.test(connectSecret)) {
    throw new Error('--connect-secret must be 1-128 characters of [A-Za-z0-9_.-]');
  }
  const quiet = truthy(args.quiet);

  const bunker = new Bunker({
    userSecret,
    signerSecret,
    relays,
    connectSecret,
    log: (m) => {
      if (!quiet) process.stderr.write(`[bunker] ${m}\n`);
    },
  });
  let control;
  stopOnSignals(async () => {
    await control?.close();
    await bunker.close();
  });
  await bunker.start();
  control = await startControl(bunker, { port: controlPort });
  process.stderr.write(
    `[bunker] user ${bunker.userPubkey.slice(0, 12)}… on ${bunker.relayUrls.join(', ')}, control on ${control.url}\n`,
  );
  process.stdout.write(`${JSON.stringify({ ready: true, ...bunker.info(), control_url: control.url })}\n`);
}

main().catch((e) => {
  process.stderr.write(`[bunker] failed to start: ${e?.message || e}\n`);
  process.exit(1);
});
