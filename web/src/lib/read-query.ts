// A router query read as a resource, for Async (components/states.tsx) to show its loading, error and ready states.
// The read subscribes to the query's key, so an action that revalidates the key (or a retry, which does the same)
// refreshes it in place, keeping what was shown until the new answer comes.
import { revalidate } from "@solidjs/router";
import { createResource } from "solid-js";

export function readQuery<T>(read: () => Promise<T>, key: () => string) {
  const [resource] = createResource(read, (answer) => answer);
  const refresh = () => void revalidate(key());
  return [resource, refresh] as const;
}
