// Host and URL helpers.
//
// Routing is by the exact Host header (port included, case-sensitive), as zooid does: the
// server compares strings, nothing here lower-cases or strips ports for routing.
//
// A virtual relay's base URL is computed like the relay library zooid is built on: the scheme
// comes from X-Forwarded-Proto when present, else `http` when the Host is `localhost`, has a
// port, or is an IP address (only digits once the dots are removed), else `https`. NIP-86's
// `u` tag and NIP-42's `relay` tag are compared with it after normalisation.

/** `<scheme>://<Host>` for a request to a relay host. */
export function relayBaseUrl(req) {
  const host = req.headers.host ?? '';
  let proto = req.headers['x-forwarded-proto'];
  if (!proto) {
    if (host === 'localhost' || host.includes(':') || /^\d+$/.test(host.replaceAll('.', ''))) proto = 'http';
    else proto = 'https';
  }
  return `${proto}://${host}`;
}

/**
 * Normalise a relay URL for comparison: trimmed, https -> wss and http -> ws, a missing scheme
 * read as wss (ws for localhost), scheme and host lower-cased, a trailing "/" dropped.
 * Returns null when it cannot be parsed.
 */
export function normalizeRelayUrl(input) {
  if (typeof input !== 'string') return null;
  let s = input.trim();
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s)) s = (/^(localhost|127\.)/.test(s) ? 'ws://' : 'wss://') + s;
  s = s.replace(/^https:\/\//i, 'wss://').replace(/^http:\/\//i, 'ws://');
  let url;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  let pathname = url.pathname;
  while (pathname.endsWith('/')) pathname = pathname.slice(0, -1);
  return `${url.protocol.toLowerCase()}//${url.host.toLowerCase()}${pathname}${url.search}`;
}
