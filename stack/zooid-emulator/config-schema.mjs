// zooid's relay config object: type checks, required fields, deep merge.
//
// zooid decodes the request JSON into a typed Go struct, so a known field with the
// wrong JSON type is a 400 ("invalid json config"), a JSON null leaves the field at
// its zero value, and unknown fields are ignored. The emulator keeps unknown fields
// (so tests can see everything Caravel sent, e.g. blossom S3 settings) but
// type-checks every field zooid-api.md names.

import { secretKeyProblem, publicKeyProblem } from './keys.mjs';

const str = 'string';
const bool = 'boolean';

// Known fields and their JSON types. `roles` is a map of role name -> ROLE.
const ROLE = { pubkeys: 'string[]', can_invite: bool, can_manage: bool };
const SHAPE = {
  host: str,
  schema: str,
  secret: str,
  inactive: bool,
  info: { name: str, icon: str, pubkey: str, description: str },
  policy: { public_join: bool, strip_signatures: bool },
  groups: { enabled: bool },
  push: { enabled: bool },
  management: { enabled: bool },
  blossom: { enabled: bool },
  livekit: { server_url: str, api_key: str, api_secret: str },
  roles: 'roles',
};

export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Throws an Error describing the first known field whose JSON type is wrong. Nulls are allowed. */
function checkShape(value, shape, path) {
  for (const [key, want] of Object.entries(shape)) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    const where = path + key;
    if (want === 'roles') {
      if (!isPlainObject(v)) throw new Error(`field "${where}" must be an object`);
      for (const [name, role] of Object.entries(v)) {
        if (role === null) continue;
        if (!isPlainObject(role)) throw new Error(`field "${where}.${name}" must be an object`);
        checkShape(role, ROLE, `${where}.${name}.`);
      }
    } else if (want === 'string[]') {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && x !== null))
        throw new Error(`field "${where}" must be an array of strings`);
    } else if (isPlainObject(want)) {
      if (!isPlainObject(v)) throw new Error(`field "${where}" must be an object`);
      checkShape(v, want, where + '.');
    } else if (typeof v !== want) {
      throw new Error(`field "${where}" must be a ${want}, got ${jsonType(v)}`);
    }
  }
}

/** Recursively drop null values (TOML has no null; Go leaves such fields at their zero value). */
export function stripNulls(v) {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(stripNulls);
  if (isPlainObject(v)) {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = stripNulls(x);
    return out;
  }
  return v;
}

/**
 * Validate a decoded config the way zooid does. Returns { config } (nulls stripped)
 * or { error } with zooid's message. `typeErrorPrefix` is what zooid puts in front of a
 * decode error ("invalid json config" for POST/PUT).
 */
export function validateConfig(input, typeErrorPrefix = 'invalid json config') {
  if (!isPlainObject(input)) {
    return { error: `${typeErrorPrefix}: body must be a JSON object, got ${jsonType(input)}` };
  }
  try {
    checkShape(input, SHAPE, '');
  } catch (e) {
    return { error: `${typeErrorPrefix}: ${e.message}` };
  }
  const config = stripNulls(input);
  // Go zero values: a missing or empty string counts as absent.
  if (!config.host) return { error: 'host is required' };
  if (!config.schema) return { error: 'schema is required' };
  if (!config.secret) return { error: 'secret is required' };
  const secretProblem = secretKeyProblem(config.secret);
  if (secretProblem) return { error: `invalid secret key: ${secretProblem}` };
  const pubkey = config.info?.pubkey;
  if (pubkey) {
    const problem = publicKeyProblem(pubkey);
    if (problem) return { error: `invalid info.pubkey: ${problem}` };
  }
  return { config };
}

/**
 * zooid's PATCH merge: objects merge recursively, a null removes the key,
 * any other value (arrays included) replaces the old one. Inputs are not mutated.
 */
export function deepMerge(base, patch) {
  const result = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else if (isPlainObject(v) && isPlainObject(base[k])) result[k] = deepMerge(base[k], v);
    else result[k] = v;
  }
  return result;
}
