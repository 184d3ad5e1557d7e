// Stripe's request encoding (application/x-www-form-urlencoded with bracketed keys, as every official client sends
// it): "items[0][id]=si_1&metadata[tenant]=ab" → { items: [{ id: 'si_1' }], metadata: { tenant: 'ab' } }.

/** Parses a form body into nested objects; numeric bracket keys make arrays. */
export function parseForm(text) {
  const out = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = [];
    const m = rawKey.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
    if (!m) throw new Error(`malformed parameter name ${rawKey}`);
    parts.push(m[1]);
    for (const b of m[2].matchAll(/\[([^[\]]*)\]/g)) parts.push(b[1]);
    let node = out;
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i];
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d*$/.test(parts[i + 1]);
      if (last) {
        if (Array.isArray(node) && key === '') node.push(value);
        else node[key] = value;
      } else {
        if (node[key] === undefined) node[key] = nextIsIndex ? [] : {};
        node = node[key];
      }
    }
  }
  return compactArrays(out);
}

// "items[3]" after "items[0]" must not leave holes: Stripe treats the indices as an ordered list
function compactArrays(v) {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compactArrays);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compactArrays(x)]));
  return v;
}
