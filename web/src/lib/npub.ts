import { npubEncode } from "nostr-tools/nip19";

/** Hex pubkey → npub (returns the input when it is not a valid hex key). */
export function toNpub(hex: string): string {
  try {
    return /^[0-9a-f]{64}$/.test(hex) ? npubEncode(hex) : hex;
  } catch {
    return hex;
  }
}

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/**
 * A tenant search term as the API's `q` understands it (a hex pubkey prefix): an npub, or the start of
 * one, becomes the hex prefix it encodes (each bech32 character is 5 bits, so "npub1" + k characters
 * fix the first ⌊5k/4⌋ hex digits); anything else is passed through.
 */
export function pubkeySearchTerm(q: string): string {
  const t = q.trim().toLowerCase();
  if (!t.startsWith("npub1")) return q.trim();
  const data = t.slice(5, 5 + 52); // 52 data characters (260 bits), then the checksum
  let bits = "";
  for (const c of data) {
    const v = BECH32.indexOf(c);
    if (v < 0) return q.trim();
    bits += v.toString(2).padStart(5, "0");
  }
  let hex = "";
  for (let i = 0; i + 4 <= bits.length && hex.length < 64; i += 4)
    hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}
