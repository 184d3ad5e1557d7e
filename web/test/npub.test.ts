import { describe, expect, test } from "bun:test";
import { generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { npubEncode } from "nostr-tools/nip19";
import { pubkeySearchTerm } from "../src/lib/npub";

describe("pubkeySearchTerm", () => {
  test("a full npub becomes its hex pubkey", () => {
    for (let i = 0; i < 20; i++) {
      const hex = getPublicKey(generateSecretKey());
      expect(pubkeySearchTerm(npubEncode(hex))).toBe(hex);
    }
  });
  test("an npub prefix becomes a prefix of the hex pubkey", () => {
    const hex = getPublicKey(generateSecretKey());
    const npub = npubEncode(hex);
    for (let k = 1; k <= 52; k++) {
      const term = pubkeySearchTerm(npub.slice(0, 5 + k));
      expect(term.length).toBe(Math.min(64, Math.floor((5 * k) / 4)));
      expect(hex.startsWith(term)).toBe(true);
    }
  });
  test("hex, upper case and other text pass through", () => {
    expect(pubkeySearchTerm(" abc123 ")).toBe("abc123");
    expect(pubkeySearchTerm(`NPUB1${npubEncode("f".repeat(64)).slice(5, 15).toUpperCase()}`)).toBe("f".repeat(12));
    expect(pubkeySearchTerm("npub1bio")).toBe("npub1bio"); // 'b', 'i', 'o' are not bech32
  });
});
