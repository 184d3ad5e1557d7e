// A relay's own domain and its members' NIP-05 names: the API's rules (the backend's domain.Validation) as messages
// for the forms, and how an address is written. Pure functions, so the forms and the tests share them.
import type { components } from "./api-schema";

type Schemas = components["schemas"];
export type CustomDomain = Schemas["CustomDomain"];
export type DomainState = CustomDomain["state"];
export type DnsRecord = Schemas["DnsRecord"];
export type RelayName = Schemas["RelayName"];
export type Membership = Schemas["Membership"];

export const MAX_DOMAIN = 253;
export const MAX_LABEL = 63;
export const MAX_NIP05_NAME = 64;

/** A domain as the API keeps it: surrounding space gone, lower case, one trailing dot dropped. */
export function normalizeDomain(input: string): string {
  return input.trim().toLowerCase().replace(/\.$/, "");
}

/** Whether `host` is `parent` or a name under it (`a.b.parent`). */
function isUnder(host: string, parent: string): boolean {
  // a relay domain may carry a port (a development setup's localhost:8080): names are compared without it
  const p = normalizeDomain(parent).replace(/:\d+$/, "");
  return p !== "" && (host === p || host.endsWith(`.${p}`));
}

/**
 * What is wrong with a domain the owner typed, or null when the API would take it. `platform` are the hosts the
 * domain may not be nor sit under: the relays' shared domain (GET /config relay_domain) and the app's own host.
 * Whether another relay holds it is the API's to say (409).
 */
export function domainError(input: string, platform: readonly string[] = []): string | null {
  const d = normalizeDomain(input);
  if (!d) return "Enter a domain, such as relay.example.org.";
  // the API takes host names in their ASCII form only: an internationalized name goes in as its xn-- spelling
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(d)) return "Write the domain in its ASCII form (an accented name starts with xn--).";
  if (/[/:@?#\s]/.test(d)) return "Enter only the domain, without https://, a path or a port.";
  if (d.length > MAX_DOMAIN) return `A domain has at most ${MAX_DOMAIN} characters.`;
  const labels = d.split(".");
  if (labels.length < 2) return "Enter a full domain with a dot, such as relay.example.org.";
  for (const label of labels) {
    if (label === "") return "The domain has an empty part between two dots.";
    if (label.length > MAX_LABEL) return `Each part between dots has at most ${MAX_LABEL} characters.`;
    if (!/^[a-z0-9-]+$/.test(label)) return "Use only letters a–z, digits, hyphens and dots.";
    if (label.startsWith("-") || label.endsWith("-")) return "A part between dots cannot start or end with a hyphen.";
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return "Enter a domain name, not an IP address.";
  for (const host of platform) {
    if (isUnder(d, host))
      return `${normalizeDomain(host).replace(/:\d+$/, "")} belongs to this service: use a domain of your own.`;
  }
  return null;
}

/** A NIP-05 name as the API keeps it: surrounding space gone, lower case. */
export function normalizeName(input: string): string {
  return input.trim().toLowerCase();
}

/**
 * What is wrong with a NIP-05 name, or null when the API would take it: 1 to 64 of a-z 0-9 . _ -, not starting with
 * a dot. `_` alone is NIP-05's root name (the address that is just the host): the relay's owner may give it, a member
 * may not claim it.
 */
export function nip05NameError(input: string, opts: { owner?: boolean } = {}): string | null {
  const n = normalizeName(input);
  if (!n) return "Enter a name.";
  if (n.length > MAX_NIP05_NAME) return `A name has at most ${MAX_NIP05_NAME} characters.`;
  if (!/^[a-z0-9._-]+$/.test(n)) return "Use only letters a–z, digits, dots, hyphens and underscores.";
  if (n.startsWith(".")) return "A name cannot start with a dot.";
  if (n === "_" && !opts.owner) return "“_” is the relay's own address: only its owner can give it.";
  return null;
}

/** The host of a relay URL (wss://relay.example.org/ → relay.example.org), or "" for something that is not a URL. */
export function hostOf(url: string | null | undefined): string {
  if (!url) return "";
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return "";
  }
}

/**
 * The host people use for a relay, and its names are at (as the API's Membership.host says it): its own domain while
 * that is served (the relay's public_url then differs from its usual url), else its usual host.
 */
export function publicHost(relay: { host: string; url: string; public_url?: string | null }): string {
  const pub = relay.public_url;
  return pub && pub !== relay.url ? hostOf(pub) || relay.host : relay.host;
}

/**
 * The relay's public URL's host (the custom domain while in use, else the usual host); the backend keeps the same
 * rule. NIP-05 apps look a name up at `https://<domain>/.well-known/nostr.json`: a domain has no port, so a host with
 * one (a local stack's `club.localhost:3334`) makes no address they accept.
 */
export function nip05Resolvable(host: string): boolean {
  return host !== "" && !/:\d+$/.test(host);
}

/**
 * A NIP-05 address: name@host, or null where the host has a port (no app accepts or resolves `name@host:port`). The
 * root name `_` is written as NIP-05 apps show it, the host alone (`_@relay.example.org` reads as relay.example.org).
 */
export function nip05Address(name: string, host: string): string | null {
  if (!nip05Resolvable(host)) return null;
  return name === "_" ? host : `${name}@${host}`;
}

/**
 * Where a name answers: the relay host's `/.well-known/nostr.json?name=<name>`, over the relay URL's own scheme and
 * port (ws → http on a local stack, wss → https), which the proxy (or the local stack) sends to Caravel.
 */
export function nip05LookupUrl(name: string, relayUrl: string): string {
  try {
    const u = new URL(relayUrl);
    const scheme = u.protocol === "ws:" ? "http:" : "https:";
    return `${scheme}//${u.host}/.well-known/nostr.json?name=${encodeURIComponent(name)}`;
  } catch {
    return "";
  }
}

/** The label and badge tone of a domain's state. */
export const DOMAIN_STATE: Record<DomainState, { label: string; tone: "warning" | "success" | "destructive" }> = {
  pending: { label: "Waiting for DNS", tone: "warning" },
  verified: { label: "Verified", tone: "success" },
  lost: { label: "Records missing", tone: "destructive" },
};

/** What a record is for, in a few plain words. */
export function recordPurpose(r: Pick<DnsRecord, "purpose" | "type">): string {
  return r.purpose === "route" ? "Sends the name to your relay" : "Proves the domain is yours";
}

/** The names of the plans (in the catalog's order) that include custom domains, for telling an owner where to go. */
export function plansWith<P extends { name: string; hidden: boolean }>(
  plans: readonly P[],
  has: (p: P) => boolean,
): string[] {
  return plans.filter((p) => !p.hidden && has(p)).map((p) => p.name);
}

/** "A", "A or B", "A, B or C". */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
