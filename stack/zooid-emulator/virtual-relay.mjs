// One loaded virtual relay: its Nostr WebSocket service, built on @nostr-relay/core with the
// development relay's pieces (stack/relay: filter checks, in-memory repository), plus zooid's
// access rules as plugins:
//
//   connect   -> ["AUTH", challenge]
//   AUTH      -> kind 22242, right challenge, `relay` tag = this relay's ws(s) base URL
//                (normalised), created_at within 10 minutes; else OK false "error: failed to authenticate"
//   REQ       -> CLOSED "auth-required: ..." before AUTH, CLOSED "restricted: you are not a member
//                of this relay" for non-members; a filter whose kinds include 28935, sent by
//                someone who may invite, first gets a relay-signed invite claim; stored events
//                are filtered to what zooid lets clients read (no claims, internal lists,
//                join/leave); policy.strip_signatures blanks signatures for non-managers
//   EVENT     -> NIP-70 first (khatru, before zooid's rules): a protected event (tag ["-"]) only
//                from its authenticated author, no repost (6/16) embedding a protected event;
//                then zaps/gift wraps to a member pass; else AUTH as the author, join (28934) /
//                membership, no internal or membership kinds, no banned event ids
//   newer line only: policy.public_read lets anyone REQ without AUTH or membership, policy.public_write lets
//                anyone publish (no AUTH, no membership; a banned author, the relay's own kinds and banned events
//                are still refused)
//   messages  -> at most 512,000 bytes (khatru's read limit): a larger one closes the connection
//                with 1009
//   COUNT     -> CLOSED "unsupported: ..." (zooid has no COUNT)
//
// After its config file is rewritten the relay is an orphan (zooid built a new instance): its
// open sockets stay, AUTH still works and pings are answered, and a REQ is answered from the one
// database zooid's instances share (so it returns what the new instance stored too), but nothing the
// new instance accepts is ever delivered to them live. An EVENT through an old socket is still
// handled and kept, and heard live only by the old instance's own sockets (a join through one: its
// 8000 and 13534 too), exactly as real zooid's old instance does.

import { EventUtils, LogLevel } from '@nostr-relay/common';
import { NostrRelay } from '@nostr-relay/core';
import { matchAny, validateEventShape, validateFilter } from '../relay/filter.mjs';
import { normalizeRelayUrl, relayBaseUrl } from './hosts.mjs';
import { keysOf } from './keys.mjs';
import { canInvite, canManage } from './permissions.mjs';
import { isInternalEvent, isReadableEvent, isReadOnlyKind, KIND } from './relay-data.mjs';

const AUTH_WINDOW = 600;
/** khatru's MaxMessageSize, which zooid keeps. */
export const MAX_MESSAGE_BYTES = 512_000;
const ZERO_SIG = '0'.repeat(128);

const quietLogger = {
  setLogLevel() {},
  debug() {},
  info() {},
  warn: (m) => process.stderr.write(`[zooid-emulator relay] ${m}\n`),
  error: (m) => process.stderr.write(`[zooid-emulator relay] ${m}\n`),
};

/** NIP-70: the event carries the tag ["-"]. */
const isProtected = (event) => event.tags.some((t) => t.length === 1 && t[0] === '-');

/** A repost (kind 6 or 16) whose content is a protected event. */
function embedsProtected(event) {
  if (event.kind !== 6 && event.kind !== 16) return false;
  try {
    const inner = JSON.parse(event.content);
    return Array.isArray(inner?.tags) && inner.tags.some((t) => Array.isArray(t) && t.length === 1 && t[0] === '-');
  } catch {
    return false;
  }
}

export class VirtualRelay {
  /**
   * @param {object} o
   * @param {string} o.id     config file id
   * @param {object} o.config parsed config (loadable)
   * @param {import('./relay-data.mjs').SchemaData} o.data
   * @param {'archived'|'newer'} o.line
   */
  constructor({ id, config, data, line }) {
    this.id = id;
    this.line = line;
    this.data = data;
    this.setConfig(config);
    this.sockets = new Set();
    this.contexts = new Map(); // ws -> ClientContext
    this.nostr = new NostrRelay(this.data.repo, {
      hostname: 'zooid-emulator', // switches on NIP-42 in @nostr-relay/core (challenge on connect)
      logger: quietLogger,
      logLevel: LogLevel.ERROR,
      maxSubscriptionsPerClient: 200,
      filterResultCacheTtl: 0,
      eventHandlingResultCacheTtl: 0,
    });
    this.nostr.register({ broadcast: async (event) => this.deliver(event) });
    this.nostr.register({ handleMessage: (ctx, message, next) => this.#guard(ctx, message, next) });
  }

  setConfig(config) {
    this.config = config;
    this.keys = keysOf(config.secret);
  }

  get self() {
    return this.keys.pk;
  }

  /** policy.public_read / public_write, which only the newer line knows (the archived line's config never has them). */
  #publicly(what) {
    return this.line === 'newer' && this.config.policy?.[what] === true;
  }

  /** Send `event` to every open subscription it matches (zooid never broadcasts unreadable events). */
  deliver(event) {
    if (!isReadableEvent(event)) return;
    for (const ctx of this.contexts.values()) {
      if (!ctx.isOpen) continue;
      ctx.subscriptions.forEach((filters, subId) => {
        if (matchAny(event, filters)) ctx.sendMessage(['EVENT', subId, event]);
      });
    }
  }

  /**
   * A WebSocket upgraded on this relay's host. `beforeMessage` runs before each message (the
   * server passes "reload configs if the directory changed").
   */
  accept(ws, req, beforeMessage = async () => {}) {
    this.sockets.add(ws);
    ws.baseUrl = normalizeRelayUrl(relayBaseUrl(req));
    this.nostr.handleConnection(ws, req.socket.remoteAddress);
    let queue = Promise.resolve();
    ws.on('message', (raw) => {
      queue = queue
        .then(beforeMessage)
        .then(() => ws.readyState === ws.OPEN && this.#onMessage(ws, raw))
        .catch((e) => quietLogger.error(`message failed: ${e?.stack || e}`));
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.contexts.delete(ws);
      this.nostr.handleDisconnect(ws);
      if (this.orphaned && this.sockets.size === 0) this.#released();
    });
    ws.on('error', () => {});
  }

  /**
   * Replaced by a new instance (its config was rewritten): keep the open sockets, deaf. `released`
   * runs once no socket is left (at once when there is none).
   * @param {() => unknown} released
   */
  orphan(released) {
    this.orphaned = true;
    this.#released = () => {
      this.#released = () => {};
      released();
    };
    if (this.sockets.size === 0) this.#released();
  }

  #released = () => {};

  /** Unloaded: drop every connection. */
  async close() {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.contexts.clear();
    await this.nostr.destroy();
  }

  async #onMessage(ws, raw) {
    const send = (msg) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));
    let msg;
    try {
      msg = JSON.parse(raw.toString('utf8'));
    } catch {
      return send(['NOTICE', 'invalid: message is not JSON']);
    }
    if (!Array.isArray(msg) || typeof msg[0] !== 'string')
      return send(['NOTICE', 'invalid: message must be a JSON array']);
    const [type] = msg;
    if (type === 'EVENT' || type === 'AUTH') {
      const err = validateEventShape(msg[1]);
      if (err) return typeof msg[1]?.id === 'string' ? send(['OK', msg[1].id, false, err]) : send(['NOTICE', err]);
      return this.nostr.handleMessage(ws, [type, msg[1]]);
    }
    if (type === 'REQ') {
      const subId = msg[1];
      if (typeof subId !== 'string' || subId.length === 0 || subId.length > 64) {
        return send(['NOTICE', 'invalid: subscription id must be a string of 1-64 characters']);
      }
      const filters = msg.slice(2);
      for (const f of filters) {
        const err = validateFilter(f);
        if (err) return send(['CLOSED', subId, err]);
      }
      return this.nostr.handleMessage(ws, ['REQ', subId, ...filters]);
    }
    if (type === 'CLOSE') {
      if (typeof msg[1] !== 'string') return send(['NOTICE', 'invalid: CLOSE needs a subscription id']);
      return this.nostr.handleMessage(ws, ['CLOSE', msg[1]]);
    }
    if (type === 'COUNT') {
      return send([
        'CLOSED',
        typeof msg[1] === 'string' ? msg[1] : '',
        'unsupported: this relay does not support NIP-45',
      ]);
    }
    return send(['NOTICE', `invalid: unknown message type ${JSON.stringify(type).slice(0, 40)}`]);
  }

  /**
   * Runs a membership change made through this instance's socket: the relay key's 8000/8001/13534 are announced on
   * this instance, as zooid's old instance broadcasts them to its own sockets only (the current one when not orphaned).
   * @param {() => unknown} change
   */
  #asThisInstance(change) {
    if (!this.orphaned) return change();
    const current = this.data.announce;
    this.data.announce = (event) => this.deliver(event);
    try {
      return change();
    } finally {
      this.data.announce = current;
    }
  }

  /** zooid's rules in front of @nostr-relay/core. */
  async #guard(ctx, message, next) {
    this.contexts.set(ctx.client, ctx);
    const [type] = message;
    if (type === 'AUTH') return this.#auth(ctx, message[1]);
    if (type === 'REQ') return this.#req(ctx, message, next);
    if (type === 'EVENT') return this.#event(ctx, message[1], next);
    return next();
  }

  #auth(ctx, event) {
    const ok = (success, text = '') => {
      ctx.sendMessage(['OK', event.id, success, text]);
      return { messageType: 'AUTH', success };
    };
    if (EventUtils.validate(event)) return ok(false, 'error: failed to authenticate');
    const tag = (name) => event.tags.find((t) => t[0] === name)?.[1];
    const good =
      event.kind === 22242 &&
      tag('challenge') === ctx.id &&
      normalizeRelayUrl(tag('relay')) === ctx.client.baseUrl &&
      Math.abs(event.created_at - Math.floor(Date.now() / 1000)) <= AUTH_WINDOW;
    if (!good) return ok(false, 'error: failed to authenticate');
    ctx.pubkey = event.pubkey;
    return ok(true);
  }

  async #req(ctx, message, next) {
    const [, subId, ...filters] = message;
    const pubkey = ctx.pubkey;
    const open = this.#publicly('public_read');
    if (!pubkey && !open) {
      ctx.sendMessage(['CLOSED', subId, 'auth-required: authentication is required for access']);
      return { messageType: 'REQ', events: [] };
    }
    // The newer line no longer makes the relay key a member; it (like any manager) still reads.
    if (!open && !this.data.isMember(pubkey) && !(this.line === 'newer' && canManage(this.config, pubkey))) {
      ctx.sendMessage(['CLOSED', subId, 'restricted: you are not a member of this relay']);
      return { messageType: 'REQ', events: [] };
    }
    const strip = this.config.policy?.strip_signatures === true && !(pubkey && canManage(this.config, pubkey));
    const view = (event) => (strip ? { ...event, sig: ZERO_SIG } : event);

    // Invite claims are generated for whoever may invite and asks for kind 28935.
    if (
      pubkey &&
      filters.some((f) => Array.isArray(f.kinds) && f.kinds.includes(KIND.INVITE)) &&
      canInvite(this.config, pubkey, this.line)
    ) {
      const invite = this.data.inviteFor(this.keys, pubkey, this.line);
      if (matchAny(invite, filters)) ctx.sendMessage(['EVENT', subId, view(invite)]);
    }
    if (!strip) return next();
    const original = ctx.sendMessage;
    ctx.sendMessage = (msg) =>
      original.call(ctx, msg[0] === 'EVENT' && msg[1] === subId ? ['EVENT', subId, view(msg[2])] : msg);
    try {
      return await next();
    } finally {
      ctx.sendMessage = original;
    }
  }

  async #event(ctx, event, next) {
    const refuse = (text) => {
      ctx.sendMessage(['OK', event.id, false, text]);
      return { messageType: 'EVENT', success: false, message: text };
    };
    const accept = () => {
      ctx.sendMessage(['OK', event.id, true, '']);
      return { messageType: 'EVENT', success: true };
    };
    const invalid = EventUtils.validate(event);
    if (invalid) return refuse(invalid);

    // NIP-70, checked by the relay library before any of zooid's rules (so zaps and gift wraps too)
    if (isProtected(event)) {
      if (!ctx.pubkey) return refuse('auth-required: must be published by authenticated event author');
      if (ctx.pubkey !== event.pubkey) return refuse('blocked: must be published by event author');
    } else if (embedsProtected(event)) {
      return refuse("blocked: can't repost nip70 protected");
    }

    // Zap receipts and gift wraps are accepted for a member recipient, without AUTH.
    if (event.kind === 9735 || event.kind === 1059) {
      const p = event.tags.find((t) => t[0] === 'p')?.[1];
      if (p && this.data.isMember(p)) return next();
    }
    if (event.kind !== KIND.JOIN && event.kind !== KIND.LEAVE && this.#publicly('public_write')) {
      if (ctx.pubkey && ctx.pubkey !== event.pubkey)
        return refuse('restricted: you cannot publish events on behalf of others');
      if (this.data.isBanned(event.pubkey)) return refuse('invalid: you have been banned from this relay');
      if (isInternalEvent(event) || isReadOnlyKind(event.kind))
        return refuse("invalid: this event's kind is not accepted");
      if (this.data.isEventBanned(event.id)) return refuse('restricted: this event has been banned from this relay');
      return next();
    }
    const pubkey = ctx.pubkey;
    if (!pubkey) return refuse('auth-required: authentication is required for access');
    if (pubkey !== event.pubkey) return refuse('restricted: you cannot publish events on behalf of others');

    if (event.kind === KIND.JOIN) {
      const problem = this.joinProblem(event);
      if (problem) return refuse(problem);
      this.#asThisInstance(() => this.data.addMember(this.keys, pubkey));
      return accept(); // the join request itself is not stored
    }
    if (!this.data.isMember(pubkey)) return refuse('restricted: you are not a member of this relay');
    if (isInternalEvent(event) || isReadOnlyKind(event.kind))
      return refuse("invalid: this event's kind is not accepted");
    if (this.data.isEventBanned(event.id)) return refuse('restricted: this event has been banned from this relay');
    if (event.kind === KIND.LEAVE) {
      this.#asThisInstance(() => this.data.removeMember(this.keys, pubkey));
      return accept();
    }
    return next();
  }

  /** zooid's join check: null when accepted, else the refusal text. */
  joinProblem(event) {
    if (this.data.isMember(event.pubkey)) return null;
    if (this.data.isBanned(event.pubkey)) return 'invalid: you have been banned from this relay';
    if (this.config.policy?.public_join === true) return null;
    const claim = event.tags.find((t) => t[0] === 'claim');
    if (!claim) return 'invalid: no claim tag';
    if (!this.data.hasClaim(claim[1])) return 'invalid: failed to validate invite code';
    return null;
  }
}
