// The custom domain and NIP-05 name rules the forms apply before asking the API (the backend's domain.Validation),
// and how addresses are written.
import { describe, expect, test } from "bun:test";
import {
  domainError,
  hostOf,
  publicHost,
  nip05Address,
  nip05LookupUrl,
  nip05Resolvable,
  nip05NameError,
  normalizeDomain,
  normalizeName,
  orList,
  plansWith,
} from "../src/lib/domains";

const PLATFORM = ["caravel.example", "relay.caravel.example"];

describe("domainError", () => {
  test("a host name of two or more labels is taken, in any case and with a trailing dot", () => {
    for (const d of ["hikers.org", "relay.hikers.org", "Relay.Hikers.ORG.", "a.b.c.d.example", "xn--bcher-kva.example"])
      expect(domainError(d, PLATFORM)).toBeNull();
    expect(normalizeDomain("  Relay.Hikers.ORG. ")).toBe("relay.hikers.org");
  });

  test("empty, one label, or an empty label is refused", () => {
    expect(domainError("")).toMatch(/Enter a domain/);
    expect(domainError("   ")).toMatch(/Enter a domain/);
    expect(domainError("localhost")).toMatch(/with a dot/);
    expect(domainError("relay..hikers.org")).toMatch(/empty part/);
    expect(domainError(".hikers.org")).toMatch(/empty part/);
  });

  test("only a-z 0-9 and hyphens, not at a label's ends", () => {
    expect(domainError("re_lay.hikers.org")).toMatch(/Use only/);
    expect(domainError("-relay.hikers.org")).toMatch(/hyphen/);
    expect(domainError("relay-.hikers.org")).toMatch(/hyphen/);
    expect(domainError("rel-ay.hikers.org")).toBeNull();
  });

  test("a URL, a port or a path is not a domain", () => {
    expect(domainError("https://relay.hikers.org")).toMatch(/only the domain/);
    expect(domainError("relay.hikers.org:443")).toMatch(/only the domain/);
    expect(domainError("relay.hikers.org/x")).toMatch(/only the domain/);
    expect(domainError("relay hikers.org")).toMatch(/only the domain/);
  });

  test("non-ASCII names must come in their xn-- form", () => {
    expect(domainError("bücher.example")).toMatch(/ASCII/);
  });

  test("label and total lengths", () => {
    expect(domainError(`${"a".repeat(63)}.org`)).toBeNull();
    expect(domainError(`${"a".repeat(64)}.org`)).toMatch(/63/);
    const fits = `${Array.from({ length: 50 }, () => "abcd").join(".")}.org`;
    expect(fits.length).toBe(253);
    expect(domainError(fits)).toBeNull();
    expect(domainError(`a${fits}`)).toMatch(/253/);
  });

  test("an IP address is refused (the last label is all digits)", () => {
    expect(domainError("10.0.0.1")).toMatch(/IP address/);
    expect(domainError("relay.123")).toMatch(/IP address/);
    expect(domainError("relay.a123")).toBeNull();
  });

  test("the platform's own hosts and names under them are refused", () => {
    expect(domainError("caravel.example", PLATFORM)).toMatch(/belongs to this service/);
    expect(domainError("Other.Relay.Caravel.Example.", PLATFORM)).toMatch(/belongs to this service/);
    expect(domainError("notcaravel.example", PLATFORM)).toBeNull();
    expect(domainError("hikers.localhost", ["localhost:8080"])).toBe(
      "localhost belongs to this service: use a domain of your own.",
    );
  });
});

describe("nip05NameError", () => {
  test("1 to 64 of a-z 0-9 . _ -, upper case lowered", () => {
    for (const n of ["alice", "Alice", "a", "bob.smith", "bob_smith", "bob-smith", "42", "a".repeat(64)])
      expect(nip05NameError(n)).toBeNull();
    expect(normalizeName("  Alice ")).toBe("alice");
  });

  test("empty, too long, other characters, a leading dot are refused", () => {
    expect(nip05NameError("")).toMatch(/Enter a name/);
    expect(nip05NameError("a".repeat(65))).toMatch(/64/);
    expect(nip05NameError("alice@hikers.org")).toMatch(/Use only/);
    expect(nip05NameError("al ice")).toMatch(/Use only/);
    expect(nip05NameError("zoë")).toMatch(/Use only/);
    expect(nip05NameError(".alice")).toMatch(/dot/);
  });

  test("the root name _ is the owner's to give, not a member's to claim", () => {
    expect(nip05NameError("_")).toMatch(/owner/);
    expect(nip05NameError("_", { owner: true })).toBeNull();
    expect(nip05NameError("_alice")).toBeNull();
  });
});

describe("addresses", () => {
  test("hostOf reads a relay URL's host, with a port when it has one", () => {
    expect(hostOf("wss://relay.hikers.org/")).toBe("relay.hikers.org");
    expect(hostOf("wss://Hikers.Relay.Caravel.Example")).toBe("hikers.relay.caravel.example");
    expect(hostOf("ws://hikers.localhost:8080")).toBe("hikers.localhost:8080");
    expect(hostOf("not a url")).toBe("");
    expect(hostOf(null)).toBe("");
  });

  test("publicHost: the served custom domain's host, else the relay's usual host", () => {
    const relay = { host: "hikers.relay.caravel.example", url: "wss://hikers.relay.caravel.example" };
    expect(publicHost({ ...relay, public_url: relay.url })).toBe("hikers.relay.caravel.example");
    expect(publicHost({ ...relay, public_url: "wss://relay.hikers.org/" })).toBe("relay.hikers.org");
    expect(publicHost(relay)).toBe("hikers.relay.caravel.example");
  });

  test("nip05Address is name@host, and the root name is the host alone", () => {
    expect(nip05Address("alice", "relay.hikers.org")).toBe("alice@relay.hikers.org");
    expect(nip05Address("_", "relay.hikers.org")).toBe("relay.hikers.org");
    // a host with a port makes no address: apps refuse name@host:port, and would look it up on port 443
    expect(nip05Address("carol", "builders.localhost:3334")).toBeNull();
    expect(nip05Address("_", "builders.localhost:3334")).toBeNull();
    expect(nip05Resolvable("builders.localhost:3334")).toBe(false);
    expect(nip05Resolvable("builders.relays.example.com")).toBe(true);
  });

  test("nip05LookupUrl is the host's nostr.json over the relay URL's scheme and port", () => {
    expect(nip05LookupUrl("carol", "ws://builders.localhost:3334")).toBe(
      "http://builders.localhost:3334/.well-known/nostr.json?name=carol",
    );
    expect(nip05LookupUrl("a.b", "wss://relay.hikers.org/")).toBe(
      "https://relay.hikers.org/.well-known/nostr.json?name=a.b",
    );
    expect(nip05LookupUrl("x", "not a url")).toBe("");
  });

  test("plansWith names the offered plans that have a feature, in order; orList joins them", () => {
    const plans = [
      { name: "Free", hidden: false, custom_domain: false },
      { name: "Basic", hidden: false, custom_domain: true },
      { name: "Secret", hidden: true, custom_domain: true },
      { name: "Growth", hidden: false, custom_domain: true },
    ];
    expect(plansWith(plans, (p) => p.custom_domain)).toEqual(["Basic", "Growth"]);
    expect(orList([])).toBe("");
    expect(orList(["Basic"])).toBe("Basic");
    expect(orList(["Basic", "Growth"])).toBe("Basic or Growth");
    expect(orList(["A", "B", "C"])).toBe("A, B or C");
  });
});
