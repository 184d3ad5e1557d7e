// The order zooid's database reads a relay's events in: newest first (NIP-01's order), kept sorted as events are
// stored, overall and per kind, as zooid's SQLite tables are indexed by created_at and kind. Without it every query
// sorted the whole relay, so a client paging back through a relay of n events (1,000 a page, zooid's cap) cost n²:
// a relay of a million events could not be read out at all. The emulator's answers are unchanged; only their cost.
//
// Entries are the stored event objects. A removed event is left in place and skipped when read (the caller says
// which are still stored), and the lists are rebuilt once half of their entries are stale. New events wait in a
// small unsorted buffer merged in at the next read, so a bulk load sorts once.

import { compareNewestFirst } from '../relay/filter.mjs';

class SortedList {
  constructor() {
    /** @type {any[]} newest first */
    this.items = [];
    /** @type {any[]} added since the last read, unsorted */
    this.pending = [];
  }

  add(event) {
    this.pending.push(event);
  }

  /** The sorted entries, the buffer merged in. */
  sorted() {
    if (this.pending.length === 0) return this.items;
    const added = this.pending.sort(compareNewestFirst);
    this.pending = [];
    if (added.length * 32 < this.items.length) {
      for (const e of added) this.items.splice(firstNotBefore(this.items, e), 0, e);
      return this.items;
    }
    const merged = new Array(this.items.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.items.length && j < added.length)
      merged[k++] = compareNewestFirst(this.items[i], added[j]) <= 0 ? this.items[i++] : added[j++];
    while (i < this.items.length) merged[k++] = this.items[i++];
    while (j < added.length) merged[k++] = added[j++];
    this.items = merged;
    return merged;
  }

  /** Drops the entries `alive` says are gone. */
  compact(alive) {
    this.items = this.sorted().filter(alive);
  }

  get size() {
    return this.items.length + this.pending.length;
  }
}

/** The first position in `items` (newest first) whose entry does not sort before `event`. */
function firstNotBefore(items, event) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareNewestFirst(items[mid], event) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first position in `items` (newest first) whose created_at is at or before `until`. */
function firstAtOrBefore(items, until) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].created_at > until) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class EventIndex {
  /** @param {(event: any) => boolean} alive whether an entry is still stored (the same object under its id) */
  constructor(alive) {
    this.alive = alive;
    this.all = new SortedList();
    /** @type {Map<number, SortedList>} */
    this.byKind = new Map();
    this.stale = 0;
  }

  add(event) {
    this.all.add(event);
    let list = this.byKind.get(event.kind);
    if (!list) {
      list = new SortedList();
      this.byKind.set(event.kind, list);
    }
    list.add(event);
  }

  /** One stored event is gone (replaced or removed); the lists are compacted once half of them is stale. */
  removed() {
    if (++this.stale * 2 <= this.all.size) return;
    this.all.compact(this.alive);
    for (const [kind, list] of this.byKind) {
      list.compact(this.alive);
      if (list.size === 0) this.byKind.delete(kind);
    }
    this.stale = 0;
  }

  clear() {
    this.all = new SortedList();
    this.byKind = new Map();
    this.stale = 0;
  }

  /**
   * Up to `limit` stored events, newest first, that `accept` takes, among those in the filter's kinds (all kinds
   * without one) and at or before its `until`; `accept` checks the rest of the filter. The walk stops at `since`.
   */
  find(filter, limit, accept) {
    if (limit <= 0) return [];
    const lists = filter.kinds ? filter.kinds.map((k) => this.byKind.get(k)).filter(Boolean) : [this.all];
    const out = [];
    for (const list of new Set(lists)) {
      const items = list.sorted();
      let taken = 0;
      for (let i = filter.until === undefined ? 0 : firstAtOrBefore(items, filter.until); i < items.length; i++) {
        const e = items[i];
        if (filter.since !== undefined && e.created_at < filter.since) break;
        if (!this.alive(e) || !accept(e)) continue;
        out.push(e);
        if (++taken === limit) break;
      }
    }
    if (lists.length > 1) out.sort(compareNewestFirst);
    return out.length > limit ? out.slice(0, limit) : out;
  }
}
