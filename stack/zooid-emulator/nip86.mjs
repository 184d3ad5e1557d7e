// NIP-86 relay management (JSON-RPC over HTTP) for one virtual relay.
//
// POST / on the relay's host, Content-Type application/nostr+json+rpc, NIP-98 auth with the
// same checks as the management API and u = <scheme>://<Host>/ (the form without the final
// slash, which khatru-based relays expect, is accepted too). Only managers may call it:
// the owner (info.pubkey), the relay's own key (pubkey of `secret`), any pubkey listed in a
// role with can_manage = true, and every member when roles.member has can_manage = true.
//
// Responses are {"result": ...} on success and {"result": null, "error": "..."} otherwise.

import { checkNip98, requestScheme } from './nip98.mjs';
import { publicKeyOf, publicKeyProblem } from './keys.mjs';
import { sendJson, parseJson } from './http-util.mjs';

function reply(res, status, result, error, headers) {
  const body = error === undefined ? { result } : { result: null, error };
  sendJson(res, status, body, 'application/json', headers);
}

/** Is `pubkey` (lower-case hex) allowed to manage this relay? */
export function isManager(config, data, pubkey) {
  if (config.info?.pubkey && config.info.pubkey.toLowerCase() === pubkey) return true;
  if (publicKeyOf(config.secret) === pubkey) return true;
  for (const [name, role] of Object.entries(config.roles ?? {})) {
    if (role?.can_manage !== true) continue;
    if ((role.pubkeys ?? []).some((p) => String(p).toLowerCase() === pubkey)) return true;
    // zooid: "the role named member applies to every member"
    if (name === 'member' && data.isMember(config.schema, pubkey)) return true;
  }
  return false;
}

/** [pubkey, optional reason] parameter list used by the pubkey methods. */
function pubkeyParams(params) {
  const [pubkey, reason = ''] = params;
  const problem = publicKeyProblem(pubkey);
  if (problem) return { error: `invalid params: ${problem}` };
  if (typeof reason !== 'string') return { error: 'invalid params: reason must be a string' };
  return { pubkey: pubkey.toLowerCase(), reason };
}

// method name -> async (data, schema, params) => { result } | { error }
const METHODS = {
  async supportedmethods() {
    return { result: Object.keys(METHODS) };
  },
  async listallowedpubkeys(data, schema) {
    return { result: data.members(schema) };
  },
  async allowpubkey(data, schema, params) {
    const p = pubkeyParams(params);
    if (p.error) return p;
    await data.allow(schema, p.pubkey, p.reason);
    return { result: true };
  },
  async unallowpubkey(data, schema, params) {
    const p = pubkeyParams(params);
    if (p.error) return p;
    await data.unallow(schema, p.pubkey);
    return { result: true };
  },
  async banpubkey(data, schema, params) {
    const p = pubkeyParams(params);
    if (p.error) return p;
    await data.ban(schema, p.pubkey, p.reason);
    return { result: true };
  },
  async unbanpubkey(data, schema, params) {
    const p = pubkeyParams(params);
    if (p.error) return p;
    await data.unban(schema, p.pubkey);
    return { result: true };
  },
  async listbannedpubkeys(data, schema) {
    return { result: data.banned(schema) };
  },
};
// Same as NIP-86's `unallowpubkey`, under the name the Caravel brief uses.
METHODS.disallowpubkey = METHODS.unallowpubkey;

/**
 * Handle a NIP-86 call for `relay` ({ id, config }).
 * @param ctx  { data: RelayData, store: ConfigStore }
 */
export async function handleNip86(ctx, req, res, relay, input, headers = {}) {
  const { config } = relay;
  if (config.management?.enabled !== true) {
    return reply(res, 404, null, 'relay management (NIP-86) is not enabled on this relay', headers);
  }

  const base = `${requestScheme(req)}://${req.headers.host ?? ''}`;
  const auth = checkNip98(req, [base + '/', base]);
  if (!auth.ok) return reply(res, 401, null, auth.error, headers);
  if (!isManager(config, ctx.data, auth.pubkey)) {
    return reply(res, 403, null, 'blocked: only relay admins can manage this relay', headers);
  }

  if (input.tooLarge) return reply(res, 400, null, 'request body too large', headers);
  const parsed = parseJson(input.body);
  if (parsed.error) return reply(res, 400, null, 'invalid json body', headers);
  const call = parsed.value;
  if (call === null || typeof call !== 'object' || typeof call.method !== 'string') {
    return reply(res, 400, null, 'invalid request: "method" must be a string', headers);
  }
  const params = call.params ?? [];
  if (!Array.isArray(params)) return reply(res, 400, null, 'invalid request: "params" must be an array', headers);

  const method = Object.hasOwn(METHODS, call.method) ? METHODS[call.method] : null;
  if (!method) return reply(res, 400, null, `method ${call.method} not supported`, headers);

  // Mutations of relay data are serialized with the config writes.
  const out = await ctx.store.exclusive(() => method(ctx.data, config.schema, params));
  if (out.error) return reply(res, 400, null, out.error, headers);
  return reply(res, 200, out.result, undefined, headers);
}
