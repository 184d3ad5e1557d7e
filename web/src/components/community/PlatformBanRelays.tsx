// What one platform ban and its undo did on each relay: where it banned, where the person was a member, where the
// undo gave membership back, and where it could not (a full relay) or left the relay's own decision in place.
import { For, Show } from "solid-js";
import type { PlatformBanRelay } from "~/lib/community";
import { adminQueries } from "~/lib/queries/admin";
import { createQuery, refresh } from "~/lib/queries/read";
import { Async, EmptyState, ErrorState } from "~/components/states";

/** The ban's outcome on one relay, in words. */
export function banOutcome(r: PlatformBanRelay): string {
  switch (r.state) {
    case "banned":
      return r.was_member ? "Banned; was a member" : "Banned; was not a member";
    case "already_banned":
      return "Already banned by the relay; that ban stays";
    case "skipped":
      return "Skipped: they own this relay";
    case "banning":
      return "Banning…";
    case "waiting":
      return "Waiting";
    default:
      return "Ban failed; retried";
  }
}

/** The undo's outcome on one relay, in words (null before the undo reached it). */
export function undoOutcome(r: PlatformBanRelay): string | null {
  switch (r.undo_state) {
    case "restored":
      return "Lifted; member again";
    case "unbanned":
      return r.owner_acted === "removed" ? "Lifted; not a member again (removed by the relay)" : "Lifted";
    case "cap_full":
      return "Lifted; not a member again: the relay is full (undo again to retry)";
    case "left":
      return `Left as the relay decided (it ${r.owner_acted ?? "acted"} them itself)`;
    case "failed":
      return "Undo failed (undo again to retry)";
    default:
      return null;
  }
}

export function PlatformBanRelays(props: { ban: string }) {
  const [relays] = createQuery(() => props.ban, adminQueries.platformBanRelays);
  const refetch = () => refresh(adminQueries.platformBanRelays.keyFor(props.ban));
  return (
    <Async resource={relays} refetch={refetch} error={(e, retry) => <ErrorState error={e} retry={retry} />}>
      {(list) => (
        <Show when={list().length > 0} fallback={<EmptyState title="No relay reached yet" />}>
          <ul class="grid gap-1 text-xs" aria-label="Outcome per relay">
            <For each={list()}>
              {(r) => (
                <li class="flex flex-wrap gap-x-2" data-testid="platform-ban-relay">
                  <span class="font-mono">{r.subdomain ?? r.relay}</span>
                  <span class="text-muted-foreground">{banOutcome(r)}</span>
                  <Show when={undoOutcome(r)}>{(u) => <span>· {u()}</span>}</Show>
                  <Show when={r.error}>{(e) => <span class="text-destructive">· {e()}</span>}</Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      )}
    </Async>
  );
}
