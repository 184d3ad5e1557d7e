// What zooid keeps in its database for one relay, keyed (like zooid's tables) by the config's
// `schema`: the relay's events. Everything else is derived from events, as in zooid:
//   - members: the newest kind 13534 event (tags ["-"] then ["member", hex] ...), changed by
//     writing an 8000 (added) or 8001 (removed) first, then a new 13534; all signed by the relay key;
//   - banned pubkeys / banned events: kind 30078 events with d = zooid/banned_pubkeys
//     (tags ["banned", hex, reason]) and d = zooid/banned_events (tags ["event", id, reason]);
//   - invite claims: stored kind 28935 events (tags ["claim", code], ["p", inviter]).
// Data survives inactive toggling, PUT/PATCH, DELETE + re-create with the same schema and
// emulator restarts: it is persisted to <CONFIG>/.emulator-data/<schema>.json.
//
// The event store is stack/relay's MemoryEventRepository (also used by @nostr-relay/core for
// client traffic); `find` is narrowed here to what zooid lets clients read.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { finalizeEvent } from 'nostr-tools/pure';
import { compareNewestFirst, expirationOf, matchFilter, replaceKey } from '../relay/filter.mjs';
import { MemoryEventRepository } from '../relay/memory-repository.mjs';
import { EventIndex } from './event-index.mjs';

export const KIND = {
  REPORT: 1984,
  ADD_MEMBER: 8000,
  REMOVE_MEMBER: 8001,
  MEMBERS: 13534,
  JOIN: 28934,
  INVITE: 28935,
  LEAVE: 28936,
  APP_DATA: 30078,
  PUSH_SUBSCRIPTION: 30390,
};
const BANNED_PUBKEYS = 'zooid/banned_pubkeys';
const BANNED_EVENTS = 'zooid/banned_events';
const READ_LIMIT = 1000; // zooid caps a client query at 1000 events per filter

const now = () => Math.floor(Date.now() / 1000);
const firstTag = (event, name) => event.tags.find((t) => t[0] === name);

/** zooid's internal lists: kind 30078 whose d tag starts with "zooid/". */
export function isInternalEvent(event) {
  if (event.kind !== KIND.APP_DATA) return false;
  const d = firstTag(event, 'd');
  return Boolean(d && typeof d[1] === 'string' && d[1].startsWith('zooid/'));
}

/** Kinds only the relay itself writes (membership). */
export const isReadOnlyKind = (kind) =>
  kind === KIND.ADD_MEMBER || kind === KIND.REMOVE_MEMBER || kind === KIND.MEMBERS;

/** Kinds clients write but never read back. */
export const isWriteOnlyKind = (kind) => kind === KIND.JOIN || kind === KIND.LEAVE || kind === KIND.PUSH_SUBSCRIPTION;

/** What a client may ever receive from the store (invites are only handed out freshly generated). */
export function isReadableEvent(event) {
  return event.kind !== KIND.INVITE && !isInternalEvent(event) && !isWriteOnlyKind(event.kind);
}

/** 8 characters 0-9A-Z, like zooid's claim codes. */
export function randomClaim() {
  const letters = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let s = '';
  for (const b of crypto.randomBytes(8)) s += letters[b % letters.length];
  return s;
}

/** The repository's id -> event map, telling the index of every event stored and every one gone. */
class IndexedEvents extends Map {
  constructor(index) {
    super();
    this.index = index;
  }

  set(id, event) {
    const previous = super.get(id);
    super.set(id, event);
    if (previous !== event) {
      if (previous) this.index.removed();
      this.index.add(event);
    }
    return this;
  }

  delete(id) {
    const had = super.delete(id);
    if (had) this.index.removed();
    return had;
  }

  clear() {
    super.clear();
    this.index.clear();
  }
}

class ZooidRepository extends MemoryEventRepository {
  constructor(onChange) {
    super();
    this.onChange = onChange;
    this.index = new EventIndex((e) => this.events.get(e.id) === e);
    this.events = new IndexedEvents(this.index);
  }

  upsert(event) {
    const result = super.upsert(event);
    if (!result.isDuplicate) this.onChange(event);
    return result;
  }

  async deleteByDeletionRequest(request) {
    await super.deleteByDeletionRequest(request);
    this.onChange(request);
  }

  /** Client reads: readable events only, at most 1000 per filter, `limit: 0` = nothing. */
  find(filter) {
    if (filter.limit === 0) return [];
    return this.#query(filter, Math.min(filter.limit ?? READ_LIMIT, READ_LIMIT), isReadableEvent);
  }

  /** Everything stored, newest first (zooid's internal queries). */
  findAll(filter) {
    return this.#query(filter, filter.limit ?? Number.MAX_SAFE_INTEGER, () => true);
  }

  /** Newest first, unexpired, through the index (by id when the filter names ids). */
  #query(filter, limit, readable) {
    if (filter.ids)
      return super
        .find({ ...filter, limit: Number.MAX_SAFE_INTEGER })
        .filter(readable)
        .slice(0, limit);
    const now = Math.floor(Date.now() / 1000);
    return this.index.find(filter, limit, (e) => {
      if (!matchFilter(e, filter) || !readable(e)) return false;
      const expires = expirationOf(e);
      return expires === null || expires > now;
    });
  }

  /**
   * Store an event the relay wrote itself, like zooid's SignAndStoreEvent: a replaceable or
   * addressable event replaces any previous version that is not newer (same second included),
   * and kinds in the ephemeral range (invite claims) are stored too.
   */
  storeOwn(event) {
    const key = replaceKey(event);
    if (key !== null) {
      const currentId = this.latest.get(key);
      const current = currentId && this.events.get(currentId);
      if (current) {
        if (current.created_at > event.created_at) return;
        this.remove(current.id);
      }
      this.latest.set(key, event.id);
    }
    this.events.set(event.id, event);
    this.onChange(event);
  }

  /** Restore a persisted event as it was stored. */
  restore(event) {
    const key = replaceKey(event);
    if (key !== null) {
      const currentId = this.latest.get(key);
      const current = currentId && this.events.get(currentId);
      if (current && current.created_at > event.created_at) return;
      if (current) this.events.delete(current.id);
      this.latest.set(key, event.id);
    }
    this.events.set(event.id, event);
  }
}

/** One schema's data. `keys` arguments are { sk, pk } of the relay's secret (the signer). */
export class SchemaData {
  constructor(schema, file) {
    this.schema = schema;
    this.file = file;
    this.repo = new ZooidRepository((event) => this.#changed(event));
    this.saveTimer = null;
    this.lastFlushMs = 0;
    this.membersCache = null;
    /** Called with every event the relay signs and announces (8000/8001/13534); set by the registry. */
    /** @type {(event: any) => void} */
    this.announce = () => {};
  }

  load() {
    let parsed;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (e) {
      if (e.code !== 'ENOENT') process.stderr.write(`zooid-emulator: ignoring ${this.file}: ${e.message}\n`);
      return;
    }
    for (const event of parsed.events ?? []) this.repo.restore(event);
    for (const id of parsed.deleted ?? []) this.repo.deleted.add(id);
  }

  #changed(event) {
    if (!event || event.kind === KIND.MEMBERS) this.membersCache = null;
    if (this.saveTimer) return;
    // a large relay's file takes long to write whole: waiting four times as long as the last write took keeps the
    // writing under a fifth of the time however large the relay grows (a restore of 100,000 events wrote it after
    // every batch); a small one is written 20 ms after a change, as before
    this.saveTimer = setTimeout(() => this.flush(), Math.max(20, 4 * this.lastFlushMs));
  }

  /** Write the data file now (atomically). */
  flush() {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const started = Date.now();
    const text = JSON.stringify({
      schema: this.schema,
      events: [...this.repo.events.values()],
      deleted: [...this.repo.deleted],
    });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.file);
    this.lastFlushMs = Date.now() - started;
  }

  #sign(keys, kind, tags) {
    return finalizeEvent({ kind, created_at: now(), tags, content: '' }, keys.sk);
  }

  #newest(filter) {
    return this.repo.findAll({ ...filter, limit: 1 })[0] ?? null;
  }

  // ------------------------------------------------------------- members

  /** The member list of record (newest 13534), or null when none was written yet. */
  membersEvent() {
    return this.#newest({ kinds: [KIND.MEMBERS] });
  }

  /** Member pubkeys in list order. */
  members() {
    if (!this.membersCache) {
      const event = this.membersEvent();
      this.membersCache = event
        ? event.tags.filter((t) => t[0] === 'member' && typeof t[1] === 'string').map((t) => t[1])
        : [];
    }
    return [...this.membersCache];
  }

  isMember(pubkey) {
    return this.members().includes(pubkey);
  }

  /** 8000 + new 13534 when `pubkey` is not a member yet. True when it changed anything. */
  addMember(keys, pubkey) {
    const list = this.membersEvent();
    if (list?.tags.some((t) => t[0] === 'member' && t[1] === pubkey)) return false;
    this.#announceOwn(this.#sign(keys, KIND.ADD_MEMBER, [['-'], ['p', pubkey]]));
    const tags = list ? list.tags.map((t) => [...t]) : [['-']];
    tags.push(['member', pubkey]);
    this.#announceOwn(this.#sign(keys, KIND.MEMBERS, tags));
    return true;
  }

  /** 8001 + new 13534 when `pubkey` is a member. True when it changed anything. */
  removeMember(keys, pubkey) {
    const list = this.membersEvent();
    if (!list?.tags.some((t) => t[0] === 'member' && t[1] === pubkey)) return false;
    this.#announceOwn(this.#sign(keys, KIND.REMOVE_MEMBER, [['-'], ['p', pubkey]]));
    const tags = list.tags.filter((t) => !(t.length >= 2 && t[1] === pubkey)).map((t) => [...t]);
    this.#announceOwn(this.#sign(keys, KIND.MEMBERS, tags));
    return true;
  }

  /**
   * Events copied in from another node's database, as an operator's copy of zooid's tables would put them: no
   * author check (that is the point), ids already stored skipped, and a replaceable or addressable event kept only
   * when nothing newer of its kind is stored (the new node's own member list, written when the relay's members were
   * set there, stays the one of record). Returns how many were stored.
   */
  importStored(events) {
    let stored = 0;
    for (const event of events) {
      if (this.repo.events.has(event.id)) continue;
      this.repo.upsert(event);
      if (this.repo.events.has(event.id)) stored++; // not an older version, nor an ephemeral kind (never stored)
    }
    return stored;
  }

  #announceOwn(event) {
    this.repo.storeOwn(event);
    this.announce(event);
  }

  // ------------------------------------------------------------- internal lists (kind 30078)

  #appData(d) {
    return this.#newest({ kinds: [KIND.APP_DATA], '#d': [d] });
  }

  /** A copy of list `d`'s tags to edit, or just its d tag when the list was never written. */
  #appDataTags(d) {
    return (this.#appData(d)?.tags ?? [['d', d]]).map((t) => [...t]);
  }

  /** `tags` carry the list's own d tag, which names the list. */
  #writeAppData(keys, tags) {
    this.repo.storeOwn(this.#sign(keys, KIND.APP_DATA, tags));
  }

  bannedPubkeys() {
    const event = this.#appData(BANNED_PUBKEYS);
    return (event?.tags ?? []).filter((t) => t[0] === 'banned').map((t) => ({ pubkey: t[1], reason: t[2] ?? '' }));
  }

  isBanned(pubkey) {
    return this.bannedPubkeys().some((b) => b.pubkey === pubkey);
  }

  addBan(keys, pubkey, reason) {
    if (this.isBanned(pubkey)) return;
    const tags = this.#appDataTags(BANNED_PUBKEYS);
    tags.push(['banned', pubkey, reason]);
    this.#writeAppData(keys, tags);
  }

  removeBan(keys, pubkey) {
    const event = this.#appData(BANNED_PUBKEYS);
    if (!event || !this.isBanned(pubkey)) return;
    this.#writeAppData(
      keys,
      event.tags.filter((t) => !(t.length >= 2 && t[1] === pubkey)),
    );
  }

  bannedEvents() {
    const event = this.#appData(BANNED_EVENTS);
    return (event?.tags ?? []).filter((t) => t[0] === 'event').map((t) => ({ id: t[1], reason: t[2] ?? '' }));
  }

  isEventBanned(id) {
    return this.bannedEvents().some((b) => b.id === id);
  }

  /** banevent: delete the event, then record the ban (appended every time, as zooid does). */
  banEvent(keys, id, reason) {
    this.repo.remove(id);
    const tags = this.#appDataTags(BANNED_EVENTS);
    tags.push(['event', id, reason]);
    this.#writeAppData(keys, tags);
  }

  allowEvent(keys, id) {
    const tags = this.#appDataTags(BANNED_EVENTS).filter((t) => t[1] !== id);
    this.#writeAppData(keys, tags);
  }

  // ------------------------------------------------------------- zooid's composite actions

  /** AllowPubkey: member, and no longer banned. */
  allowPubkey(keys, pubkey) {
    this.addMember(keys, pubkey);
    this.removeBan(keys, pubkey);
  }

  /** BanPubkey: not a member, banned with reason, every event it wrote on this relay deleted. */
  banPubkey(keys, pubkey, reason) {
    this.removeMember(keys, pubkey);
    this.addBan(keys, pubkey, reason);
    for (const event of this.repo.findAll({ authors: [pubkey] })) this.repo.remove(event.id);
    this.#changed(null);
  }

  // ------------------------------------------------------------- invite claims (kind 28935)

  claims() {
    return this.repo
      .findAll({ kinds: [KIND.INVITE] })
      .map((e) => ({
        claim: firstTag(e, 'claim')?.[1],
        pubkey: firstTag(e, 'p')?.[1] ?? null,
        created_at: e.created_at,
      }))
      .filter((c) => typeof c.claim === 'string');
  }

  hasClaim(code) {
    return this.repo
      .findAll({ kinds: [KIND.INVITE] })
      .some((e) => e.tags.some((t) => t[0] === 'claim' && t[1] === code));
  }

  /**
   * The invite event handed to `requester`. Archived line: the newest stored claim, whoever it
   * was made for (zooid's per-requester lookup is ineffective there), else a new one. Newer line:
   * the requester's own claim, else a new one.
   */
  inviteFor(keys, requester, line) {
    const filter = { kinds: [KIND.INVITE] };
    if (line === 'newer') filter['#p'] = [requester];
    const existing = this.#newest(filter);
    if (existing) return existing;
    return this.createClaim(keys, requester, randomClaim());
  }

  createClaim(keys, pubkey, code) {
    const event = this.#sign(keys, KIND.INVITE, [
      ['claim', code],
      ['p', pubkey],
    ]);
    this.repo.storeOwn(event);
    return event;
  }

  /** Remove every stored claim with this code. True when there was one. */
  deleteClaim(code) {
    let found = false;
    for (const e of this.repo.findAll({ kinds: [KIND.INVITE] })) {
      if (e.tags.some((t) => t[0] === 'claim' && t[1] === code)) found = this.repo.remove(e.id) || found;
    }
    if (found) this.#changed(null);
    return found;
  }

  // ------------------------------------------------------------- role labels (newer line)

  roleAssignments() {
    const event = this.#appData('zooid/role_assignments');
    return (event?.tags ?? []).filter((t) => t[0] === 'role').map((t) => ({ pubkey: t[1], role: t[2] }));
  }

  setRoleAssignment(keys, pubkey, role, assigned) {
    const tags = this.#appDataTags('zooid/role_assignments').filter(
      (t) => !(t[0] === 'role' && t[1] === pubkey && t[2] === role),
    );
    if (assigned) tags.push(['role', pubkey, role]);
    this.#writeAppData(keys, tags);
  }

  /** Every stored event (internal ones included), newest first: for the emulator's control routes. */
  allEvents(filter = {}) {
    return this.repo.findAll(filter).sort(compareNewestFirst);
  }
}

/** All schemas' data under <CONFIG>/.emulator-data/, loaded on first use. */
export class DataStore {
  constructor(dir) {
    this.dir = dir;
    this.schemas = new Map();
  }

  fileOf(schema) {
    return path.join(this.dir, `${encodeURIComponent(schema).replace(/\./g, '%2E')}.json`);
  }

  get(schema) {
    let data = this.schemas.get(schema);
    if (!data) {
      data = new SchemaData(schema, this.fileOf(schema));
      data.load();
      this.schemas.set(schema, data);
    }
    return data;
  }

  flushAll() {
    for (const data of this.schemas.values()) if (data.saveTimer) data.flush();
  }

  /** How many events the schema holds (its data file read when not loaded; nothing when there is none). */
  count(schema) {
    return this.get(schema).repo.events.size;
  }

  /**
   * Removes every stored event of the schema, on disk too (an operator's DROP of zooid's `<schema>__*` tables).
   * Returns how many there were; a schema with nothing left returns 0.
   */
  drop(schema) {
    const data = this.get(schema);
    if (data.saveTimer) clearTimeout(data.saveTimer);
    this.schemas.delete(schema);
    fs.rmSync(data.file, { force: true });
    return data.repo.events.size;
  }

  clearAll() {
    for (const data of this.schemas.values()) if (data.saveTimer) clearTimeout(data.saveTimer);
    this.schemas.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
