// Host and URL helpers.
//
// Routing is by the exact Host header (port included, case-sensitive), as zooid does: the
// server compares strings, nothing here lower-cases or strips ports for routing.
//
// A virtual relay's base URL is computed like the relay library zooid is built on: the host is X-Forwarded-Host when
// a proxy set it, else Host (routing stays by Host: a proxy serving a relay at a custom domain sends the relay's own
// host as Host and the custom name as X-Forwarded-Host, and the relay's URL is then the custom one); the scheme comes
// from X-Forwarded-Proto when present, else `http` when that host is `localhost`, has a port, or is an IP address
// (only digits once the dots are removed), else `https`. NIP-86's `u` tag and NIP-42's `relay` tag are compared with
// it after normalisation.

/** `<scheme>://<host>` for a request to a relay host (see above). */
export function relayBaseUrl(req) {
  const host = header(req, 'x-forwarded-host') || (req.headers.host ?? '');
  let proto = header(req, 'x-forwarded-proto');
  if (!proto) {
    if (host === 'localhost' || host.includes(':') || /^\d+$/.test(host.replaceAll('.', ''))) proto = 'http';
    else proto = 'https';
  }
  return `${proto}://${host}`;
}

/** A header's value as Go's Header.Get reads it: the first of repeated lines (Node joins some with ", "). */
function header(req, name) {
  const i = req.rawHeaders.findIndex((h, n) => n % 2 === 0 && h.toLowerCase() === name);
  return i === -1 ? '' : req.rawHeaders[i + 1];
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
