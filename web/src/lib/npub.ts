import { npubEncode } from "nostr-tools/nip19";

/** Hex pubkey → npub (returns the input when it is not a valid hex key). */
export function toNpub(hex: string): string {
  try {
    return /^[0-9a-f]{64}$/.test(hex) ? npubEncode(hex) : hex;
  } catch {
    return hex;
  }
}
