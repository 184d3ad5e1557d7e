// Test-only bridge: lets the Java test suite call nostr-tools (an independent Nostr implementation)
// over JSON lines on stdin/stdout: {"id":1,"op":"...","args":{...}} -> {"id":1,"result":...} or {"id":1,"error":"..."}.
import { createInterface } from 'node:readline'
import { finalizeEvent, verifyEvent, getEventHash, getPublicKey } from 'nostr-tools/pure'
import * as nip98 from 'nostr-tools/nip98'
import * as nip19 from 'nostr-tools/nip19'
import { hexToBytes, bytesToHex } from '@noble/hashes/utils'

const ops = {
  async nip98Token({ secret, url, method, payload }) {
    const sk = hexToBytes(secret)
    const token = await nip98.getToken(url, method, (e) => finalizeEvent(e, sk), true, payload ?? undefined)
    return { header: token, body: payload === undefined || payload === null ? null : JSON.stringify(payload) }
  },
  finalizeEvent({ secret, template }) { return finalizeEvent(template, hexToBytes(secret)) },
  verifyEvent({ event }) { return verifyEvent(event) },
  getEventHash({ event }) { return getEventHash(event) },
  getPublicKey({ secret }) { return getPublicKey(hexToBytes(secret)) },
  npubEncode({ pubkey }) { return nip19.npubEncode(pubkey) },
  nsecEncode({ secret }) { return nip19.nsecEncode(hexToBytes(secret)) },
  decode({ value }) {
    const d = nip19.decode(value)
    return { type: d.type, data: d.data instanceof Uint8Array ? bytesToHex(d.data) : d.data }
  },
}

// Other test modules can register more operations (e.g. NIP-44/59) by importing this file's `ops`.
export { ops }

const extra = process.env.BRIDGE_MODULES ? process.env.BRIDGE_MODULES.split(',') : []
for (const m of extra) Object.assign(ops, (await import(m)).ops)

const rl = createInterface({ input: process.stdin })
rl.on('line', async (line) => {
  let msg
  try { msg = JSON.parse(line) } catch { return }
  try {
    const fn = ops[msg.op]
    if (!fn) throw new Error(`unknown op ${msg.op}`)
    const result = await fn(msg.args ?? {})
    process.stdout.write(JSON.stringify({ id: msg.id, result }) + '\n')
  } catch (e) {
    process.stdout.write(JSON.stringify({ id: msg.id, error: String(e?.message ?? e) }) + '\n')
  }
})
rl.on('close', () => process.exit(0))
process.stdout.write(JSON.stringify({ ready: true }) + '\n')
