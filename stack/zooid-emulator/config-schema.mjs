// zooid's relay config object: type checks, required fields, deep merge.
//
// zooid decodes the request JSON into a typed Go struct, so a known field with the wrong JSON
// type is a 400, a JSON null leaves the field at its zero value, and unknown fields are dropped
// silently: they never reach the stored TOML. The emulator does the same (`pickKnown`), with
// the field list of the selected line: the archived line's `blossom` has only `enabled`, so
// `blossom.adapter` and `blossom.s3` sent to it are dropped exactly like any unknown field, and so are the newer
// line's `policy.public_read`, `policy.public_write` and `management.member_methods`.

import { publicKeyProblem, secretKeyProblem } from './keys.mjs';

const str = 'string';
const bool = 'boolean';

// Known fields and their JSON types. `roles` is a map of role name -> ROLE.
const ROLE = { pubkeys: 'string[]', can_invite: bool, can_manage: bool };
// The newer line's roles also carry the label a NIP-86 createrole / editrole gives them (the emulator's reading).
const NEWER_ROLE = { ...ROLE, label: str };
const BASE = {
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
const SHAPES = {
  archived: BASE,
  newer: {
    ...BASE,
    // anyone may read / write without membership (the archived line has neither and drops the keys)
    policy: { ...BASE.policy, public_read: bool, public_write: bool },
    // the NIP-86 methods an ordinary member may call
    management: { ...BASE.management, member_methods: 'string[]' },
    roles: 'newer-roles',
    blossom: {
      enabled: bool,
      adapter: str,
      s3: { endpoint: str, region: str, bucket: str, access_key: str, secret_key: str, key_prefix: str },
    },
  },
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Keep only the known fields of `value` (recursively), type-checking each; nulls are dropped
 * (Go leaves such fields at their zero value; TOML has no null). Throws on a wrong type.
 */
function pickKnown(value, shape, path) {
  const out = {};
  for (const [key, want] of Object.entries(shape)) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (v === undefined || v === null) continue;
    const where = path + key;
    if (want === 'roles' || want === 'newer-roles') {
      if (!isPlainObject(v)) throw new Error(`field "${where}" must be an object`);
      const roles = {};
      for (const [name, role] of Object.entries(v)) {
        if (role === null) {
          roles[name] = {};
          continue;
        }
        if (!isPlainObject(role)) throw new Error(`field "${where}.${name}" must be an object`);
        roles[name] = pickKnown(role, want === 'roles' ? ROLE : NEWER_ROLE, `${where}.${name}.`);
      }
      out[key] = roles;
    } else if (want === 'string[]') {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && x !== null))
        throw new Error(`field "${where}" must be an array of strings`);
      out[key] = v.map((x) => x ?? '');
    } else if (isPlainObject(want)) {
      if (!isPlainObject(v)) throw new Error(`field "${where}" must be an object`);
      out[key] = pickKnown(v, want, `${where}.`);
    } else if (typeof v !== want) {
      throw new Error(`field "${where}" must be a ${want}, got ${jsonType(v)}`);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/**
 * Validate a decoded config the way the selected zooid line does. Returns { config } (known
 * fields only, nulls dropped) or { error } with zooid's message. `typeErrorPrefix` is what zooid
 * puts in front of a decode error ("invalid json config" for POST/PUT).
 */
export function validateConfig(input, { line = 'archived', typeErrorPrefix = 'invalid json config' } = {}) {
  if (!isPlainObject(input)) {
    return { error: `${typeErrorPrefix}: body must be a JSON object, got ${jsonType(input)}` };
  }
  let config;
  try {
    config = pickKnown(input, SHAPES[line] ?? BASE, '');
  } catch (e) {
    return { error: `${typeErrorPrefix}: ${e.message}` };
  }
  // Go zero values: a missing or empty string counts as absent.
  if (!config.host) return { error: 'host is required' };
  if (!config.schema) return { error: 'schema is required' };
  if (line === 'newer' && !SCHEMA_NAME.test(config.schema)) {
    return { error: `invalid schema: must match ${SCHEMA_NAME.source}` };
  }
  if (!config.secret) return { error: 'secret is required' };
  const secretProblem = secretKeyProblem(config.secret);
  if (secretProblem) return { error: `invalid secret key: ${secretProblem}` };
  const pubkey = config.info?.pubkey;
  if (line === 'newer' && !pubkey) return { error: 'info.pubkey is required' };
  if (pubkey) {
    const problem = publicKeyProblem(pubkey);
    if (problem) return { error: `invalid info.pubkey: ${problem}` };
  }
  if (line === 'newer') {
    const blossom = config.blossom ?? {};
    const adapter = blossom.adapter || 'local';
    if (adapter !== 'local' && adapter !== 's3') {
      return { error: `invalid blossom.adapter ${JSON.stringify(adapter)}: must be "local" or "s3"` };
    }
    if (adapter === 's3') {
      for (const k of ['bucket', 'region', 'access_key', 'secret_key']) {
        if (!blossom.s3?.[k]) return { error: `blossom.s3.${k} is required when blossom.adapter is "s3"` };
      }
    }
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
