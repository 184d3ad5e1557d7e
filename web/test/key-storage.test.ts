// A key remembered on this device is kept only NIP-49-encrypted with the user's passphrase, is forgotten on logout,
// and a plain-text nsec left by an earlier version is removed; a bunker's auth_url is opened only when it is https:.
import { describe, expect, test } from "bun:test";
import { generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { decrypt } from "nostr-tools/nip49";
import { bytesToHex } from "nostr-tools/utils";
import { nsecEncode } from "nostr-tools/nip19";

describe("remembered key", () => {
  test("legacy plain-text nsec is removed when the app loads", async () => {
    localStorage.setItem("caravel.local-nsec", nsecEncode(generateSecretKey()));
    await import(`../src/lib/session?fresh=${Date.now()}`);
    expect(localStorage.getItem("caravel.local-nsec")).toBeNull();
  });

  test("stored encrypted, unlocked only with the passphrase, forgotten on logout", async () => {
    const { rememberKey, rememberedKey, unlockKey } = await import("../src/lib/session");
    const { logout } = await import("../src/lib/auth");
    const sk = generateSecretKey();
    expect(() => rememberKey(sk, "short")).toThrow(/at least 8/);
    rememberKey(sk, "correct horse battery");
    const all = JSON.stringify({ ...localStorage });
    expect(all).not.toContain(bytesToHex(sk));
    expect(all).not.toContain(nsecEncode(sk));
    const saved = rememberedKey()!;
    expect(saved.ncryptsec.startsWith("ncryptsec1")).toBe(true);
    expect(saved.pubkey).toBe(getPublicKey(sk));
    expect(bytesToHex(decrypt(saved.ncryptsec, "correct horse battery"))).toBe(bytesToHex(sk)); // standard NIP-49
    expect(() => unlockKey("wrong passphrase")).toThrow(/does not unlock/);
    expect(bytesToHex(unlockKey("correct horse battery"))).toBe(bytesToHex(sk));
    await logout();
    expect(rememberedKey()).toBeNull();
  }, 60_000); // four scrypt runs (NIP-49 log_n 16) on a busy machine
});

describe("bunker auth_url", () => {
  test("only https: URLs are accepted", async () => {
    const { isSafeAuthUrl } = await import("../src/lib/signers");
    expect(isSafeAuthUrl("https://nsec.app/approve?x=1")).toBe(true);
    for (const bad of [
      "javascript:alert(document.domain)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>1</script>",
      "http://signer.example/approve",
      "file:///etc/passwd",
      "vbscript:x",
      "//evil.example",
      "",
      null,
      42,
    ]) {
      expect(isSafeAuthUrl(bad)).toBe(false);
    }
  });
});
