// In-memory EventRepository for @nostr-relay/core. Development and test use only.
//
// - regular events are kept;
// - replaceable (0, 3, 10000-19999) keep only the newest per (kind, pubkey);
// - addressable (30000-39999) keep only the newest per (kind, pubkey, d tag);
// - ephemeral (20000-29999) are never stored;
// - NIP-09 deletion requests remove the referenced events of the same author;
// - NIP-40 expired events are not returned.

import { EventRepository } from '@nostr-relay/common';
import { compareNewestFirst, expirationOf, kindClass, matchFilter, replaceKey, supersedes } from './filter.mjs';

const DEFAULT_LIMIT = 5000;

export class MemoryEventRepository extends EventRepository {
  constructor() {
    super();
    /** @type {Map<string, object>} id -> event */
    this.events = new Map();
    /** @type {Map<string, string>} replace key -> id of the newest version */
    this.latest = new Map();
    /** @type {Set<string>} ids deleted by NIP-09 requests (a re-publish is refused) */
    this.deleted = new Set();
  }

  isSearchSupported() {
    return false;
  }

  upsert(event) {
    const cls = kindClass(event.kind);
    if (cls === 'ephemeral') return { isDuplicate: false };
    if (this.events.has(event.id) || this.deleted.has(event.id)) return { isDuplicate: true };
    const key = replaceKey(event);
    if (key !== null) {
      const currentId = this.latest.get(key);
      const current = currentId && this.events.get(currentId);
      if (current) {
        if (!supersedes(event, current)) return { isDuplicate: true };
        this.events.delete(current.id);
      }
      this.latest.set(key, event.id);
    }
    this.events.set(event.id, event);
    return { isDuplicate: false };
  }

  find(filter) {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (limit <= 0) return [];
    const now = Math.floor(Date.now() / 1000);
    const out = [];
    if (filter.ids) {
      for (const id of filter.ids) {
        const e = this.events.get(id);
        if (e && matchFilter(e, filter)) out.push(e);
      }
    } else {
      for (const e of this.events.values()) if (matchFilter(e, filter)) out.push(e);
    }
    return out
      .filter((e) => {
        const exp = expirationOf(e);
        return exp === null || exp > now;
      })
      .sort(compareNewestFirst)
      .slice(0, limit);
  }

  async deleteByDeletionRequest(request) {
    for (const tag of request.tags) {
      if (tag[0] === 'e' && typeof tag[1] === 'string') {
        const target = this.events.get(tag[1]);
        if (target && target.pubkey === request.pubkey && target.kind !== 5) this.#remove(target);
      } else if (tag[0] === 'a' && typeof tag[1] === 'string') {
        const [kindStr, pubkey, ...rest] = tag[1].split(':');
        if (pubkey !== request.pubkey) continue;
        const kind = Number(kindStr);
        const d = rest.join(':');
        for (const e of [...this.events.values()]) {
          if (e.kind !== kind || e.pubkey !== pubkey || e.created_at > request.created_at) continue;
          if (kindClass(kind) === 'addressable' && replaceKey(e) !== `${kind}:${pubkey}:${d}`) continue;
          this.#remove(e);
        }
      }
    }
    // NIP-09: relays should keep publishing the deletion request itself.
    if (!this.events.has(request.id)) this.events.set(request.id, request);
  }

  #remove(event) {
    this.remove(event.id, { tombstone: true });
  }

  /**
   * Remove a stored event by id. With `tombstone` a later re-publish of the same id is refused
   * (as after a NIP-09 deletion); without, it may be stored again. True when it was stored.
   */
  remove(id, { tombstone = false } = {}) {
    const event = this.events.get(id);
    if (tombstone) this.deleted.add(id);
    if (!event) return false;
    this.events.delete(id);
    const key = replaceKey(event);
    if (key !== null && this.latest.get(key) === id) this.latest.delete(key);
    return true;
  }

  async destroy() {
    this.events.clear();
    this.latest.clear();
    this.deleted.clear();
  }
}
