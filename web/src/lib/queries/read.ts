// How a component reads a query (the router's query(): one cache per key, shared by every reader) and how a read is
// made again without a write (refresh: revalidate the keys given). A page's loading, empty and error states read the
// resource's state (components/states.tsx's Async): createQuery keeps that state where createAsync, the router's own
// reader, gives the value alone and suspends the page while it loads.
//
// A write never calls refresh: it is an action of write.ts that names the keys it changes (relay-writes.ts,
// tenant-writes.ts, join-writes.ts, ../ban-queries.ts, ../admin-queries.ts). Signing in (with the account it makes
// sure of) and signing out are not such writes: every read of what is a person's own is keyed by their pubkey
// (tenant.ts, join.ts's standing and request), so a new session reads keys of its own and no reader is left with the
// old one's. What still calls refresh reads again for another reason:
// - a "retry" or "reload" button, or Async's retry, on a read that failed or may be out of date;
// - a poll while something runs on the server (a relay being set up, a backup or a move under way, a join request
//   waiting for its decision);
// - a change the server pushes (the live stream in RelayView: the relay, its activity, its invoices, its members),
//   a payment seen confirmed by an invoice dialog (the invoices, billing and relay read again), the session's
//   network coming back, and a key that changes under a card (another pubkey);
// - write.ts itself, for a card rendered outside a Router.
import { query, RouterContext, revalidate } from "@solidjs/router";
import { createResource, createSignal, runWithOwner, untrack, useContext, type Resource, type Setter } from "solid-js";
import { useHydrated } from "../hydration";
import type { Id } from "../types";

// Outside a Router (a card rendered on its own, as the unit tests do) a query cannot track its readers: every such
// reader reads again on any refresh.
const [refreshed, setRefreshed] = createSignal(0);

/**
 * Reads `read(key)`, again whenever a write revalidates the query's key or `key` changes; nothing while `key` gives
 * false, null or undefined (no relay yet). `read` calls one or more queries (`relayQueries.activity`). This is
 * createAsync's own mechanism, a resource whose source calls the query so that the query tracks it, with the
 * resource's state kept: a revalidation reads in a transition, so the last value stays in place until the new one
 * is there. `mutate` replaces the value shown (an optimistic change, the answer of a write); when `read` is a query
 * of the key itself (`createQuery(() => id, relayQueries.team)`), the query keeps that value too, so that a card or
 * page opened next reads the answer of the write and not the value from before it.
 */
export function createQuery<K, T>(
  key: () => K | false | null | undefined,
  read: (key: K) => Promise<T>,
): [Resource<T>, { mutate: Setter<T | undefined> }] {
  const inRouter = !!useContext(RouterContext);
  const [resource, { mutate }] = createResource(
    () => {
      const k = key();
      if (k === false || k === null || k === undefined) return k;
      if (inRouter) return read(k);
      refreshed();
      return runWithOwner(null, () => read(k));
    },
    (answer) => answer as Promise<T>,
  );
  const keyFor = (read as { keyFor?: (key: K) => string }).keyFor;
  const keep = ((value: Parameters<typeof mutate>[0]) => {
    const shown = mutate(value);
    const k = untrack(key);
    if (keyFor && k !== false && k !== null && k !== undefined) query.set<unknown>(keyFor(k), shown);
    return shown;
  }) as Setter<T | undefined>;
  return [resource, { mutate: keep }];
}

/**
 * Data that only the browser can fetch (the API is not there when pages are prerendered, lib/hydration.ts): loading
 * while prerendered and hydrated, exactly as painted, and read once the component is mounted.
 */
export function createBrowserQuery<T>(read: () => Promise<T>): ReturnType<typeof createQuery<true, T>> {
  return createQuery(useHydrated(), () => read());
}

/** A query whose first argument is a relay's id: `key(id)` names every read of that relay the query made. */
export interface RelayQuery<A extends unknown[], T> {
  (id: Id, ...rest: A): Promise<T>;
  /** The key prefix of every read of the relay (every page, every filter), for revalidate. */
  key: (id: Id) => string;
  /** The key of one read (createQuery's mutate keeps its value there). */
  keyFor: (id: Id, ...rest: A) => string;
}

/** The key prefix of a query's reads whose first argument is `first` (hashKey of the router: JSON of the arguments). */
export function keyPrefix(name: string, first: string): string {
  return `${name}${JSON.stringify([first]).slice(0, -1)}`;
}

/**
 * Keeps a write's answer as the value of one read's key (`relayQueries.relay.keyFor(id)`) without making its readers
 * read again: the page or card opened next reads the change.
 */
export function keep<T>(key: string, value: T): void {
  query.set<unknown>(key, value);
}

/** Reads again every key given (a prefix names all the reads under it), in place. */
export function refresh(...keys: string[]): Promise<void> {
  // the router marks the keys stale at once; the readers outside a Router then read again (and miss the cache)
  const done = revalidate(keys);
  setRefreshed((n) => n + 1);
  return done;
}
