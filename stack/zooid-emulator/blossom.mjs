// Blossom media (BUD-01, BUD-02) on a virtual relay's own host, as zooid serves it:
//
//   PUT    /upload            store the body; answers its blob descriptor
//   GET    /<sha256>[.ext]    the blob's bytes (HEAD: headers only)
//   GET    /list/<pubkey>     descriptors of the blobs that pubkey uploaded, newest first
//   DELETE /<sha256>          forget the caller's upload of that blob
//
// Only when the relay's config has `blossom.enabled = true`; otherwise these paths are not routed
// at all and fall through to the relay host's plain-text 404 (zooid mounts the Blossom handlers
// only for relays with media, so a disabled relay answers like any unknown path).
//
// Every route is for members only (the relay's member list; the owner and the relay key are put on
// it when the config loads, and a manager counts too). Each request carries a Blossom auth event:
// header `Authorization: Nostr <base64 event>`, kind 24242, a valid signature, an `expiration` tag
// in the future, a `t` tag naming the verb (upload, get, list, delete) and, for upload and delete,
// an `x` tag equal to the blob's sha256. A bad or missing event is 401, a non-member 403, a body
// above 10 MiB 413; each refusal says why in the `X-Reason` header, as BUD-01 asks.
//
// Blobs are kept in memory per schema (they live as long as the emulator process), so a relay
// rebuilt on a config write still finds its media.

import { createHash } from 'node:crypto';
import { validateEvent, verifyEvent } from 'nostr-tools/pure';
import { requestScheme } from './nip98.mjs';
import { canManage } from './permissions.mjs';

/** zooid's upload bound. */
export const BLOSSOM_MAX_BYTES = 10 * 1024 * 1024;
export const AUTH_KIND = 24242;

const SHA_PATH = /^\/([0-9a-f]{64})(\.[A-Za-z0-9]{1,10})?$/;
const LIST_PATH = /^\/list\/([0-9a-f]{64})$/;
const BASE64_STD = /^[A-Za-z0-9+/]*={0,2}$/;

const EXTENSIONS = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
};

/** @type {WeakMap<object, Map<string, Map<string, {bytes: Buffer, type: string, uploaded: number, uploaders: Set<string>}>>>} */
const stores = new WeakMap();

/** The blobs of one schema, kept beside (not inside) the relay instance so they survive a reload. */
function blobsOf(ctx, schema) {
  let bySchema = stores.get(ctx.data);
  if (!bySchema) {
    bySchema = new Map();
    stores.set(ctx.data, bySchema);
  }
  let blobs = bySchema.get(schema);
  if (!blobs) {
    blobs = new Map();
    bySchema.set(schema, blobs);
  }
  return blobs;
}

/** True for the paths Blossom answers (the server reads such an upload with the larger bound). */
export function isBlossomRequest(method, pathname) {
  if (method === 'PUT') return pathname === '/upload';
  if (method === 'GET') return SHA_PATH.test(pathname) || LIST_PATH.test(pathname);
  if (method === 'HEAD') return SHA_PATH.test(pathname);
  if (method === 'DELETE') return SHA_PATH.test(pathname);
  return false;
}

/** Blossom on for this relay? */
export const blossomEnabled = (config) => config.blossom?.enabled === true;

function refuse(res, status, reason) {
  const text = `${reason}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Reason': reason,
    'Access-Control-Allow-Origin': '*',
  });
  res.end(text);
  return true;
}

/**
 * Check the request's Blossom auth event for `verb` (and `sha256` when given).
 * @param {import('node:http').IncomingMessage} req
 * @param {string} verb
 * @param {string|null} [sha256]
 * @param {number} [now]
 * @returns {{ok: true, pubkey: string} | {ok: false, error: string}}
 */
export function checkBlossomAuth(req, verb, sha256 = null, now = Math.floor(Date.now() / 1000)) {
  const header = req.headers.authorization;
  if (!header) return { ok: false, error: 'missing authorization header' };
  const space = header.indexOf(' ');
  if (space === -1 || header.slice(0, space).toLowerCase() !== 'nostr')
    return { ok: false, error: 'invalid authorization header format' };
  const token = header.slice(space + 1).trim();
  if (!BASE64_STD.test(token)) return { ok: false, error: 'invalid base64 encoding' };
  let event;
  try {
    event = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return { ok: false, error: 'invalid auth event json' };
  }
  if (!validateEvent(event) || typeof event.id !== 'string' || typeof event.sig !== 'string')
    return { ok: false, error: 'invalid auth event' };
  if (event.kind !== AUTH_KIND) return { ok: false, error: `invalid auth event kind: expected ${AUTH_KIND}` };
  if (!verifyEvent(event)) return { ok: false, error: 'invalid auth event signature' };
  if (event.created_at > now) return { ok: false, error: 'auth event created in the future' };
  const tag = (name) => event.tags.filter((t) => t[0] === name && typeof t[1] === 'string').map((t) => t[1]);
  const expiration = Number(tag('expiration')[0]);
  if (!Number.isFinite(expiration)) return { ok: false, error: 'auth event has no expiration' };
  if (expiration <= now) return { ok: false, error: 'auth event expired' };
  if (!tag('t').includes(verb)) return { ok: false, error: `auth event is not for ${verb}` };
  if (sha256 !== null && !tag('x').includes(sha256)) return { ok: false, error: 'auth event x tag does not match' };
  return { ok: true, pubkey: event.pubkey.toLowerCase() };
}

const isMember = (vr, pubkey) => vr.data.isMember(pubkey) || canManage(vr.config, pubkey);

function descriptor(req, sha256, blob) {
  const ext = EXTENSIONS[blob.type];
  return {
    url: `${requestScheme(req)}://${req.headers.host}/${sha256}${ext ? `.${ext}` : ''}`,
    sha256,
    size: blob.bytes.length,
    type: blob.type,
    uploaded: blob.uploaded,
  };
}

function sendDescriptor(res, status, body) {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Access-Control-Allow-Origin': '*',
  });
  res.end(text);
}

/**
 * Answer a Blossom request on a relay host. `input` is the body as the server read it.
 * @returns {Promise<boolean>} false when this is not a Blossom request here (the caller answers 404)
 */
export async function handleBlossom(req, res, pathname, vr, input, ctx) {
  if (!blossomEnabled(vr.config) || !isBlossomRequest(req.method, pathname)) return false;
  const blobs = blobsOf(ctx, vr.config.schema);

  if (req.method === 'PUT') {
    if (input.tooLarge || Number(req.headers['content-length'] ?? 0) > BLOSSOM_MAX_BYTES) {
      return refuse(res, 413, `file too large: at most ${BLOSSOM_MAX_BYTES} bytes`);
    }
    const sha256 = createHash('sha256').update(input.body).digest('hex');
    const auth = checkBlossomAuth(req, 'upload', sha256);
    if (!auth.ok) return refuse(res, 401, auth.error);
    if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'restricted: you are not a member of this relay');
    let blob = blobs.get(sha256);
    if (!blob) {
      const type =
        String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim() || 'application/octet-stream';
      blob = { bytes: input.body, type, uploaded: Math.floor(Date.now() / 1000), uploaders: new Set() };
      blobs.set(sha256, blob);
    }
    blob.uploaders.add(auth.pubkey);
    sendDescriptor(res, 200, descriptor(req, sha256, blob));
    return true;
  }

  const list = LIST_PATH.exec(pathname);
  if (list) {
    const auth = checkBlossomAuth(req, 'list');
    if (!auth.ok) return refuse(res, 401, auth.error);
    if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'restricted: you are not a member of this relay');
    const out = [...blobs.entries()]
      .filter(([, b]) => b.uploaders.has(list[1]))
      .sort(([, a], [, b]) => b.uploaded - a.uploaded)
      .map(([sha, b]) => descriptor(req, sha, b));
    sendDescriptor(res, 200, out);
    return true;
  }

  const sha256 = /** @type {RegExpExecArray} */ (SHA_PATH.exec(pathname))[1];
  if (req.method === 'DELETE') {
    const auth = checkBlossomAuth(req, 'delete', sha256);
    if (!auth.ok) return refuse(res, 401, auth.error);
    if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'restricted: you are not a member of this relay');
    const blob = blobs.get(sha256);
    if (!blob?.uploaders.has(auth.pubkey)) return refuse(res, 404, 'blob not found');
    blob.uploaders.delete(auth.pubkey);
    if (blob.uploaders.size === 0) blobs.delete(sha256);
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
    res.end();
    return true;
  }

  // GET / HEAD of a blob.
  const auth = checkBlossomAuth(req, 'get');
  if (!auth.ok) return refuse(res, 401, auth.error);
  if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'restricted: you are not a member of this relay');
  const blob = blobs.get(sha256);
  if (!blob) return refuse(res, 404, 'blob not found');
  res.writeHead(200, {
    'Content-Type': blob.type,
    'Content-Length': blob.bytes.length,
    'Accept-Ranges': 'none',
    'Access-Control-Allow-Origin': '*',
  });
  res.end(req.method === 'HEAD' ? undefined : blob.bytes);
  return true;
}
