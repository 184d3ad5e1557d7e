// EMULATOR-ONLY test control routes, on the API host under /_emulator/.
// They are NOT part of zooid and NOT NIP-98 protected; they exist so tests can look at and
// steer the emulator. Never point production code at them. None of them lets anybody do on a
// relay what zooid would refuse (a member can be added only the way a join would succeed).
//
//   GET    /_emulator/relays                       -> {"<id>": <config>, ...}  (zooid has no GET)
//   GET    /_emulator/relays/<id>                  -> <config> | 404
//   GET    /_emulator/relays/<id>/state            -> {"loaded","inactive","problem"}
//   GET    /_emulator/relays/<id>/members          -> [{"pubkey","reason":"relay member"}] (the 13534 list)
//   POST   /_emulator/relays/<id>/members {"pubkey"} -> as if that pubkey joined: 8000 + 13534;
//          409 when the relay is not served (inactive / not loadable) or the pubkey is banned
//   DELETE /_emulator/relays/<id>/members/<pubkey> -> as if it left: 8001 + 13534
//   GET    /_emulator/relays/<id>/banned           -> [{"pubkey","reason"}]   (as listbannedpubkeys)
//   GET    /_emulator/relays/<id>/claims           -> [{"claim","pubkey","created_at"}] stored invite claims
//   GET    /_emulator/relays/<id>/events[?kinds=1,7&authors=<hex>,...] -> every stored event of the
//          relay's schema (internal lists included), newest first
//   POST   /_emulator/relays/<id>/events [<event>, ...] -> stored as an operator's copy of zooid's tables
//          stores rows (no author check; each event's shape and id checked, ids already there skipped,
//          an older version of a replaceable event not kept): {"stored": n}. What copy-events.mjs uses to stand
//          in for deploy/zooid-copy-events between two emulators
//   GET    /_emulator/schemas/<schema>             -> {"events": N, "blobs": N} what is kept under that schema (zooid's
//                                                  `<schema>__*` tables and MEDIA/<schema>), with or without a config
//   DELETE /_emulator/schemas/<schema>             -> {"events": N, "blobs": N} removed, as an operator's purge
//                                                  (deploy/zooid-purge-relay) removes them; 409 while any config
//                                                  names the schema (zooid would still serve from those tables)
//   POST   /_emulator/fail {"status":500,"count":1,"target":"api"} -> the next `count` requests of
//          `target` ("api" = management API, "relay" = relay hosts, "all") answer `status` with
//          {"error":"emulated failure"}; status 0 drops the connection without any response.
//          {"count":0} cancels.
//   GET    /_emulator/fail                         -> the pending failure plan
//   POST   /_emulator/cut-blob-write {"count":1,"keep":1048576} -> the next `count` Blossom uploads on any relay
//          host are cut as when zooid is killed while writing the file: the blob's descriptor is kept (HEAD and the
//          list announce it whole), only the first `keep` bytes reach its file (what GET serves), and the connection
//          drops without an answer. {"count":0} cancels.
//   POST   /_emulator/reset                        -> delete every config and all relay data,
//                                                    cancel pending failures
//   PUT    /_emulator/nip05-upstream {"url": "http://127.0.0.1:2892"} -> where NIP-05 lookups at relay hosts go
//          (--nip05-upstream, for a backend whose port is known only after the stack started; "" or null: none)
//   GET    /_emulator/nip05-upstream               -> {"url": <it or null>}

import crypto from 'node:crypto';
import { validateEvent } from 'nostr-tools/pure';
import { countBlobs, dropBlobs } from './blossom.mjs';
import { isPlainObject } from './config-schema.mjs';
import { parseJson, sendJson } from './http-util.mjs';
import { keysOf, publicKeyProblem } from './keys.mjs';
import { upstreamProblem } from './nip05-forward.mjs';

const TARGETS = new Set(['api', 'relay', 'all']);

/** NIP-01's event id (nostr-tools' getEventHash), hashed by node's own sha256: a large copy hashes every row. */
function eventHash(e) {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([0, e.pubkey, e.created_at, e.kind, e.tags, e.content]))
    .digest('hex');
}

export async function handleControl(ctx, req, res, pathname, input) {
  const parts = pathname.split('/').slice(2); // drop "" and "_emulator"
  const [section, id, sub, extra] = parts;
  const m = req.method;

  if (section === 'relays' && parts.length === 1) {
    if (m !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
    const all = {};
    for (const r of await ctx.store.list()) all[r.id] = r.config;
    return sendJson(res, 200, all);
  }

  if (section === 'relays' && id) {
    const config = await ctx.store.get(id).catch(() => null);
    if (!config) return sendJson(res, 404, { error: 'relay not found' });
    await ctx.registry.syncIds([id]);
    const schema = typeof config.schema === 'string' && config.schema ? config.schema : null;
    const data = schema ? ctx.data.get(schema) : null;

    if (parts.length === 2) {
      if (m !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      return sendJson(res, 200, config);
    }
    if (parts.length === 3 && sub === 'events' && m === 'POST') {
      if (input.tooLarge) return sendJson(res, 413, { error: 'request body too large: send fewer events at once' });
      const parsed = parseJson(input.body);
      const events = parsed.value;
      if (parsed.error || !Array.isArray(events))
        return sendJson(res, 400, { error: 'body must be a JSON array of events' });
      // an operator's copy of zooid's rows (deploy/zooid-copy-events, zooid-restore-events) checks each row's shape,
      // never a signature (Caravel verified them first): here the shape and the id, which is cheap; checking every
      // Schnorr signature in JavaScript made a restore of 100,000 events take minutes the real copy does not. A row
      // already stored is skipped unread, as the copy's insert skips it, so its id is not hashed again: a move's
      // catch-up copies the whole relay again and finds nearly all of it there
      const stored = (e) => Boolean(data?.repo.events.has(e.id));
      const bad = events.findIndex(
        (e) => !isPlainObject(e) || !validateEvent(e) || (!stored(e) && eventHash(e) !== e.id),
      );
      if (bad >= 0) return sendJson(res, 400, { error: `event ${bad} is not a well-formed event with its id` });
      if (!data) return sendJson(res, 409, { error: 'relay config cannot be loaded' });
      const added = await ctx.store.exclusive(() => data.importStored(events));
      return sendJson(res, 200, { stored: added });
    }
    if (parts.length === 3 && ['state', 'banned', 'claims', 'events'].includes(sub)) {
      if (m !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      if (sub === 'state') return sendJson(res, 200, ctx.registry.state(id));
      if (sub === 'banned') return sendJson(res, 200, data ? data.bannedPubkeys() : []);
      if (sub === 'claims') return sendJson(res, 200, data ? data.claims() : []);
      const filter = {};
      const q = new URL(req.url, 'http://x').searchParams;
      const kinds = q.get('kinds');
      const authors = q.get('authors');
      if (kinds) filter.kinds = kinds.split(',').map(Number);
      if (authors) filter.authors = authors.split(',').map((a) => a.toLowerCase());
      return sendJson(res, 200, data ? data.allEvents(filter) : []);
    }
    if (sub === 'members' && parts.length === 3) {
      if (m === 'GET')
        return sendJson(
          res,
          200,
          (data?.members() ?? []).map((pubkey) => ({ pubkey, reason: 'relay member' })),
        );
      if (m !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
      const body = jsonObject(input);
      if (body.error) return sendJson(res, 400, { error: body.error });
      const { pubkey } = body.value;
      const problem = publicKeyProblem(pubkey);
      if (problem) return sendJson(res, 400, { error: `invalid pubkey: ${problem}` });
      const state = ctx.registry.state(id);
      if (!state?.loaded) {
        return sendJson(res, 409, {
          error: 'relay is not served (inactive or its config cannot be loaded): nobody can join it',
        });
      }
      const pk = pubkey.toLowerCase();
      if (data.isBanned(pk)) return sendJson(res, 409, { error: 'invalid: you have been banned from this relay' });
      await ctx.store.exclusive(() => data.addMember(keysOf(config.secret), pk));
      return sendJson(res, 200, { message: 'member added' });
    }
    if (sub === 'members' && extra && parts.length === 4) {
      if (m !== 'DELETE') return sendJson(res, 405, { error: 'method not allowed' });
      const keys = keysOf(config.secret);
      if (!data || !keys) return sendJson(res, 409, { error: 'relay config cannot be loaded' });
      await ctx.store.exclusive(() => data.removeMember(keys, extra.toLowerCase()));
      return sendJson(res, 200, { message: 'member removed' });
    }
    return sendJson(res, 404, { error: 'not found' });
  }

  if (section === 'schemas' && id && parts.length === 2) {
    if (!/^[a-z_][a-z0-9_]*$/.test(id)) return sendJson(res, 400, { error: `not a zooid schema name: ${id}` });
    if (m === 'GET') return sendJson(res, 200, { events: ctx.data.count(id), blobs: countBlobs(ctx, id) });
    if (m !== 'DELETE') return sendJson(res, 405, { error: 'method not allowed' });
    // checked and removed in one turn of the store's queue: no config can name the schema in between
    const removed = await ctx.store.exclusive(async () => {
      const user = (await ctx.store.list()).find((r) => r.config?.schema === id);
      if (user) return { user: user.id };
      return { events: ctx.data.drop(id), blobs: dropBlobs(ctx, id) };
    });
    if (removed.user)
      return sendJson(res, 409, {
        error: `relay ${removed.user} still has schema ${id}: delete its config first (zooid serves from those tables)`,
      });
    return sendJson(res, 200, removed);
  }

  if (section === 'fail' && parts.length === 1) {
    if (m === 'GET') return sendJson(res, 200, ctx.failure);
    if (m !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const body = jsonObject(input);
    if (body.error) return sendJson(res, 400, { error: body.error });
    const { status = 500, count = 1, target = 'api' } = body.value;
    if (!Number.isInteger(status) || (status !== 0 && (status < 100 || status > 599))) {
      return sendJson(res, 400, { error: 'status must be 0 (drop connection) or an HTTP status 100-599' });
    }
    if (!Number.isInteger(count) || count < 0) return sendJson(res, 400, { error: 'count must be an integer >= 0' });
    if (!TARGETS.has(target)) return sendJson(res, 400, { error: 'target must be "api", "relay" or "all"' });
    ctx.failure = { status, count, target };
    return sendJson(res, 200, { message: 'failure plan set', ...ctx.failure });
  }

  if (section === 'cut-blob-write' && parts.length === 1) {
    if (m !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const body = jsonObject(input);
    if (body.error) return sendJson(res, 400, { error: body.error });
    const { count = 1, keep = 0 } = body.value;
    if (!Number.isInteger(count) || count < 0) return sendJson(res, 400, { error: 'count must be an integer >= 0' });
    if (!Number.isInteger(keep) || keep < 0) return sendJson(res, 400, { error: 'keep must be an integer >= 0' });
    ctx.blobWriteCut = { count, keep };
    return sendJson(res, 200, { message: 'blob write cut planned', ...ctx.blobWriteCut });
  }

  if (section === 'nip05-upstream' && parts.length === 1) {
    if (m === 'GET') return sendJson(res, 200, { url: ctx.nip05Upstream });
    if (m !== 'PUT') return sendJson(res, 405, { error: 'method not allowed' });
    const body = parseJson(input.body);
    const url = body.value?.url;
    if (body.error || !(url === null || typeof url === 'string'))
      return sendJson(res, 400, { error: 'send {"url": "http://host:port"} (or "" for none)' });
    const problem = upstreamProblem(url ?? '');
    if (problem) return sendJson(res, 400, { error: problem });
    ctx.nip05Upstream = url ? url.trim() : null;
    return sendJson(res, 200, { url: ctx.nip05Upstream });
  }

  if (section === 'reset' && parts.length === 1) {
    if (m !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    await ctx.store.exclusive(async () => {
      await ctx.store.removeAll();
      await ctx.registry.sync();
      ctx.data.clearAll();
    });
    ctx.failure = { status: 500, count: 0, target: 'api' };
    ctx.blobWriteCut = { count: 0, keep: 0 };
    return sendJson(res, 200, { message: 'emulator reset' });
  }

  return sendJson(res, 404, { error: 'not found' });
}

function jsonObject(input) {
  if (input.tooLarge) return { error: 'request body too large' };
  const parsed = parseJson(input.body.length ? input.body : Buffer.from('{}'));
  if (parsed.error) return { error: `invalid json: ${parsed.error}` };
  if (!isPlainObject(parsed.value)) return { error: 'body must be a JSON object' };
  return parsed;
}

/**
 * Consume one planned failure for a request of kind "api" or "relay".
 * Returns the status to answer with (0 = drop the connection), or null to proceed normally.
 */
export function takeFailure(ctx, kind) {
  const f = ctx.failure;
  if (f.count <= 0 || (f.target !== 'all' && f.target !== kind)) return null;
  f.count -= 1;
  return f.status;
}
