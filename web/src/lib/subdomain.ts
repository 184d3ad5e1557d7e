// Subdomain rules, the same as the API's: a DNS label of 3–63 chars of a-z, 0-9 and "-",
// starting with a letter, not ending with "-", not reserved. (Uniqueness is asked of the API.)

export const MIN_SUBDOMAIN = 3;
export const MAX_SUBDOMAIN = 63;

/** Used until GET /config answers with the server's own list. */
export const DEFAULT_RESERVED = [
  "www",
  "api",
  "admin",
  "app",
  "mail",
  "smtp",
  "imap",
  "pop",
  "ftp",
  "ns1",
  "ns2",
  "dashboard",
  "status",
  "docs",
  "help",
  "support",
  "static",
  "assets",
  "cdn",
  "blog",
];

/** A subdomain suggested from a relay name: "Bitcoin Café #1" → "bitcoin-cafe-1". */
export function slugify(name: string): string {
  let s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // strip accents
    .toLowerCase()
    .replace(/['’`]/g, "") // "Alice's" → "alices"
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (s && !/^[a-z]/.test(s)) s = `relay-${s}`;
  if (s.length > MAX_SUBDOMAIN) s = s.slice(0, MAX_SUBDOMAIN).replace(/-+$/, "");
  return s;
}

/** The first rule a subdomain breaks, as a message for the form; null when it is valid. */
export function subdomainError(value: string, reserved: readonly string[] = DEFAULT_RESERVED): string | null {
  const s = value;
  if (!s) return "Choose a subdomain.";
  if (/[A-Z]/.test(s)) return "Use lowercase letters only.";
  if (/[^a-z0-9-]/.test(s)) return "Use only lowercase letters (a–z), digits and hyphens.";
  if (!/^[a-z]/.test(s)) return "Start with a letter.";
  if (s.length < MIN_SUBDOMAIN) return `Use at least ${MIN_SUBDOMAIN} characters.`;
  if (s.length > MAX_SUBDOMAIN) return `Use at most ${MAX_SUBDOMAIN} characters.`;
  if (s.endsWith("-")) return "Don't end with a hyphen.";
  if (reserved.includes(s)) return `“${s}” is reserved. Choose another subdomain.`;
  return null;
}

/** zooid's schema for a subdomain (fixed at creation). */
export function schemaOf(subdomain: string): string {
  return subdomain.replace(/-/g, "_");
}

/**
 * A relay's address as members will type it: the backend's rule (zooid.RelayAddress), which is zooid's. A host that
 * carries a port (or is localhost or an IP address) is served as plain ws:// (the local stack, a test server); every
 * other name is wss://. Pages that show an address before one exists (the home page's example) use this, so it looks
 * like the real one will.
 */
export function relayUrl(subdomain: string, relayDomain: string): string {
  const host = `${subdomain}.${relayDomain}`;
  const plain =
    host.startsWith("[") || host.includes(":") || host === "localhost" || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  return `${plain ? "ws" : "wss"}://${host}`;
}
