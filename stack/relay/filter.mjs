// NIP-01 event/filter helpers for the development relay (stack/relay).
// Development and test use only.

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;
const TAG_FILTER = /^#[a-zA-Z]$/;
const KNOWN_FILTER_KEYS = new Set(['ids', 'authors', 'kinds', 'since', 'until', 'limit', 'search']);

/** NIP-01 kind classes. */
export function kindClass(kind) {
  if (kind === 0 || kind === 3 || (kind >= 10000 && kind < 20000)) return 'replaceable';
  if (kind >= 20000 && kind < 30000) return 'ephemeral';
  if (kind >= 30000 && kind < 40000) return 'addressable';
  return 'regular';
}

/** Value of the first `d` tag ('' when absent), used as the address of addressable events. */
export function dTag(event) {
  const t = event.tags.find((tag) => tag[0] === 'd');
  return t && typeof t[1] === 'string' ? t[1] : '';
}

/** Key under which only the newest version is kept, or null for regular events. */
export function replaceKey(event) {
  const cls = kindClass(event.kind);
  if (cls === 'replaceable') return `${event.kind}:${event.pubkey}`;
  if (cls === 'addressable') return `${event.kind}:${event.pubkey}:${dTag(event)}`;
  return null;
}

/** NIP-01 ordering: newest first; on equal created_at the lowest id first. */
export function compareNewestFirst(a, b) {
  if (a.created_at !== b.created_at) return b.created_at - a.created_at;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** True when `candidate` should replace `current` (newer, or same second and lower id). */
export function supersedes(candidate, current) {
  return compareNewestFirst(candidate, current) < 0;
}

/** NIP-40 expiration timestamp or null. */
export function expirationOf(event) {
  const t = event.tags.find((tag) => tag[0] === 'expiration');
  if (!t) return null;
  const n = Number.parseInt(t[1], 10);
  return Number.isFinite(n) ? n : null;
}

/** Does `event` match one NIP-01 filter (ids, authors, kinds, #x tags, since, until)? */
export function matchFilter(event, filter) {
  if (filter.ids && !filter.ids.includes(event.id)) return false;
  if (filter.authors && !filter.authors.includes(event.pubkey)) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.since !== undefined && event.created_at < filter.since) return false;
  if (filter.until !== undefined && event.created_at > filter.until) return false;
  for (const key of Object.keys(filter)) {
    if (!TAG_FILTER.test(key)) continue;
    const wanted = filter[key];
    const name = key.slice(1);
    const hit = event.tags.some((tag) => tag[0] === name && tag.length > 1 && wanted.includes(tag[1]));
    if (!hit) return false;
  }
  return true;
}

export function matchAny(event, filters) {
  return filters.some((f) => matchFilter(event, f));
}

function isNonNegInt(v) {
  return Number.isInteger(v) && v >= 0;
}

function isStringArray(v) {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Returns an error string ("invalid: ...") or undefined when the filter is well-formed. */
export function validateFilter(filter) {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
    return 'invalid: filter must be an object';
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'ids' || key === 'authors') {
      if (!isStringArray(value)) return `invalid: ${key} must be an array of strings`;
      if (!value.every((x) => HEX64.test(x))) return `invalid: ${key} must contain 64-character lowercase hex values`;
    } else if (key === 'kinds') {
      if (!Array.isArray(value) || !value.every((k) => Number.isInteger(k) && k >= 0 && k <= 65535)) {
        return 'invalid: kinds must be an array of integers';
      }
    } else if (key === 'since' || key === 'until' || key === 'limit') {
      if (!isNonNegInt(value)) return `invalid: ${key} must be a non-negative integer`;
    } else if (key === 'search') {
      if (typeof value !== 'string') return 'invalid: search must be a string';
    } else if (TAG_FILTER.test(key)) {
      if (!isStringArray(value)) return `invalid: ${key} must be an array of strings`;
      if ((key === '#e' || key === '#p') && !value.every((x) => HEX64.test(x))) {
        return `invalid: ${key} must contain 64-character lowercase hex values`;
      }
    } else if (!KNOWN_FILTER_KEYS.has(key)) {
      // Unknown keys (e.g. multi-letter tag filters) are ignored, as most relays do.
    }
  }
  return undefined;
}

/** Structural validation of an event (id/signature are checked by @nostr-relay/common). */
export function validateEventShape(event) {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'invalid: event must be an object';
  if (typeof event.id !== 'string' || !HEX64.test(event.id)) return 'invalid: bad id';
  if (typeof event.pubkey !== 'string' || !HEX64.test(event.pubkey)) return 'invalid: bad pubkey';
  if (typeof event.sig !== 'string' || !HEX128.test(event.sig)) return 'invalid: bad sig';
  if (!Number.isInteger(event.created_at) || event.created_at < 0) return 'invalid: bad created_at';
  if (!Number.isInteger(event.kind) || event.kind < 0 || event.kind > 65535) return 'invalid: bad kind';
  if (!Array.isArray(event.tags) || !event.tags.every((t) => isStringArray(t))) {
    return 'invalid: tags must be an array of arrays of strings';
  }
  if (typeof event.content !== 'string') return 'invalid: content must be a string';
  return undefined;
}
