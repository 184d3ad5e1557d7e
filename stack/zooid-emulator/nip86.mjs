// NIP-86 relay management (JSON-RPC over HTTP) on a virtual relay's host, as the relay library
// zooid is built on handles it. Every answer is HTTP 200 with {"result": ...} or {"error": "..."}
// (Content-Type application/nostr+json+rpc). Checks, in order:
//
//   Authorization "Nostr <base64 event>"              else "missing auth"
//   standard base64                                   else "invalid base64 auth"
//   event JSON                                        else "invalid auth event json"
//   id + signature valid (the kind is NOT checked)    else "invalid auth event"
//   a `u` tag equal, normalised, to the relay's base URL (see hosts.mjs)   else `invalid "u" tag, expected '<base>', got '<u>'`
//       — NO `u` tag at all: zooid's request handler crashes and the client gets no answer;
//         the emulator likewise closes the connection without any response
//   a `payload` tag = sha256 hex of the body          else "invalid auth event payload hash"
//   created_at >= now - 30 s                          else "auth event is too old"
//   body {"method", "params"}                         else "invalid json body" / "invalid params: ..."
//   caller: owner, relay key or can_manage role       else "blocked: only relay admins can manage this relay."
//       — newer line: a member may also call the methods `management.member_methods` lists, and then
//         supportedmethods, which lists just those for that member (so `createclaim` there is how members invite)
//
// Methods differ by line (see METHODS); a method NIP-86 defines but zooid does not implement
// answers "method <name> not supported". With management.enabled = false no method is set up,
// so every call (after the auth checks) answers "method <name> not supported".

import crypto from 'node:crypto';
import { validateEvent, verifyEvent } from 'nostr-tools/pure';
import { normalizeRelayUrl, relayBaseUrl } from './hosts.mjs';
import { sendJson } from './http-util.mjs';
import { keysOf, publicKeyProblem } from './keys.mjs';
import { canManage, listedManagers, ownerOf } from './permissions.mjs';
import { randomClaim } from './relay-data.mjs';

const RPC_TYPE = 'application/nostr+json+rpc';
const BASE64_STD = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX64 = /^[0-9a-fA-F]{64}$/;

// Methods NIP-86 defines that the relay library decodes (so an unset one is "not supported").
const KNOWN_METHODS = [
  'supportedmethods',
  'banpubkey',
  'unbanpubkey',
  'listbannedpubkeys',
  'allowpubkey',
  'unallowpubkey',
  'listallowedpubkeys',
  'listeventsneedingmoderation',
  'allowevent',
  'banevent',
  'listbannedevents',
  'changerelayname',
  'changerelaydescription',
  'changerelayicon',
  'allowkind',
  'disallowkind',
  'listallowedkinds',
  'listdisallowedkinds',
  'blockip',
  'unblockip',
  'listblockedips',
  'stats',
  'createrole',
  'editrole',
  'deleterole',
  'assignrole',
  'unassignrole',
  'listclaims',
  'createclaim',
  'deleteclaim',
  'signevent',
];

const reply = (res, body) => sendJson(res, 200, body, RPC_TYPE);

class ParamError extends Error {}

function pubkeyParam(params) {
  const [pubkey, reason = ''] = params;
  const problem = publicKeyProblem(pubkey);
  if (problem) throw new ParamError(`invalid pubkey: ${problem}`);
  return { pubkey: pubkey.toLowerCase(), reason: typeof reason === 'string' ? reason : String(reason) };
}

function idParam(params) {
  const [id, reason = ''] = params;
  if (typeof id !== 'string' || !HEX64.test(id)) throw new ParamError('invalid event id');
  return { id: id.toLowerCase(), reason: typeof reason === 'string' ? reason : String(reason) };
}

function stringParam(params) {
  if (typeof params[0] !== 'string') throw new ParamError('the first param must be a string');
  return params[0];
}

/** assignrole / unassignrole: [pubkey, role]. */
function roleParams(params) {
  const { pubkey } = pubkeyParam(params);
  if (typeof params[1] !== 'string' || params[1] === '') throw new ParamError('the role must be a non-empty string');
  return { pubkey, role: params[1] };
}

const ROLE_ID = /^[a-z0-9_-]{1,64}$/;

/** createrole / editrole / deleterole: [roleId, label?] (the emulator's reading of the newer line's methods). */
function roleIdParams(params) {
  const [id, label] = params;
  if (typeof id !== 'string' || !ROLE_ID.test(id)) throw new ParamError('the role id must match [a-z0-9_-]{1,64}');
  if (label !== undefined && label !== null && typeof label !== 'string') {
    throw new ParamError('the label must be a string');
  }
  return { id, label: label ?? null };
}

/** Runs a method's effect and answers `true`, as zooid does for methods with no result of their own. */
function done(effect) {
  effect();
  return true;
}

const optionalCode = (params) => {
  if (params[0] === undefined || params[0] === null || params[0] === '') return null;
  if (typeof params[0] !== 'string') throw new ParamError('the claim must be a string');
  return params[0];
};

// Each method: { decode(params) -> args, run(ctx, relay, args, caller) -> result | {error} }.
// `relay` = { id, config, data, keys }.
const ARCHIVED = {
  supportedmethods: { decode: () => null, run: () => null }, // filled in below
  banpubkey: {
    decode: pubkeyParam,
    run: (ctx, r, { pubkey, reason }) =>
      protect(ctx, r, pubkey) ?? done(() => r.data.banPubkey(r.keys, pubkey, reason)),
  },
  unbanpubkey: {
    decode: pubkeyParam,
    run: (_ctx, r, { pubkey }) => done(() => r.data.removeBan(r.keys, pubkey)),
  },
  listbannedpubkeys: { decode: () => null, run: (_ctx, r) => r.data.bannedPubkeys() },
  allowpubkey: {
    decode: pubkeyParam,
    run: (_ctx, r, { pubkey }) => done(() => r.data.allowPubkey(r.keys, pubkey)),
  },
  unallowpubkey: {
    decode: pubkeyParam,
    run: (ctx, r, { pubkey }) => protect(ctx, r, pubkey) ?? done(() => r.data.removeMember(r.keys, pubkey)),
  },
  listallowedpubkeys: {
    decode: () => null,
    run: (_ctx, r) => r.data.members().map((pubkey) => ({ pubkey, reason: 'relay member' })),
  },
  banevent: { decode: idParam, run: (_ctx, r, { id, reason }) => done(() => r.data.banEvent(r.keys, id, reason)) },
  allowevent: { decode: idParam, run: (_ctx, r, { id }) => done(() => r.data.allowEvent(r.keys, id)) },
  listbannedevents: {
    decode: () => null,
    // Broken in the archived line: the call fails instead of listing.
    run: (ctx) => (ctx.line === 'newer' ? null : { error: 'failed to list banned events' }),
  },
  changerelayname: { decode: stringParam, run: (ctx, r, v) => setInfo(ctx, r, 'name', v) },
  changerelaydescription: { decode: stringParam, run: (ctx, r, v) => setInfo(ctx, r, 'description', v) },
  changerelayicon: { decode: stringParam, run: (ctx, r, v) => setInfo(ctx, r, 'icon', v) },
};

const NEWER = {
  ...ARCHIVED,
  listbannedevents: { decode: () => null, run: (_ctx, r) => r.data.bannedEvents() },
  assignrole: {
    decode: roleParams,
    run: (_ctx, r, { pubkey, role }) => {
      r.data.allowPubkey(r.keys, pubkey);
      r.data.setRoleAssignment(r.keys, pubkey, role, true);
      return true;
    },
  },
  unassignrole: {
    decode: roleParams,
    run: (_ctx, r, { pubkey, role }) => done(() => r.data.setRoleAssignment(r.keys, pubkey, role, false)),
  },
  // Roles are labels kept in the relay's config file as [roles.<id>] (zooid rewrites the file, then reloads the
  // relay, as for a rename): a platform that rewrites the config must leave the roles it did not create.
  createrole: {
    decode: roleIdParams,
    run: (ctx, r, { id, label }) =>
      editRoles(ctx, r, (roles) => {
        if (Object.hasOwn(roles, id)) return { error: `role ${id} already exists` };
        roles[id] = { pubkeys: [], can_invite: false, can_manage: false, label: label ?? id };
        return true;
      }),
  },
  editrole: {
    decode: roleIdParams,
    run: (ctx, r, { id, label }) =>
      editRoles(ctx, r, (roles) => {
        if (!Object.hasOwn(roles, id)) return { error: `role ${id} not found` };
        roles[id] = { ...roles[id], label: label ?? id };
        return true;
      }),
  },
  deleterole: {
    decode: roleIdParams,
    run: (ctx, r, { id }) =>
      editRoles(ctx, r, (roles) => {
        if (!Object.hasOwn(roles, id)) return { error: `role ${id} not found` };
        delete roles[id];
        return true;
      }),
  },
  listclaims: { decode: () => null, run: (_ctx, r) => r.data.claims() },
  createclaim: {
    decode: optionalCode,
    run: (_ctx, r, code, caller) => {
      const claim = code ?? randomClaim();
      if (!r.data.hasClaim(claim)) r.data.createClaim(r.keys, caller, claim);
      return claim;
    },
  },
  deleteclaim: {
    decode: (params) => {
      const code = optionalCode(params);
      if (code === null) throw new ParamError('the claim is required');
      return code;
    },
    run: (_ctx, r, code) => (r.data.deleteClaim(code) ? true : { error: 'claim not found' }),
  },
};

const METHODS = { archived: ARCHIVED, newer: NEWER };

/** Names answered by supportedmethods (the archived line also reports its stray gate hook). */
function supported(line) {
  const names = Object.keys(METHODS[line]);
  return line === 'archived' ? [...names, 'onapicall'] : names;
}

/**
 * Newer line: the methods `management.member_methods` opens to ordinary members (only those this line has).
 * supportedmethods is open to a member whenever some method is, and then lists just those.
 */
function memberMethods(line, config) {
  if (line !== 'newer') return [];
  const listed = config.management?.member_methods ?? [];
  return listed.filter((m) => m !== 'supportedmethods' && Object.hasOwn(METHODS[line], m));
}

/** Newer line: the owner and listed can_manage pubkeys cannot be removed or banned. */
function protect(ctx, r, pubkey) {
  if (ctx.line !== 'newer') return null;
  if (pubkey === ownerOf(r.config) || listedManagers(r.config).has(pubkey)) {
    return { error: 'blocked: relay admins cannot be removed or banned' };
  }
  return null;
}

/** change*: rewrite info.<field> in the relay's TOML file, then reload (as zooid's watcher does). */
async function setInfo(ctx, r, field, value) {
  return ctx.store.exclusive(async () => {
    const config = await ctx.store.get(r.id);
    if (!config) return { error: 'relay config not found' };
    config.info = { ...(config.info ?? {}), [field]: value };
    await ctx.store.write(r.id, config);
    await ctx.registry.syncIds([r.id]);
    return true;
  });
}

/** create/edit/deleterole: change the roles in the relay's TOML file, then reload (as zooid's watcher does). */
async function editRoles(ctx, r, change) {
  return ctx.store.exclusive(async () => {
    const config = await ctx.store.get(r.id);
    if (!config) return { error: 'relay config not found' };
    const roles = { ...(config.roles ?? {}) };
    const out = change(roles);
    if (out !== true) return out;
    config.roles = roles;
    await ctx.store.write(r.id, config);
    await ctx.registry.syncIds([r.id]);
    return true;
  });
}

/**
 * Handle a NIP-86 call for the served relay `vr`.
 * @param {import('./server.mjs').EmulatorContext} ctx
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {import('./virtual-relay.mjs').VirtualRelay} vr
 * @param {{ body: Buffer, tooLarge: boolean }} input
 */
export async function handleNip86(ctx, req, res, vr, input) {
  if (input.tooLarge) return reply(res, { error: 'empty request' });

  const header = req.headers.authorization ?? '';
  const spl = header.split('Nostr ');
  if (spl.length !== 2) return reply(res, { error: 'missing auth' });
  const token = spl[1];
  if (token.length % 4 !== 0 || !BASE64_STD.test(token)) return reply(res, { error: 'invalid base64 auth' });
  let event;
  try {
    event = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return reply(res, { error: 'invalid auth event json' });
  }
  if (!validateEvent(event) || typeof event.id !== 'string' || typeof event.sig !== 'string') {
    return reply(res, { error: 'invalid auth event json' });
  }
  if (!verifyEvent(event)) return reply(res, { error: 'invalid auth event' });

  const u = event.tags.find((t) => t[0] === 'u');
  if (!u || u.length < 2) {
    // zooid crashes on this request: no HTTP answer at all.
    req.socket.destroy();
    return;
  }
  const expected = normalizeRelayUrl(relayBaseUrl(req));
  const got = normalizeRelayUrl(u[1]);
  if (got !== expected) return reply(res, { error: `invalid "u" tag, expected '${expected}', got '${got}'` });
  const hash = crypto.createHash('sha256').update(input.body).digest('hex');
  if (!event.tags.some((t) => t[0] === 'payload' && t[1] === hash)) {
    return reply(res, { error: 'invalid auth event payload hash' });
  }
  if (event.created_at < Math.floor(Date.now() / 1000) - 30) return reply(res, { error: 'auth event is too old' });

  let call;
  try {
    call = JSON.parse(input.body.toString('utf8'));
  } catch {
    return reply(res, { error: 'invalid json body' });
  }
  if (call === null || typeof call !== 'object' || Array.isArray(call))
    return reply(res, { error: 'invalid json body' });
  const name = call.method;
  const params = call.params ?? [];
  if (typeof name !== 'string' || !Array.isArray(params)) return reply(res, { error: 'invalid json body' });
  if (!KNOWN_METHODS.includes(name)) return reply(res, { error: `invalid params: unknown method '${name}'` });

  const config = vr.config;
  const enabled = config.management?.enabled === true;
  const table = METHODS[ctx.line];
  const method = enabled && Object.hasOwn(table, name) ? table[name] : null;
  let args;
  try {
    args = method ? method.decode(params) : null;
  } catch (e) {
    if (e instanceof ParamError) return reply(res, { error: `invalid params: ${e.message}` });
    throw e;
  }

  const caller = event.pubkey.toLowerCase();
  const manager = canManage(config, caller);
  const open = enabled && !manager && vr.data.isMember(caller) ? memberMethods(ctx.line, config) : [];
  const memberMay = open.includes(name) || (name === 'supportedmethods' && open.length > 0);
  if (enabled && !manager && !memberMay)
    return reply(res, { error: 'blocked: only relay admins can manage this relay.' });
  if (!method) return reply(res, { error: `method ${name} not supported` });
  if (name === 'supportedmethods') return reply(res, { result: manager ? supported(ctx.line) : open });

  const relay = { id: vr.id, config, data: vr.data, keys: keysOf(config.secret) };
  const out = await method.run(ctx, relay, args, caller);
  if (out && typeof out === 'object' && !Array.isArray(out) && typeof out.error === 'string')
    return reply(res, { error: out.error });
  return reply(res, { result: out });
}
