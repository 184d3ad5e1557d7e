// Blossom media (BUD-01, BUD-02) on a virtual relay's own host, as zooid serves it (its relay library's Blossom
// server, with zooid's member-only hooks):
//
//   PUT    /upload            store the body; answers its blob descriptor
//   HEAD   /upload            would this upload be accepted? (BUD-06 style check; X-Content-Length is the size)
//   GET    /<sha256>[.ext]    the blob's bytes
//   HEAD   /<sha256>[.ext]    whether the blob exists, its size and type — no auth at all, as in zooid
//   GET    /list/<pubkey>     descriptors of the blobs that pubkey uploaded, newest first
//   DELETE /<sha256>[.ext]    forget the caller's upload of that blob; the file goes when nobody holds it
//
// Only when the relay's config has `blossom.enabled = true`; otherwise these paths are not routed at all and fall
// through to the relay host's plain-text 404.
//
// Auth: header `Authorization: Nostr <standard base64 of an event>` ("Nostr " exactly: anything else counts as no
// header). The event must be kind 24242 with a correct id ("invalid event"), a valid signature ("invalid signature")
// and an `expiration` tag ("missing \"expiration\" tag") not in the past ("event expired"); it must carry a `t` tag
// naming the verb. GET and DELETE also need an `x` tag equal to the blob's sha256 or a `server` tag equal to
// https://<host>. An upload's `x` tag is not checked. Members only (the relay's member list; the owner, the relay
// key and managers are on it) for upload, get, list and delete: "unauthorized", 403.
//
// Status codes differ by route, exactly as zooid answers them:
//   upload:  bad auth event 404 (reason prefixed `invalid "Authorization": `), no header 401, wrong `t` 403, empty
//            body 400, over 10 MiB 413 (before membership), non-member 403
//   get, list, delete, upload check: bad auth event 400, wrong `t`/`x` 403, no header 403 "unauthorized" (no
//            header on DELETE: zooid's handler crashes and the connection closes without an answer)
//   unknown blob 404 "file not found"; deleting a blob nobody holds 500 "failed to delete blob: ..."
// Every refusal has an empty body and says why in the `X-Reason` header.
//
// The descriptor's url is always https://<host>/<sha256><ext>: zooid's service URL is "https://" + the relay's host,
// whatever scheme the request came over. The extension comes from the file's first bytes when they are a common
// image or PDF signature, else from the Content-Type; the descriptor's type from that extension (Go's built-in MIME
// table, as zooid's container image has no system MIME files), else application/octet-stream.
//
// Blobs are kept in memory per schema (they live as long as the emulator process), so a relay rebuilt on a config
// write still finds its media.
//
// As in zooid (its relay library's Blossom server), a blob is two things: its descriptor in the relay's index (kept
// first) and its file (written after, by a plain create-and-copy). HEAD and the descriptors (upload answer, list)
// answer from the index, size included; GET serves the file. So a blob whose file write was cut short (zooid killed
// while writing it: POST /_emulator/cut-blob-write) is still announced by HEAD at its full size while GET serves the
// bytes that reached the disk; an upload of the same blob writes the file again whole, as zooid's StoreBlob does.

import { createHash } from 'node:crypto';
import { getEventHash, validateEvent, verifyEvent } from 'nostr-tools/pure';
import { canManage } from './permissions.mjs';

/** zooid's upload bound. */
export const BLOSSOM_MAX_BYTES = 10 * 1024 * 1024;
export const AUTH_KIND = 24242;

// zooid routes "/" + 64 characters (+ "." + anything) without a further "/" as a blob path; the 64 are looked up as
// given, so anything but lower-case hex is simply not found
const BLOB_PATH = /^\/([^/.]{64})(\.[^/]*)?$/;
const LIST_PATH = /^\/list\/(.*)$/;
const HEX64 = /^[0-9a-f]{64}$/;
const BASE64_STD = /^[A-Za-z0-9+/]*={0,2}$/;

// extension -> type, for the media and document types people upload (a part of Go's built-in table)
const TYPE_BY_EXT = {
  '.apng': 'image/apng',
  '.avif': 'image/avif',
  '.bin': 'application/octet-stream',
  '.bmp': 'image/bmp',
  '.flac': 'audio/flac',
  '.gif': 'image/gif',
  '.gz': 'application/gzip',
  '.jpeg': 'image/jpeg',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.oga': 'audio/ogg',
  '.ogg': 'audio/ogg',
  '.ogv': 'video/ogg',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.text': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wav': 'audio/wav',
  '.webm': 'audio/webm',
  '.webp': 'image/webp',
  '.zip': 'application/zip',
};
// the relay library's own choices for a few types, ahead of the table's first extension in sort order
const EXT_BY_TYPE_FIRST = {
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/png': '.png',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'application/vnd.android.package-archive': '.apk',
};
// file signatures zooid recognises before it looks at the Content-Type (a few common ones)
const SIGNATURES = [
  { ext: '.png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { ext: '.jpg', at: 0, bytes: [0xff, 0xd8, 0xff, 0xdb] },
  { ext: '.jpg', at: 0, bytes: [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01] },
  { ext: '.gif', at: 0, bytes: [...Buffer.from('GIF87a')] },
  { ext: '.gif', at: 0, bytes: [...Buffer.from('GIF89a')] },
  { ext: '.pdf', at: 0, bytes: [...Buffer.from('%PDF-')] },
  { ext: '.webp', at: 8, bytes: [...Buffer.from('WEBP')], also: { at: 0, bytes: [...Buffer.from('RIFF')] } },
];

/** The extension zooid gives an upload: its signature, else its Content-Type; '' when neither says. */
export function extensionOf(head, contentType) {
  const matches = (at, bytes) => bytes.every((b, i) => head[at + i] === b);
  const sig = SIGNATURES.find((s) => matches(s.at, s.bytes) && (!s.also || matches(s.also.at, s.also.bytes)));
  if (sig) return sig.ext;
  const type = String(contentType ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (!type) return '';
  if (EXT_BY_TYPE_FIRST[type]) return EXT_BY_TYPE_FIRST[type];
  return (
    Object.keys(TYPE_BY_EXT)
      .filter((ext) => TYPE_BY_EXT[ext].split(';')[0] === type)
      .sort()[0] ?? ''
  );
}

/** The descriptor type for an extension. */
export const typeOf = (ext) => TYPE_BY_EXT[ext] ?? 'application/octet-stream';

/** size: the descriptor's (the index); bytes: the file's.
 * @type {WeakMap<object, Map<string, Map<string, {bytes: Buffer, size: number, type: string, ext: string, uploaded: number, uploaders: Set<string>}>>>} */
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

/** How many blobs a schema holds (zooid's files in MEDIA/<schema>). */
export function countBlobs(ctx, schema) {
  return stores.get(ctx.data)?.get(schema)?.size ?? 0;
}

/** Removes a schema's blobs (an operator's removal of zooid's MEDIA/<schema> folder); returns how many there were. */
export function dropBlobs(ctx, schema) {
  const n = countBlobs(ctx, schema);
  stores.get(ctx.data)?.delete(schema);
  return n;
}

/** True for the paths Blossom answers (the server reads such a request with the upload bound). */
export function isBlossomRequest(method, pathname) {
  if (pathname === '/upload') return method === 'PUT' || method === 'HEAD';
  if (method === 'GET' && LIST_PATH.test(pathname)) return true;
  return ['GET', 'HEAD', 'DELETE'].includes(method) && BLOB_PATH.test(pathname);
}

/** Blossom on for this relay? */
export const blossomEnabled = (config) => config.blossom?.enabled === true;

/** A refusal as zooid's relay library writes it: the status, the reason in X-Reason, no body. */
function refuse(res, status, reason) {
  res.writeHead(status, { 'X-Reason': reason, 'Content-Length': 0, 'Access-Control-Allow-Origin': '*' });
  res.end();
  return true;
}

/**
 * The request's Blossom auth event, checked as zooid's relay library checks it (the verb and x tags are the routes'
 * business). `none` when there is no "Nostr " header at all.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} [now]
 * @returns {{none: true} | {error: string} | {event: any, pubkey: string}}
 */
export function readBlossomAuth(req, now = Math.floor(Date.now() / 1000)) {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Nostr ')) return { none: true };
  const token = header.slice(6);
  if (!BASE64_STD.test(token) || token.length % 4 !== 0) return { error: 'invalid base64 token' };
  let event;
  try {
    event = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return { error: 'broken event' };
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return { error: 'broken event' };
  let idOk = false;
  try {
    idOk = validateEvent(event) && getEventHash(event) === event.id;
  } catch {
    idOk = false;
  }
  if (event.kind !== AUTH_KIND || !idOk) return { error: 'invalid event' };
  if (typeof event.sig !== 'string' || !verifyEvent(event)) return { error: 'invalid signature' };
  const expiration = event.tags.find((t) => t[0] === 'expiration');
  if (!expiration) return { error: 'missing "expiration" tag' };
  // a value that is not a number reads as 0: expired
  const at = /^-?\d+$/.test(String(expiration[1] ?? '')) ? Number(expiration[1]) : 0;
  if (at < now) return { error: 'event expired' };
  return { event, pubkey: event.pubkey.toLowerCase() };
}

const hasTag = (event, name, value) => event.tags.some((t) => t[0] === name && t[1] === value);
const isMember = (vr, pubkey) => vr.data.isMember(pubkey) || canManage(vr.config, pubkey);
const serviceUrl = (req) => `https://${req.headers.host}`;

function descriptor(req, sha256, blob) {
  return {
    url: `${serviceUrl(req)}/${sha256}${blob.ext}`,
    sha256,
    size: blob.size,
    type: blob.type,
    uploaded: blob.uploaded,
  };
}

/**
 * The `t` check every route makes, and for get and delete the `x` or `server` check. True when refused.
 * @param {string|null} [sha256]
 */
function refusedTags(req, res, event, verb, sha256 = null) {
  if (!hasTag(event, 't', verb)) return refuse(res, 403, 'invalid "Authorization" event "t" tag');
  if (sha256 !== null && !hasTag(event, 'x', sha256) && !hasTag(event, 'server', serviceUrl(req)))
    return refuse(res, 403, 'invalid "Authorization" event "x" or "server" tag');
  return false;
}

/**
 * Answer a Blossom request on a relay host. `input` is the body as the server read it.
 * @returns {Promise<boolean>} false when this is not a Blossom request here (the caller answers 404)
 */
export async function handleBlossom(req, res, pathname, vr, input, ctx) {
  if (!blossomEnabled(vr.config) || !isBlossomRequest(req.method, pathname)) return false;
  const blobs = blobsOf(ctx, vr.config.schema);
  const auth = readBlossomAuth(req);

  if (pathname === '/upload' && req.method === 'PUT') {
    if ('error' in auth) return refuse(res, 404, `invalid "Authorization": ${auth.error}`);
    if ('none' in auth) return refuse(res, 401, 'missing "Authorization" header');
    if (refusedTags(req, res, auth.event, 'upload')) return true;
    const size = Number(req.headers['content-length'] ?? 0);
    if (!size) return refuse(res, 400, 'missing "Content-Length" header');
    if (input.tooLarge || size > BLOSSOM_MAX_BYTES) return refuse(res, 413, 'file too large');
    if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'unauthorized');
    const sha256 = createHash('sha256').update(input.body).digest('hex');
    const ext = extensionOf(input.body.subarray(0, 50), req.headers['content-type']);
    // the descriptor is kept first, then the file is written (again, whole, when the blob was there already)
    let blob = blobs.get(sha256);
    if (!blob) {
      blob = {
        bytes: Buffer.alloc(0),
        size: input.body.length,
        ext,
        type: typeOf(ext),
        uploaded: 0,
        uploaders: new Set(),
      };
      blobs.set(sha256, blob);
    }
    blob.size = input.body.length;
    blob.uploaded = Math.floor(Date.now() / 1000);
    blob.uploaders.add(auth.pubkey);
    const cut = takeBlobWriteCut(ctx);
    if (cut !== null) {
      // zooid died while writing the file: part of it is on disk, the index says it is whole, nobody is answered
      blob.bytes = Buffer.from(input.body.subarray(0, Math.min(cut, input.body.length)));
      res.socket?.destroy();
      return true;
    }
    blob.bytes = input.body;
    const text = `${JSON.stringify(descriptor(req, sha256, blob))}\n`;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Access-Control-Allow-Origin': '*',
    });
    res.end(text);
    return true;
  }

  if (pathname === '/upload') {
    // HEAD: would this upload be accepted?
    if ('error' in auth) return refuse(res, 400, auth.error);
    if ('none' in auth) return refuse(res, 401, 'missing "Authorization" header');
    if (refusedTags(req, res, auth.event, 'upload')) return true;
    if (Number(req.headers['x-content-length'] ?? 0) > BLOSSOM_MAX_BYTES) return refuse(res, 413, 'file too large');
    if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'unauthorized');
    res.writeHead(200, { 'Content-Length': 0, 'Access-Control-Allow-Origin': '*' });
    res.end();
    return true;
  }

  const list = LIST_PATH.exec(pathname);
  if (list) {
    if ('error' in auth) return refuse(res, 400, auth.error);
    if ('event' in auth && refusedTags(req, res, auth.event, 'list')) return true;
    if (!('event' in auth) || !isMember(vr, auth.pubkey)) return refuse(res, 403, 'unauthorized');
    // a pubkey that is not hex reads as the zero key, which uploaded nothing
    const pubkey = HEX64.test(list[1]) ? list[1] : null;
    const items = [...blobs.entries()]
      .filter(([, b]) => pubkey !== null && b.uploaders.has(pubkey))
      .sort(([, a], [, b]) => b.uploaded - a.uploaded)
      .map(([sha, b]) => `${JSON.stringify(descriptor(req, sha, b))}\n`);
    // written piece by piece without a Content-Type, which Go then sniffs as text
    const text = `[${items.join(',')}]`;
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Access-Control-Allow-Origin': '*',
    });
    res.end(text);
    return true;
  }

  const sha256 = /** @type {RegExpExecArray} */ (BLOB_PATH.exec(pathname))[1];
  const blob = blobs.get(sha256);

  if (req.method === 'HEAD') {
    // no auth and no membership: zooid answers whether a blob exists to anybody, from its index (never the file)
    if (!blob) return refuse(res, 404, 'file not found');
    res.writeHead(200, {
      'Content-Type': blob.type,
      'Content-Length': blob.size,
      'Accept-Ranges': 'bytes',
      'Access-Control-Allow-Origin': '*',
    });
    res.end();
    return true;
  }

  if (req.method === 'DELETE') {
    if ('error' in auth) return refuse(res, 400, auth.error);
    if ('none' in auth) {
      // zooid's handler reads the missing event's tags and crashes: the connection closes with no answer
      res.socket?.destroy();
      return true;
    }
    if (refusedTags(req, res, auth.event, 'delete', sha256)) return true;
    if (!isMember(vr, auth.pubkey)) return refuse(res, 403, 'unauthorized');
    // forgetting someone else's upload (or nothing) is fine; the file goes when nobody holds it any more
    blob?.uploaders.delete(auth.pubkey);
    if (!blob) return refuse(res, 500, `failed to delete blob: remove ${sha256}: no such file or directory`);
    if (blob.uploaders.size === 0) blobs.delete(sha256);
    res.writeHead(200, { 'Content-Length': 0, 'Access-Control-Allow-Origin': '*' });
    res.end();
    return true;
  }

  // GET of a blob
  if ('error' in auth) return refuse(res, 400, auth.error);
  if ('event' in auth && refusedTags(req, res, auth.event, 'get', sha256)) return true;
  if (!('event' in auth) || !isMember(vr, auth.pubkey)) return refuse(res, 403, 'unauthorized');
  if (!blob) return refuse(res, 404, 'file not found');
  const headers = {
    'Content-Type': blob.type,
    'Accept-Ranges': 'bytes',
    ETag: sha256,
    'Cache-Control': 'public, max-age=604800, immutable',
    'Last-Modified': new Date(blob.uploaded * 1000).toUTCString(),
    'Access-Control-Allow-Origin': '*',
  };
  // zooid serves blobs with Go's ServeContent, so a single byte range is honoured (video players ask for them)
  const range = byteRange(req.headers.range, blob.bytes.length);
  if (range) {
    const [from, to] = range;
    res.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${from}-${to}/${blob.bytes.length}`,
      'Content-Length': to - from + 1,
    });
    res.end(blob.bytes.subarray(from, to + 1));
    return true;
  }
  res.writeHead(200, { ...headers, 'Content-Length': blob.bytes.length });
  res.end(blob.bytes);
  return true;
}

/**
 * Consume one planned cut of a blob's file write (POST /_emulator/cut-blob-write): the bytes to keep of the next
 * upload's file, or null to write it whole.
 */
function takeBlobWriteCut(ctx) {
  const c = ctx.blobWriteCut;
  if (!c || c.count <= 0) return null;
  c.count -= 1;
  return c.keep;
}

/** A satisfiable single `bytes=from-to` (or `from-`, `-suffix`) range as [from, to], else null: the whole blob (Go would answer 416 to an unsatisfiable range; nothing here asks for one). */
export function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(String(header ?? '').trim());
  if (!m || (m[1] === '' && m[2] === '') || size === 0) return null;
  let from;
  let to;
  if (m[1] === '') {
    from = Math.max(0, size - Number(m[2]));
    to = size - 1;
  } else {
    from = Number(m[1]);
    to = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return from <= to && from < size ? [from, to] : null;
}
