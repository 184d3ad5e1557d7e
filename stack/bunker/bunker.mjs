// The development NIP-46 remote signer ("bunker"): holds one user key, answers kind 24133 requests
// p-tagged to its remote-signer key on its relays, and accepts nostrconnect:// client URIs.
// Development/test use only — it approves every request from a connected client without asking.

import { randomBytes } from 'node:crypto';
import * as nip04 from 'nostr-tools/nip04';
import * as nip44 from 'nostr-tools/nip44';
import { finalizeEvent, getPublicKey, verifyEvent } from 'nostr-tools/pure';
import { normalizeRelay, RelayLink } from './relay-link.mjs';

export const KIND = 24133;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_CONTENT = 256 * 1024;
const MAX_LOG = 1000;

const randomHex = (n) => randomBytes(n).toString('hex');
const now = () => Math.floor(Date.now() / 1000);

export class Nip46Error extends Error {}

/** Parses a nostrconnect:// URI as NIP-46 defines it. Throws Nip46Error with a readable reason. */
export function parseNostrConnect(uri) {
  if (typeof uri !== 'string' || !uri.startsWith('nostrconnect://'))
    throw new Nip46Error('uri must be a nostrconnect:// URI');
  let u;
  try {
    u = new URL(uri);
  } catch {
    throw new Nip46Error('uri is not a valid URL');
  }
  const clientPubkey = u.host.toLowerCase();
  if (!HEX64.test(clientPubkey))
    throw new Nip46Error('the nostrconnect:// URI must name the client pubkey (64 hex) as its host');
  const relays = u.searchParams.getAll('relay');
  if (relays.length === 0) throw new Nip46Error('the nostrconnect:// URI names no relay');
  let normalized;
  try {
    normalized = [...new Set(relays.map(normalizeRelay))];
  } catch (e) {
    throw new Nip46Error(e.message);
  }
  const secret = u.searchParams.get('secret');
  if (!secret) throw new Nip46Error('the nostrconnect:// URI has no secret');
  const perms = (u.searchParams.get('perms') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    clientPubkey,
    relays: normalized,
    secret,
    perms,
    name: u.searchParams.get('name'),
    url: u.searchParams.get('url'),
    image: u.searchParams.get('image'),
  };
}

function parseTemplate(param) {
  let t;
  try {
    t = typeof param === 'string' ? JSON.parse(param) : param;
  } catch {
    throw new Nip46Error('sign_event: the parameter is not JSON');
  }
  if (!t || typeof t !== 'object' || Array.isArray(t))
    throw new Nip46Error('sign_event: the parameter must be an event object');
  if (!Number.isInteger(t.kind) || t.kind < 0 || t.kind > 65535)
    throw new Nip46Error('sign_event: kind must be an integer 0..65535');
  if (typeof t.content !== 'string') throw new Nip46Error('sign_event: content must be a string');
  const tags = t.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((tag) => Array.isArray(tag) && tag.every((s) => typeof s === 'string'))) {
    throw new Nip46Error('sign_event: tags must be an array of string arrays');
  }
  const createdAt = t.created_at ?? now();
  if (!Number.isInteger(createdAt) || createdAt < 0)
    throw new Nip46Error('sign_event: created_at must be a unix time in seconds');
  return { kind: t.kind, content: t.content, tags, created_at: createdAt };
}

function pubkeyParam(p, method) {
  if (typeof p !== 'string' || !HEX64.test(p))
    throw new Nip46Error(`${method}: the first parameter must be a 64-hex pubkey`);
  return p;
}

function textParam(p, method) {
  if (typeof p !== 'string') throw new Nip46Error(`${method}: the second parameter must be a string`);
  return p;
}

export class Bunker {
  /**
   * @param {{userSecret: Uint8Array, signerSecret?: Uint8Array, relays: string[], connectSecret?: string,
   *          log?: (msg: string) => void}} o
   */
  constructor(o) {
    this.userSecret = o.userSecret;
    this.userPubkey = getPublicKey(o.userSecret);
    this.signerSecret = o.signerSecret ?? o.userSecret;
    this.signerPubkey = getPublicKey(this.signerSecret);
    if (!o.relays?.length) throw new Error('at least one relay is needed');
    this.relayUrls = [...new Set(o.relays.map(normalizeRelay))];
    this.log = o.log ?? (() => {});
    /** @type {Map<string, RelayLink>} */
    this.links = new Map();
    /** connect secrets of bunker:// URLs: secret → client pubkey that used it (null while unused) */
    this.secrets = new Map();
    this.firstSecret = o.connectSecret ?? randomHex(16);
    this.secrets.set(this.firstSecret, null);
    /** @type {Map<string, any>} client pubkey → session */
    this.sessions = new Map();
    this.seen = new Set();
    this.requests = [];
    this.deny = new Set();
    this.startedAt = now();
    this.timers = new Set();
  }

  async start() {
    for (const url of this.relayUrls) this.link(url);
    await Promise.all(this.relayUrls.map((url) => this.link(url).ready(10_000)));
  }

  async close() {
    for (const t of this.timers) clearTimeout(t);
    for (const l of this.links.values()) l.close();
    this.links.clear();
  }

  link(url) {
    const u = normalizeRelay(url);
    let l = this.links.get(u);
    if (!l) {
      // limit 0: only live requests; kind 24133 is ephemeral, so relays do not store it anyway.
      l = new RelayLink(
        u,
        () => ({ kinds: [KIND], '#p': [this.signerPubkey], limit: 0 }),
        (ev, from) => void this.onEvent(ev, from),
        this.log,
      );
      this.links.set(u, l);
    }
    return l;
  }

  bunkerUrl(secret = this.firstSecret) {
    const q = new URLSearchParams();
    for (const r of this.relayUrls) q.append('relay', r);
    q.set('secret', secret);
    return `bunker://${this.signerPubkey}?${q}`;
  }

  /** A new single-use connect secret and its bunker:// URL. */
  newBunkerUrl() {
    const secret = randomHex(16);
    this.secrets.set(secret, null);
    return { bunker_url: this.bunkerUrl(secret), secret };
  }

  info() {
    return {
      bunker_url: this.bunkerUrl(),
      pubkey: this.userPubkey,
      signer_pubkey: this.signerPubkey,
      relays: this.relayUrls,
    };
  }

  listSessions() {
    return [...this.sessions.values()].map((s) => ({ ...s, relays: [...s.relays] }));
  }

  setDeny(methods) {
    this.deny = new Set(methods);
    return [...this.deny];
  }

  /**
   * An auth_url to send (NIP-46: {result: "auth_url", error: <url>}) before answering each request other than
   * connect and ping, as a signer that wants the user to approve in a browser does; null for none. Tests use it to
   * check what a client does with the URL — including hostile ones such as javascript: URLs.
   */
  setAuthUrl(url) {
    this.authUrl = typeof url === 'string' && url ? url : null;
    return this.authUrl;
  }

  // ------------------------------------------------------------------------------------------
  // requests

  async onEvent(ev, fromUrl) {
    try {
      if (this.seen.has(ev.id)) return; // the same request over several relays
      this.seen.add(ev.id);
      if (this.seen.size > 10_000) this.seen.delete(this.seen.values().next().value);
      if (ev.kind !== KIND || !ev.tags.some((t) => t[0] === 'p' && t[1] === this.signerPubkey)) return;
      if (!verifyEvent(ev)) return;
      if (typeof ev.content !== 'string' || ev.content.length > MAX_CONTENT) return;

      let scheme = 'nip44';
      let text;
      try {
        text = nip44.decrypt(ev.content, nip44.getConversationKey(this.signerSecret, ev.pubkey));
      } catch (e44) {
        if (!ev.content.includes('?iv=')) {
          this.log(`undecryptable request ${ev.id.slice(0, 8)} from ${ev.pubkey.slice(0, 8)}: ${e44.message}`);
          return;
        }
        try {
          text = nip04.decrypt(this.signerSecret, ev.pubkey, ev.content);
          scheme = 'nip04';
        } catch (e04) {
          this.log(`undecryptable request ${ev.id.slice(0, 8)} from ${ev.pubkey.slice(0, 8)}: ${e04.message}`);
          return;
        }
      }
      let req;
      try {
        req = JSON.parse(text);
      } catch {
        this.log(`request ${ev.id.slice(0, 8)} from ${ev.pubkey.slice(0, 8)} is not JSON`);
        return;
      }
      if (!req || typeof req !== 'object' || (typeof req.id !== 'string' && typeof req.id !== 'number')) return;

      const client = ev.pubkey;
      const method = typeof req.method === 'string' ? req.method : '';
      const params = Array.isArray(req.params) ? req.params : [];
      const entry = {
        at: now(),
        client_pubkey: client,
        method,
        request_id: String(req.id),
        encryption: scheme,
        relay: fromUrl,
      };
      let result = ''; // set by a call that succeeds (no error)
      let error;
      let event;
      // Relays to answer on, taken before the call (logout removes the session).
      const relays = new Set([fromUrl, ...(this.sessions.get(client)?.relays ?? [])]);
      if (this.authUrl && method !== 'connect' && method !== 'ping' && this.sessions.has(client)) {
        await this.respond(client, scheme, { id: req.id, result: 'auth_url', error: this.authUrl }, [...relays]);
      }
      try {
        ({ result, event } = await this.call(client, method, params, fromUrl));
      } catch (e) {
        error = e instanceof Nip46Error ? e.message : `internal error: ${e?.message ?? e}`;
      }
      const session = this.sessions.get(client);
      if (session) {
        session.last_request_at = entry.at;
        for (const r of session.relays) relays.add(r);
      }
      if (error) entry.error = error;
      else if (!event) entry.result = result.length <= 200 ? result : `${result.slice(0, 200)}…`;
      if (event) {
        entry.event = event;
        entry.kind = event.kind;
      }
      this.record(entry);
      this.log(`${method || '(no method)'} from ${client.slice(0, 8)}: ${error ? `error: ${error}` : 'ok'}`);
      await this.respond(client, scheme, error ? { id: req.id, result: '', error } : { id: req.id, result }, [
        ...relays,
      ]);
    } catch (e) {
      this.log(`failed to handle ${ev?.id}: ${e?.stack ?? e}`);
    }
  }

  record(entry) {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.shift();
  }

  /**
   * Carries out one request; throws Nip46Error for an error response.
   * @returns {Promise<{ result: string, event?: import('nostr-tools/pure').VerifiedEvent }>}
   */
  async call(client, method, params, fromUrl) {
    if (method === 'connect') return { result: this.connect(client, params, fromUrl) };
    const session = this.sessions.get(client);
    if (!session)
      throw new Nip46Error('unauthorized: not connected — send connect with the secret of the bunker URL first');
    if (this.deny.has(method)) throw new Nip46Error(`the user rejected ${method}`);
    const u = this.userSecret;
    switch (method) {
      case 'ping':
        return { result: 'pong' };
      case 'get_public_key':
        return { result: this.userPubkey };
      case 'sign_event': {
        const event = finalizeEvent(parseTemplate(params[0]), u);
        return { result: JSON.stringify(event), event };
      }
      case 'nip44_encrypt': {
        const pk = pubkeyParam(params[0], method);
        return { result: nip44.encrypt(textParam(params[1], method), nip44.getConversationKey(u, pk)) };
      }
      case 'nip44_decrypt': {
        const pk = pubkeyParam(params[0], method);
        try {
          return { result: nip44.decrypt(textParam(params[1], method), nip44.getConversationKey(u, pk)) };
        } catch (e) {
          if (e instanceof Nip46Error) throw e;
          throw new Nip46Error(`nip44_decrypt: ${e.message}`);
        }
      }
      case 'nip04_encrypt': {
        const pk = pubkeyParam(params[0], method);
        return { result: await nip04.encrypt(u, pk, textParam(params[1], method)) };
      }
      case 'nip04_decrypt': {
        const pk = pubkeyParam(params[0], method);
        try {
          return { result: await nip04.decrypt(u, pk, textParam(params[1], method)) };
        } catch (e) {
          if (e instanceof Nip46Error) throw e;
          throw new Nip46Error(`nip04_decrypt: ${e.message}`);
        }
      }
      case 'switch_relays': {
        // The bunker's own relays; null when the client already uses exactly these.
        const same =
          session.relays.size === this.relayUrls.length && this.relayUrls.every((r) => session.relays.has(r));
        if (same) return { result: 'null' };
        for (const r of this.relayUrls) session.relays.add(r);
        return { result: JSON.stringify(this.relayUrls) };
      }
      case 'logout':
        this.sessions.delete(client);
        return { result: 'ack' };
      default:
        throw new Nip46Error(`unsupported method: ${method || '(none)'}`);
    }
  }

  connect(client, params, fromUrl) {
    const [target, secret = ''] = params;
    if (target !== this.signerPubkey)
      throw new Nip46Error("connect: the first parameter must be this remote signer's pubkey");
    const existing = this.sessions.get(client);
    if (existing) return 'ack'; // already connected (e.g. a retry)
    if (typeof secret !== 'string' || secret === '')
      throw new Nip46Error('connect: a secret is required (use the secret of the bunker URL)');
    if (!this.secrets.has(secret)) throw new Nip46Error('connect: invalid secret');
    if (this.secrets.get(secret) !== null)
      throw new Nip46Error('connect: this secret was already used; get a new bunker URL');
    this.secrets.set(secret, client);
    let metadata = null;
    if (typeof params[3] === 'string' && params[3]) {
      try {
        const m = JSON.parse(params[3]);
        if (m && typeof m === 'object') metadata = { name: m.name ?? null, url: m.url ?? null, image: m.image ?? null };
      } catch {
        /* display hint only */
      }
    }
    const perms =
      typeof params[2] === 'string'
        ? params[2]
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : [];
    this.sessions.set(client, {
      client_pubkey: client,
      via: 'bunker',
      relays: new Set([fromUrl, ...this.relayUrls]),
      perms,
      name: metadata?.name ?? null,
      url: metadata?.url ?? null,
      connected_at: now(),
      last_request_at: null,
    });
    return 'ack';
  }

  async respond(client, scheme, payload, relays) {
    const text = JSON.stringify(payload);
    const content =
      scheme === 'nip04'
        ? await nip04.encrypt(this.signerSecret, client, text)
        : nip44.encrypt(text, nip44.getConversationKey(this.signerSecret, client));
    const ev = finalizeEvent({ kind: KIND, created_at: now(), tags: [['p', client]], content }, this.signerSecret);
    return this.publish(ev, relays);
  }

  /** Publishes on every relay given; resolves when at least one accepted it. */
  async publish(ev, relays) {
    const results = await Promise.allSettled(relays.map((r) => this.link(r).publish(ev)));
    if (results.some((r) => r.status === 'fulfilled')) return;
    const rejected = /** @type {PromiseRejectedResult[]} */ (results); // none was fulfilled
    const reasons = rejected.map((r, i) => `${relays[i]}: ${r.reason?.message ?? r.reason}`).join('; ');
    this.log(`could not publish ${ev.id.slice(0, 8)}: ${reasons}`);
    throw new Error(`no relay accepted the response (${reasons})`);
  }

  // ------------------------------------------------------------------------------------------
  // nostrconnect://

  /**
   * Accepts a client's nostrconnect:// URI, as a user does by scanning its QR code: connects to the
   * client's relays and sends the connect response carrying the client's secret.
   */
  async acceptNostrConnect(uri) {
    const p = parseNostrConnect(uri);
    for (const r of p.relays) this.link(r);
    try {
      await Promise.any(p.relays.map((r) => this.link(r).ready(5000)));
    } catch {
      throw new Nip46Error(`none of the client's relays is reachable: ${p.relays.join(', ')}`);
    }
    const session = {
      client_pubkey: p.clientPubkey,
      via: 'nostrconnect',
      relays: new Set(p.relays),
      perms: p.perms,
      name: p.name,
      url: p.url,
      connected_at: now(),
      last_request_at: null,
    };
    this.sessions.set(p.clientPubkey, session);
    const send = () =>
      this.respond(p.clientPubkey, 'nip44', { id: randomHex(8), result: p.secret }, [...session.relays]);
    await send();
    this.record({
      at: now(),
      client_pubkey: p.clientPubkey,
      method: 'connect',
      via: 'nostrconnect',
      result: 'secret',
      relay: p.relays[0],
    });
    this.log(
      `accepted nostrconnect from ${p.clientPubkey.slice(0, 8)} (${p.name ?? 'unnamed'}) on ${p.relays.join(', ')}`,
    );
    // Kind 24133 is ephemeral: a client whose subscription was not open yet misses the response. While
    // the client has sent nothing, send it again twice (a client that already connected ignores it).
    for (const delay of [2000, 6000]) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        if (this.sessions.get(p.clientPubkey) === session && session.last_request_at === null) {
          send().catch(() => {});
        }
      }, delay);
      this.timers.add(t);
    }
    return {
      client_pubkey: p.clientPubkey,
      relays: p.relays,
      name: p.name,
      perms: p.perms,
      signer_pubkey: this.signerPubkey,
    };
  }
}
