// Fuzzing helper: `keys` prints a fresh key pair as JSON; `session BASE SECRET_HEX` signs a strict NIP-98 event for
// POST BASE/auth/session with nostr-tools and prints the bearer token the backend answers.
import { createRequire } from 'node:module';
import { join } from 'node:path';
const require = createRequire(join(process.env.CARAVEL_ROOT ?? process.cwd(), 'stack', 'package.json'));
const { generateSecretKey, getPublicKey, finalizeEvent } = require('nostr-tools/pure');
const { bytesToHex, hexToBytes } = require('nostr-tools/utils');

const [cmd, base, secret] = process.argv.slice(2);
if (cmd === 'keys') {
  const sk = generateSecretKey();
  console.log(JSON.stringify({ secret: bytesToHex(sk), pubkey: getPublicKey(sk) }));
} else if (cmd === 'session') {
  const url = `${base}/auth/session`;
  const event = finalizeEvent({ kind: 27235, created_at: Math.floor(Date.now() / 1000), tags: [['u', url], ['method', 'POST']], content: '' }, hexToBytes(secret));
  const res = await fetch(url, { method: 'POST', headers: { Authorization: `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}` } });
  const body = await res.json();
  if (res.status !== 201) { console.error(`POST /auth/session: ${res.status} ${JSON.stringify(body)}`); process.exit(1); }
  // the caller's tenant exists before fuzzing starts, so tenant routes have something to find
  await fetch(`${base}/tenants`, { method: 'POST', headers: { Authorization: `Bearer ${body.token}` } });
  console.log(body.token);
} else {
  console.error('usage: session.mjs keys | session BASE SECRET_HEX');
  process.exit(2);
}
