import { describe, expect, test } from "bun:test";
import { DEFAULT_RESERVED, relayUrl, schemaOf, slugify, subdomainError } from "../src/lib/subdomain";

describe("slugify", () => {
  test("lowercases and joins words with hyphens", () => {
    expect(slugify("Bitcoin Builders")).toBe("bitcoin-builders");
    expect(slugify("  Nostr   Meetup  Berlin ")).toBe("nostr-meetup-berlin");
  });
  test("strips accents and punctuation", () => {
    expect(slugify("Café Ñandú!")).toBe("cafe-nandu");
    expect(slugify("Alice's Relay")).toBe("alices-relay");
    expect(slugify("a -- b __ c")).toBe("a-b-c");
    expect(slugify("#1 Fans & Friends")).toBe("relay-1-fans-friends");
  });
  test("a name starting with a digit gets a letter prefix", () => {
    expect(slugify("21 Club")).toBe("relay-21-club");
    expect(subdomainError(slugify("21 Club"))).toBeNull();
  });
  test("never ends with a hyphen and stays within 63 characters", () => {
    const s = slugify(`${"x".repeat(62)} yz`);
    expect(s.length).toBeLessThanOrEqual(63);
    expect(s.endsWith("-")).toBe(false);
    expect(subdomainError(s)).toBeNull();
  });
  test("empty or symbol-only names give an empty suggestion", () => {
    expect(slugify("")).toBe("");
    expect(slugify("!!! ???")).toBe("");
    expect(slugify("🚀🚀")).toBe("");
  });
  test("suggestions from ordinary names pass the rules", () => {
    for (const name of ["My Relay", "Ünïcödé Group", "Dev-Ops 2024", "the  best  relay  ever"]) {
      expect(subdomainError(slugify(name))).toBeNull();
    }
  });
});

describe("subdomainError (the API's rules)", () => {
  const ok = ["abc", "my-relay", "a1b2c3", "relay-21", `a${"b".repeat(62)}`];
  for (const s of ok)
    test(`accepts ${s.length > 20 ? `${s.length} chars` : s}`, () => expect(subdomainError(s)).toBeNull());

  const bad: [string, RegExp][] = [
    ["", /choose a subdomain/i],
    ["ab", /at least 3/i],
    [`a${"b".repeat(63)}`, /at most 63/i],
    ["1abc", /start with a letter/i],
    ["-abc", /start with a letter/i],
    ["abc-", /end with a hyphen/i],
    ["ab_c", /only lowercase letters/i],
    ["ab.c", /only lowercase letters/i],
    ["ab c", /only lowercase letters/i],
    ["Abc", /lowercase/i],
    ["café", /only lowercase letters/i],
    ["www", /reserved/i],
    ["admin", /reserved/i],
  ];
  for (const [s, re] of bad)
    test(`rejects "${s.length > 20 ? `${s.length} chars` : s}"`, () => expect(subdomainError(s)).toMatch(re));

  test("uses the reserved list it is given (from GET /config)", () => {
    expect(subdomainError("relay", ["relay"])).toMatch(/reserved/);
    expect(subdomainError("www", ["relay"])).toBeNull();
    expect(DEFAULT_RESERVED).toContain("api");
  });

  test("schema replaces hyphens with underscores", () => {
    expect(schemaOf("my-cool-relay")).toBe("my_cool_relay");
  });
});

describe("relayUrl", () => {
  test("a public domain is wss://, as members will type it", () => {
    expect(relayUrl("builders", "relays.example.com")).toBe("wss://builders.relays.example.com");
  });
  test("a domain with a port (the local stack) is plain ws://, never wss:// with a port", () => {
    expect(relayUrl("builders", "localhost:4848")).toBe("ws://builders.localhost:4848");
    expect(relayUrl("builders", "localhost:4848")).not.toMatch(/^wss:\/\/.*:\d+$/);
  });
});
