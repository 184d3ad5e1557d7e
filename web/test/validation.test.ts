import { describe, expect, test } from "bun:test";
import {
  descriptionError,
  iconError,
  nameError,
  nwcUrlError,
  planError,
  validateRelayForm,
} from "../src/lib/validation";

const HEX = "b889ff5b1513b641e2a139f661a661364979c5beee91842f8f0ef42ab558e9d4";
const SECRET = "71a8c14c1407c113601079c4302dab36460f0ccd0ad506f1f2dc73b5100e4f3c";

describe("relay fields", () => {
  test("name: 1–64 characters after trimming", () => {
    expect(nameError("")).toMatch(/give your relay a name/i);
    expect(nameError("   ")).toMatch(/give your relay a name/i);
    expect(nameError("x".repeat(64))).toBeNull();
    expect(nameError("x".repeat(65))).toMatch(/at most 64/);
    expect(nameError("🚀".repeat(64))).toBeNull();
  });
  test("icon: empty or an http(s) URL of at most 2048 chars", () => {
    expect(iconError("")).toBeNull();
    expect(iconError("https://example.com/i.png")).toBeNull();
    expect(iconError("http://example.com/i.png")).toBeNull();
    expect(iconError("example.com/i.png")).toMatch(/full URL/);
    expect(iconError("ftp://example.com/i.png")).toMatch(/http:\/\/ or https:\/\//);
    expect(iconError("javascript:alert(1)")).toMatch(/http:\/\/ or https:\/\//);
    expect(iconError(`https://example.com/${"a".repeat(2040)}`)).toMatch(/2048/);
  });
  test("description: at most 500 characters", () => {
    expect(descriptionError("x".repeat(500))).toBeNull();
    expect(descriptionError("x".repeat(501))).toMatch(/500/);
  });
  test("plan: any id of the API's form (the catalog is the operator's)", () => {
    expect(planError("")).toMatch(/choose a plan/i);
    expect(planError("Gold")).toMatch(/one of the plans/i);
    expect(planError("-gold")).toMatch(/one of the plans/i);
    expect(planError("x".repeat(33))).toMatch(/one of the plans/i);
    expect(planError("growth")).toBeNull();
    expect(planError("pro_2026-eu")).toBeNull();
  });
  test("validateRelayForm reports every broken field", () => {
    const e = validateRelayForm({ name: "", subdomain: "1x", icon: "nope", description: "", plan: "" });
    expect(Object.keys(e).sort()).toEqual(["icon", "name", "plan", "subdomain"]);
    expect(validateRelayForm({ name: "A", subdomain: "abc", icon: "", description: "", plan: "free" })).toEqual({});
  });
});

describe("NWC URL", () => {
  const good = `nostr+walletconnect://${HEX}?relay=wss%3A%2F%2Frelay.example.com&secret=${SECRET}`;
  test("accepts a NIP-47 connection URL", () => {
    expect(nwcUrlError(good)).toBeNull();
    expect(nwcUrlError(`  ${good}  `)).toBeNull();
    expect(nwcUrlError(`${good}&relay=wss://second.example&lud16=me@example.com`)).toBeNull();
    expect(nwcUrlError(`nostr+walletconnect://${HEX}?relay=wss://relay.example.com&secret=${SECRET}`)).toBeNull();
  });
  test("explains what is wrong", () => {
    expect(nwcUrlError("")).toMatch(/paste/i);
    expect(nwcUrlError("https://wallet.example")).toMatch(/starts with nostr\+walletconnect/);
    expect(nwcUrlError(`nostr+walletconnect://abc?relay=wss://r.example&secret=${SECRET}`)).toMatch(
      /public key.*64 hex/,
    );
    expect(nwcUrlError(`nostr+walletconnect://${HEX}?secret=${SECRET}`)).toMatch(/no relay/);
    expect(nwcUrlError(`nostr+walletconnect://${HEX}?relay=https://r.example&secret=${SECRET}`)).toMatch(/wss:\/\//);
    expect(nwcUrlError(`nostr+walletconnect://${HEX}?relay=wss://r.example`)).toMatch(/no secret/);
    expect(nwcUrlError(`nostr+walletconnect://${HEX}?relay=wss://r.example&secret=1234`)).toMatch(/secret.*64 hex/);
  });
});
