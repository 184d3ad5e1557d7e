import { describe, expect, test } from "bun:test";
import { generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { npubEncode } from "nostr-tools/nip19";
import { pubkeyError, pubkeySearchTerm, searchTermError } from "../src/lib/npub";

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

describe("pubkeyError", () => {
  const hex = getPublicKey(generateSecretKey());
  const npub = npubEncode(hex);
  test("an npub, a hex key and nothing typed are fine", () => {
    expect(pubkeyError(npub)).toBeNull();
    expect(pubkeyError(` ${npub} `)).toBeNull();
    expect(pubkeyError(hex)).toBeNull();
    expect(pubkeyError("")).toBeNull();
  });
  test("a mistyped npub is named: one character changed, one missing, a stray letter", () => {
    const last = npub.at(-1) === "q" ? "p" : "q";
    expect(pubkeyError(npub.slice(0, -1) + last)).toMatch(/not valid/);
    expect(pubkeyError(npub.slice(0, -1))).toMatch(/not valid/);
    expect(pubkeyError("npub1bio")).toMatch(/not valid/);
  });
  test("a secret key or anything else says what to enter instead", () => {
    expect(pubkeyError("nsec1qqqq")).toMatch(/secret key/);
    expect(pubkeyError("alice")).toMatch(/npub.*or a 64-character hex/);
    expect(pubkeyError(hex.slice(1))).toMatch(/64-character hex/);
  });
});

describe("searchTermError", () => {
  test("the start of an npub or of a hex key can be searched for", () => {
    const npub = npubEncode(getPublicKey(generateSecretKey()));
    for (const q of ["", "n", "npu", "npub1", npub.slice(0, 12), npub, "ab12", "f".repeat(64)])
      expect(searchTermError(q)).toBeNull();
  });
  test("anything an npub or a hex key never has is named before it is searched", () => {
    expect(searchTermError("npub1bio")).toMatch(/b, i, o/);
    expect(searchTermError("alice")).toMatch(/npub or a hex/);
    expect(searchTermError("f".repeat(65))).toMatch(/64 characters/);
    expect(searchTermError(`${npubEncode("f".repeat(64)).slice(0, -1)}q`)).toMatch(/not valid/);
  });
});
