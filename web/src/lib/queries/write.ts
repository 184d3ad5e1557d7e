// How a write changes what the queries read: a named router action whose answer names the keys it changed (json's
// revalidate), so every reader of those keys reads again and nothing else does. The keys are required: an action
// answering without them would revalidate every query on the page. A refused write reads its keys again too: a
// refusal (already decided, gone, taken) usually means what the page shows is out of date.
import { action, json, revalidate, RouterContext, useAction, type Action } from "@solidjs/router";
import { useContext } from "solid-js";
import { refresh } from "./read";

/** A write: `run` sends it; `keys` names the queries its arguments change (never none). */
export type Write<A extends unknown[], T> = Action<A, T> & {
  run: (...args: A) => Promise<T>;
  keys: (...args: A) => [string, ...string[]];
};

/**
 * Declares a write beside the queries it changes. A key is a query's name or a prefix of one argument
 * (`relayQueries.members.key(id)`, `tenantQueries.card.keyFor(pubkey)`): the router carries the keys joined by commas,
 * so a key of several arguments (which holds a comma) would name the wrong queries.
 */
export function write<A extends unknown[], T>(
  name: string,
  run: (...args: A) => Promise<T>,
  keys: (...args: A) => [string, ...string[]],
): Write<A, T> {
  const act = action(async (...args: A) => {
    try {
      return json(await run(...args), { revalidate: keys(...args) });
    } catch (e) {
      void revalidate(keys(...args));
      throw e;
    }
  }, name);
  return Object.assign(act as unknown as Action<A, T>, { run, keys });
}

/**
 * The write as a component calls it: the router's action inside a Router; outside one (a card rendered on its own, as
 * the unit tests do) the same call, then its keys read again as createQuery's readers there do (read.ts).
 */
export function useWrite<A extends unknown[], T>(w: Write<A, T>): (...args: A) => Promise<T> {
  if (useContext(RouterContext)) return useAction(w) as (...args: A) => Promise<T>;
  return async (...args: A) => {
    try {
      return await w.run(...args);
    } finally {
      void refresh(...w.keys(...args));
    }
  };
}
