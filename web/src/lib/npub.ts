import { decode, npubEncode } from "nostr-tools/nip19";

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

/**
 * Why a typed public key cannot be used, or null when it can: an npub whose checksum holds, or 64 hex digits. Shown
 * under the field, so a mistyped key is named before anything is sent (empty input is not an error: nothing typed).
 */
export function pubkeyError(input: string): string | null {
  const t = input.trim();
  if (!t) return null;
  if (/^[0-9a-f]{64}$/i.test(t)) return null;
  if (/^npub1/i.test(t)) {
    try {
      if (decode(t.toLowerCase() as `npub1${string}`).type === "npub") return null;
    } catch {
      /* below */
    }
    return "This npub is not valid. Check that it was copied whole: it is 63 characters and starts with npub1.";
  }
  if (/^nsec1/i.test(t)) return "This is a secret key (nsec). Enter the person's public key (npub) instead.";
  return "Enter an npub (npub1…) or a 64-character hex public key.";
}

/**
 * Why a tenant search term cannot be searched for, or null: the search takes the start of an npub or of a hex key, so
 * anything else (a character an npub never has, a name) would only fail on the server.
 */
export function searchTermError(q: string): string | null {
  const t = q.trim().toLowerCase();
  if (!t) return null;
  if (t.startsWith("npub1")) {
    const data = t.slice(5);
    if ([...data].some((c) => !BECH32.includes(c)))
      return "This is not part of a valid npub: an npub never has the letters b, i, o or the digit 1 after npub1.";
    if (t.length > 63 || (t.length === 63 && pubkeyError(t)))
      return "This npub is not valid. Check that it was copied whole.";
    return null;
  }
  if ("npub1".startsWith(t)) return null; // still typing "npub1"
  if (!/^[0-9a-f]+$/.test(t)) return "Search by an npub or a hex public key (or the start of one).";
  if (t.length > 64) return "A hex public key is 64 characters.";
  return null;
}

/** An npub shortened for a line of text: its start and end. */
export function shortNpub(hex: string): string {
  const n = toNpub(hex);
  return `${n.slice(0, 12)}…${n.slice(-6)}`;
}
