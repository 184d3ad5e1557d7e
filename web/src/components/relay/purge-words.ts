// What a deleted relay's purge removes from the relay host, as GET /config's purge_removes_data says: with the
// operator's purge command its posts and media are erased there; without it they stay stored there, and the delete
// form and a deleted relay's notice say so instead of "removed for good".
import type { Accessor } from "solid-js";
import { config as platformConfig } from "~/lib/queries/public";
import { createQuery } from "~/lib/queries/read";

/** GET /config's purge_removes_data; undefined until it is loaded (or when it cannot be), so callers stay neutral. */
export function usePurgeRemovesData(): Accessor<boolean | undefined> {
  const [config] = createQuery(
    () => true,
    () => platformConfig().catch(() => null),
  );
  // read only once loaded: reading a loading resource would suspend the page (see FiatHint)
  return () => (config.state === "ready" ? config()?.purge_removes_data : undefined);
}

/** What happens when the undo window ends, in one sentence for the delete form. */
export function afterTheWindow(removesData: boolean | undefined): string {
  if (removesData === true)
    return "After that it is removed for good: its posts and media are erased from the relay host, and its subdomain can be taken by anyone.";
  if (removesData === false)
    return "After that it is shut down for good and its subdomain can be taken by anyone, but its posts and media stay stored on the relay host: this platform does not erase them.";
  return "After that it is shut down for good and its subdomain can be taken by anyone.";
}

/** A purged relay's notice. */
export function purgedNotice(removesData: boolean | undefined): string {
  if (removesData === true) return "Deleted and removed for good.";
  if (removesData === false)
    return "Deleted and shut down for good; its posts and media stay stored on the relay host.";
  return "Deleted and shut down for good.";
}
