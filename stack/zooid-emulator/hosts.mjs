// Host header helpers.
//
// Rule (CONTEXT.md): a configured name WITHOUT a port is compared with the
// request's Host with any ":port" removed; a configured name WITH a port is
// compared with the whole Host exactly. Host names are case-insensitive, so
// both sides are lower-cased first.

/** Split "name:port", "[v6]:port", "name" or "[v6]" into { name, port|null }. */
export function splitHostPort(host) {
  const h = String(host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end === -1) return { name: h, port: null };
    const rest = h.slice(end + 1);
    return { name: h.slice(0, end + 1), port: rest.startsWith(':') ? rest.slice(1) : null };
  }
  const colon = h.lastIndexOf(':');
  // More than one colon without brackets: a bare IPv6 address, no port.
  if (colon === -1 || h.indexOf(':') !== colon) return { name: h, port: null };
  return { name: h.slice(0, colon), port: h.slice(colon + 1) };
}

/** Does the request's Host header select the configured host name? */
export function hostMatches(configured, requestHost) {
  if (!configured || !requestHost) return false;
  const want = splitHostPort(configured);
  const got = splitHostPort(requestHost);
  if (want.port !== null) return want.name === got.name && want.port === got.port;
  return want.name === got.name;
}
