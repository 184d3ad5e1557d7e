#!/usr/bin/env node
// Caravel local stack — DEVELOPMENT AND TESTS ONLY. Starts, as child processes:
//   1. stack/relay/server.mjs           Nostr relay (in-memory)
//   2. stack/wallet/server.mjs          NIP-47 wallet services on that relay (+ control HTTP)
//   3. stack/zooid-emulator/server.mjs  zooid management API + relay hosts (or, with ZOOID_BIN set, a real zooid
//      binary through stack/zooid-binary/server.mjs: same ports, API host, whitelist and config dir); with
//      --second-zooid a second one, its own port, config dir and relay domain (a second zooid node)
//   4. stack/stripe-emulator/server.mjs Stripe API (the endpoints Caravel uses), hosted pages, signed webhooks
//   5. stack/price/server.mjs           bitcoin price API (the backend's FIAT_RATE_URL) + control HTTP
//   6. with --dns, stack/dns/server.mjs a DNS server on UDP (the backend's DNS_RESOLVERS: custom domains' records)
//      + control HTTP to put and remove records
//   7. with --webhooks, stack/webhook-receiver/server.mjs a receiver for a relay's webhooks (./caravel run: an owner
//      trying webhooks registers <webhook_hooks_url>/<name> and reads what arrived from its control interface)
// and prints one JSON line with every URL/key once all are up:
//   {"ready":true,"relay_url":...,"wallet_control_url":...,"platform_nwc_url":...,"tenant_nwc_url":...,
//    "zooid_api_url":...,"zooid_api_secret":...,"zooid_relay_origin":...,"zooid_config_dir":...,
//    "zooid_api_pubkey":...,"zooid_api_host":...,"zooid_line":...,"zooid_bin":...,"relay_domain":...,
//    "stripe_api_base":...,"stripe_secret_key":...,"stripe_webhook_secret":...,"stripe_price_basic":...,
//    "stripe_price_growth":...,"price_url":...,"price_control_url":...,"data_dir":...,"zooid_nodes":...,
//    "dns_resolver":...,"dns_control_url":...,"webhook_receiver_url":...,"webhook_hooks_url":...}
//   dns_resolver (host:port, for DNS_RESOLVERS) and dns_control_url are null unless --dns was given; the webhook
//   receiver's two unless --webhooks was.
//   zooid_nodes is null, or with --second-zooid the backend's ZOOID_NODES for both nodes ("default" the first, "b" the
//   second, both trusting zooid_api_secret's key) beside "zooid2_api_url", "zooid2_config_dir", "relay_domain_2".
//
// Usage: node stack/start.mjs [--random-ports] [--relay-port N] [--wallet-port N] [--zooid-port N]
//          [--data DIR] [--zooid-secret HEX] [--wallet-seed S] [--zooid-line archived|newer]
//          [--stripe-port N] [--stripe-webhook-url URL] [--price-port N] [--second-zooid] [--zooid2-port N]
//          [--dns] [--dns-port N] [--dns-control-port N] [--nip05-upstream URL] [--webhooks] [--webhook-port N]
// Env:   RELAY_PORT, CONTROL_PORT, ZOOID_PORT, ZOOID2_PORT, SECOND_ZOOID=1, STACK_DATA, ZOOID_API_SECRET, WALLET_SEED, ZOOID_LINE, STRIPE_PORT,
//        STRIPE_WEBHOOK_URL, PRICE_PORT, STACK_DNS=1, DNS_PORT, DNS_CONTROL_PORT, ZOOID_BIN (a real zooid binary instead of the emulator; archived line only),
//        NIP05_UPSTREAM, STACK_WEBHOOKS=1, WEBHOOK_RECEIVER_PORT
// The zooid emulators send NIP-05 lookups at relay hosts (/.well-known/nostr.json) to --nip05-upstream (the backend's
// base URL), as production's proxy routes them to Caravel; without it they answer 404 there.
// The Stripe emulator sends webhooks to --stripe-webhook-url (the backend's POST /stripe/webhook); when the backend's
// address is known only later, POST {"url": ...} to <stripe_api_base>/control/webhook.
//
// Stops all children on Ctrl-C, SIGTERM, SIGHUP or when its stdin pipe closes; exits non-zero
// with the reason when a child dies.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getPublicKey } from 'nostr-tools';
import { onParentGone, parseArgs, parsePort, spawnReady, truthy } from './relay/cli-util.mjs';
import { zooidProgram } from './zooid-binary/select.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROGRAMS = {
  relay: path.join(here, 'relay', 'server.mjs'),
  wallet: path.join(here, 'wallet', 'server.mjs'),
  stripe: path.join(here, 'stripe-emulator', 'server.mjs'),
  price: path.join(here, 'price', 'server.mjs'),
  dns: path.join(here, 'dns', 'server.mjs'),
  webhooks: path.join(here, 'webhook-receiver', 'server.mjs'),
};
const PARENT_WATCH = pathToFileURL(path.join(here, 'relay', 'parent-watch.mjs')).href;
// 4850 is the bunker's (bunker/server.mjs, which tests start next to the stack)
const DEFAULT_PORTS = {
  relay: 4848,
  wallet: 4849,
  zooid: 3334,
  zooid2: 3335,
  stripe: 12111,
  price: 4851,
  dns: 4853,
  dnsControl: 4854,
  webhooks: 4861,
};

const say = (msg) => process.stderr.write(`[stack] ${msg}\n`);

function secretProblem(hex) {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/i.test(hex)) return 'must be 64 hex characters';
  try {
    getPublicKey(Uint8Array.from(Buffer.from(hex, 'hex')));
    return null;
  } catch {
    return 'is not a valid secp256k1 secret key';
  }
}

/** Read a value kept in the data dir, or create it with `make()` (file mode 0600). */
function persisted(file, make, valid) {
  try {
    const v = fs.readFileSync(file, 'utf8').trim();
    if (valid(v)) return v;
    say(`ignoring invalid ${file}`);
  } catch {
    /* not there yet */
  }
  const v = make();
  fs.writeFileSync(file, `${v}\n`, { mode: 0o600 });
  return v;
}

async function main() {
  const args = parseArgs(process.argv.slice(2), new Set(['random-ports', 'second-zooid', 'dns', 'webhooks']));
  const random = truthy(args['random-ports']);
  const secondZooid = truthy(args['second-zooid'] ?? process.env.SECOND_ZOOID);
  const withDns = truthy(args.dns ?? process.env.STACK_DNS);
  const withWebhooks = truthy(args.webhooks ?? process.env.STACK_WEBHOOKS);
  const ports = {
    relay: parsePort(args['relay-port'] ?? process.env.RELAY_PORT, random ? 0 : DEFAULT_PORTS.relay),
    wallet: parsePort(args['wallet-port'] ?? process.env.CONTROL_PORT, random ? 0 : DEFAULT_PORTS.wallet),
    zooid: parsePort(args['zooid-port'] ?? process.env.ZOOID_PORT, random ? 0 : DEFAULT_PORTS.zooid),
    zooid2: parsePort(args['zooid2-port'] ?? process.env.ZOOID2_PORT, random ? 0 : DEFAULT_PORTS.zooid2),
    stripe: parsePort(args['stripe-port'] ?? process.env.STRIPE_PORT, random ? 0 : DEFAULT_PORTS.stripe),
    price: parsePort(args['price-port'] ?? process.env.PRICE_PORT, random ? 0 : DEFAULT_PORTS.price),
    dns: parsePort(args['dns-port'] ?? process.env.DNS_PORT, random ? 0 : DEFAULT_PORTS.dns),
    dnsControl: parsePort(
      args['dns-control-port'] ?? process.env.DNS_CONTROL_PORT,
      random ? 0 : DEFAULT_PORTS.dnsControl,
    ),
    webhooks: parsePort(args['webhook-port'] ?? process.env.WEBHOOK_RECEIVER_PORT, random ? 0 : DEFAULT_PORTS.webhooks),
  };
  const zooidProg = zooidProgram(process.env);
  const nip05Upstream = String(args['nip05-upstream'] ?? process.env.NIP05_UPSTREAM ?? '').trim();
  const zooidLine = args['zooid-line'] ?? process.env.ZOOID_LINE ?? 'archived';
  if (!['archived', 'newer'].includes(zooidLine))
    throw new Error(`--zooid-line must be "archived" or "newer", got ${zooidLine}`);
  if (zooidProg.kind === 'binary' && zooidLine !== 'archived')
    throw new Error(
      `--zooid-line ${zooidLine} is the emulator's: a real zooid binary (ZOOID_BIN) is the line it was built from`,
    );

  // Data dir: given, or <repo>/data/stack for fixed ports (kept across runs), or a temp dir
  // (removed at exit) for --random-ports.
  let dataDir = args.data ?? process.env.STACK_DATA;
  let tempData = false;
  if (!dataDir && random) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravel-stack-'));
    tempData = true;
  }
  dataDir = path.resolve(dataDir ?? path.join(here, '..', 'data', 'stack'));
  fs.mkdirSync(dataDir, { recursive: true });
  const configDir = path.join(dataDir, 'zooid');
  fs.mkdirSync(configDir, { recursive: true });
  // the second node keeps its relays apart, as a zooid on another machine would
  const configDir2 = path.join(dataDir, 'zooid-2');
  if (secondZooid) fs.mkdirSync(configDir2, { recursive: true });

  let secret = args['zooid-secret'] ?? process.env.ZOOID_API_SECRET;
  if (secret) {
    const problem = secretProblem(secret);
    if (problem) throw new Error(`zooid API secret ${problem}`);
    secret = secret.toLowerCase();
  } else {
    const make = () => {
      for (;;) {
        const s = crypto.randomBytes(32).toString('hex');
        if (!secretProblem(s)) return s;
      }
    };
    secret = tempData ? make() : persisted(path.join(dataDir, 'zooid-api-secret'), make, (v) => !secretProblem(v));
  }
  const apiPubkey = getPublicKey(Uint8Array.from(Buffer.from(secret, 'hex')));
  const walletSeed =
    args['wallet-seed'] ??
    process.env.WALLET_SEED ??
    (tempData
      ? undefined
      : persisted(
          path.join(dataDir, 'wallet-seed'),
          () => crypto.randomBytes(16).toString('hex'),
          (v) => v.length > 0,
        ));

  const children = [];
  let stopping = false;

  async function stopAll() {
    for (const c of [...children].reverse()) await c.proc.stop(3000).catch(() => {});
    if (tempData) fs.rmSync(dataDir, { recursive: true, force: true });
  }

  async function fail(reason) {
    if (stopping) return;
    stopping = true;
    say(`${reason}; stopping`);
    await stopAll();
    process.exit(1);
  }

  async function shutdown() {
    if (stopping) return;
    stopping = true;
    await stopAll();
    process.exit(0);
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, shutdown);
  onParentGone(shutdown);

  async function start(name, script, scriptArgs, env, nodeArgs = []) {
    let proc = null;
    proc = await spawnReady(script, scriptArgs, {
      name,
      env,
      nodeArgs,
      detached: true, // own process group: a terminal Ctrl-C reaches only us; we stop them in order
      forwardStderr: process.stderr,
      onExit: (code, signal) => {
        if (!stopping && proc && children.some((c) => c.proc === proc))
          fail(`${name} exited (${signal ?? `code ${code}`})`);
      },
    });
    children.push({ name, proc });
    if (stopping) await proc.stop();
    return proc.ready;
  }

  try {
    // Side by side: only the wallet waits for another program (the relay its services are on); each of the others
    // starts on its own, so the stack is ready when its slowest program is rather than after all of them in turn.
    // No NIP-42 here: the wallet services (NWCWalletService) do not authenticate to relays.
    const relayAndWallet = (async () => {
      const relay = await start('relay', PROGRAMS.relay, [], { PORT: String(ports.relay) });
      const wallet = await start('wallet', PROGRAMS.wallet, ['--relay', relay.url], {
        CONTROL_PORT: String(ports.wallet),
        ...(walletSeed ? { WALLET_SEED: walletSeed } : {}),
      });
      return { relay, wallet };
    })();
    if (zooidProg.kind === 'binary') say(`zooid: the real binary ${zooidProg.bin} (ZOOID_BIN), not the emulator`);
    const startZooid = (name, port, config) =>
      start(
        zooidProg.kind === 'binary' ? name.replace('zooid-emulator', 'zooid') : name,
        zooidProg.script,
        [],
        // API_HOST is left to the default, 127.0.0.1:<its port> (exact Host match, port included). zooid's DATA and
        // MEDIA go beside CONFIG (zooid-binary/server.mjs), so they stay in the data dir too.
        {
          PORT: String(port),
          API_HOST: '',
          API_WHITELIST: apiPubkey,
          CONFIG: config,
          ZOOID_LINE: zooidLine,
          NIP05_UPSTREAM: nip05Upstream,
        },
        // the binary's runner watches its own stdin and stops zooid with itself
        zooidProg.kind === 'binary' ? [] : ['--import', PARENT_WATCH],
      );
    const [{ relay, wallet }, zooid, zooid2, stripe, price, dns, webhooks] = await Promise.all([
      relayAndWallet,
      startZooid('zooid-emulator', ports.zooid, configDir),
      secondZooid ? startZooid('zooid-emulator-2', ports.zooid2, configDir2) : null,
      start(
        'stripe-emulator',
        PROGRAMS.stripe,
        [],
        {
          PORT: String(ports.stripe),
          HOST: '127.0.0.1',
          WEBHOOK_URL: args['stripe-webhook-url'] ?? process.env.STRIPE_WEBHOOK_URL ?? '',
          // kept with the rest of the data dir (not for --random-ports' temporary one)
          STATE_FILE: tempData ? '' : path.join(dataDir, 'stripe-emulator.json'),
        },
        ['--import', PARENT_WATCH],
      ),
      // watches its own stdin (stopOnSignals), like the relay and the wallet
      start('price', PROGRAMS.price, ['--port', String(ports.price)], {}),
      // also watches its own stdin; only when asked (the deploy test, ./caravel run): it is what DNS_RESOLVERS names
      withDns
        ? start('dns', PROGRAMS.dns, ['--port', String(ports.dns), '--control-port', String(ports.dnsControl)], {})
        : null,
      // also watches its own stdin; only when asked (./caravel run): tests start their own receiver
      withWebhooks ? start('webhook-receiver', PROGRAMS.webhooks, ['--port', String(ports.webhooks)], {}) : null,
    ]);
    if (stopping) return;
    const zooidUrl = zooid.url ?? `http://127.0.0.1:${zooid.port}`;
    const zooid2Url = zooid2 ? (zooid2.url ?? `http://127.0.0.1:${zooid2.port}`) : null;
    // each node's relays under its own port: <sub>.localhost:<port> reaches the node that serves it
    const relayDomain = `localhost:${zooid.port}`;
    const relayDomain2 = zooid2 ? `localhost:${zooid2.port}` : null;
    process.stdout.write(
      `${JSON.stringify({
        ready: true,
        relay_url: relay.url,
        wallet_control_url: wallet.control_url,
        platform_nwc_url: wallet.platform_nwc_url,
        tenant_nwc_url: wallet.tenant_nwc_url,
        zooid_api_url: zooidUrl,
        zooid_api_secret: secret,
        zooid_relay_origin: zooidUrl,
        zooid_config_dir: zooid.config_dir ?? configDir,
        zooid_api_pubkey: apiPubkey,
        stripe_api_base: stripe.url,
        stripe_secret_key: stripe.secret_key,
        stripe_webhook_secret: stripe.webhook_secret,
        stripe_price_basic: stripe.price_basic,
        stripe_price_growth: stripe.price_growth,
        price_url: price.prices_url,
        price_control_url: price.control_url,
        zooid_api_host: zooid.api_host ?? `127.0.0.1:${zooid.port}`,
        zooid_line: zooid.line ?? zooidLine,
        zooid_bin: zooid.zooid_bin ?? null, // the real binary serving as zooid, or null for the emulator
        // Relay hosts are <sub>.localhost:<zooid port>: browsers resolve *.localhost to loopback; Node
        // clients connect to 127.0.0.1:<port> and send that Host.
        relay_domain: relayDomain,
        data_dir: dataDir,
        zooid_nodes: zooid2
          ? `default api=${zooidUrl} origin=${zooidUrl} domain=${relayDomain}\n` +
            `b api=${zooid2Url} origin=${zooid2Url} domain=${relayDomain2}`
          : null,
        zooid2_api_url: zooid2Url,
        zooid2_config_dir: zooid2 ? (zooid2.config_dir ?? configDir2) : null,
        relay_domain_2: relayDomain2,
        dns_resolver: dns?.resolver ?? null,
        dns_control_url: dns?.control_url ?? null,
        webhook_receiver_url: webhooks?.url ?? null,
        webhook_hooks_url: webhooks?.hooks_url ?? null,
      })}\n`,
    );
    say(
      `ready: relay ${relay.url}, wallet control ${wallet.control_url}, zooid ${zooidUrl}${zooid2Url ? ` and ${zooid2Url}` : ''}, stripe ${stripe.url}, price ${price.url} (data ${dataDir})`,
    );
  } catch (e) {
    await fail(`start-up failed: ${e.message.split('\n')[0]}`);
  }
}

main().catch((e) => {
  say(`cannot start: ${e?.message || e}`);
  process.exit(1);
});
