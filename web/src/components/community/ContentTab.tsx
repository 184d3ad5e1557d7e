// The Moderation page's Content tab: the relay's recent events paged by time, filtered by kind and author, the relay's
// own bookkeeping hidden unless asked for and never deletable; delete with a reason, and undo a deletion.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import type { EventView } from "~/lib/community";
import { timeAgo } from "~/lib/format";
import { pubkeyError } from "~/lib/npub";
import { Async, EmptyState, ErrorState } from "../states";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Checkbox } from "../ui/checkbox";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Input } from "../ui/input";
import { Skeleton } from "../ui/skeleton";
import { ContentEvent } from "./ContentEvent";
import { PubkeyInput } from "../PubkeyInput";
import { ReasonField } from "../ReasonField";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function ContentTab(props: { relayId: string }) {
  const [kinds, setKinds] = createSignal("");
  const [author, setAuthor] = createSignal("");
  const [until, setUntil] = createSignal<number | null>(null);
  const [query, setQuery] = createSignal({ kinds: "", author: "", until: null as number | null, system: false });
  const [page] = createQuery(
    () => ({ ...query(), id: props.relayId }),
    (q) => relayQueries.events(q.id, { kinds: q.kinds, author: q.author, until: q.until, limit: 50, system: q.system }),
  );
  const [deleted] = createQuery(() => props.relayId, relayQueries.deletedEvents);
  const deleteEvent = useWrite(relayWrites.deleteEvent);
  const allowEvent = useWrite(relayWrites.allowEvent);
  const [deleting, setDeleting] = createSignal<EventView | null>(null);
  const [reason, setReason] = createSignal("");
  const [gone, setGone] = createSignal<Set<string>>(new Set());
  const [searched, setSearched] = createSignal(false);
  const search = (e: Event) => {
    e.preventDefault();
    setSearched(true);
    if (pubkeyError(author())) return;
    setUntil(null);
    setQuery((q) => ({ ...q, kinds: kinds().trim(), author: author().trim(), until: null }));
  };
  const del = async (ev: EventView) => {
    try {
      await deleteEvent(props.relayId, ev.id, reason().trim());
      setGone((s) => new Set([...s, ev.id]));
      setReason("");
      toast.success("Event deleted.", {
        action: { label: "Undo", onClick: () => void undo(ev.id) },
      });
    } catch (e) {
      toast.error(`Couldn't delete: ${errorMessage(e)}`);
      throw e;
    }
  };
  const undo = async (id: string) => {
    try {
      const r = await allowEvent(props.relayId, id);
      toast.success(`Allowed again — ${r.note}.`);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  return (
    <div class="grid grid-cols-1 gap-4">
      <form class="grid grid-cols-1 gap-2 sm:grid-cols-[8rem_1fr_auto]" onSubmit={search}>
        <Input
          placeholder="kinds: 1,7"
          value={kinds()}
          onInput={(e) => setKinds(e.currentTarget.value)}
          aria-label="Kinds"
        />
        <PubkeyInput
          placeholder="author npub (optional)"
          value={author()}
          onInput={(v) => {
            setAuthor(v);
            setSearched(false);
          }}
          submitted={searched()}
          label="Author"
        />
        <Button type="submit" variant="outline" class="self-start">
          Show
        </Button>
      </form>
      <Checkbox
        checked={query().system}
        onChange={(on) => {
          setUntil(null);
          setQuery((q) => ({ ...q, system: on, until: null }));
        }}
        label="Show system events"
      />
      <Async
        resource={page}
        loading={<Skeleton class="h-40 w-full" />}
        error={(e) => <ErrorState compact error={e} title="Couldn't read the relay's events" />}
      >
        {(p) => (
          <div class="grid grid-cols-1 gap-2">
            <Show
              when={p().items.length > 0}
              fallback={<EmptyState class="py-8" title="No events" description="Nothing matches on this relay." />}
            >
              <ul class="grid grid-cols-1 gap-2" aria-label="Events">
                <For each={p().items}>
                  {(ev) => <ContentEvent event={ev} gone={gone().has(ev.id)} onDelete={() => setDeleting(ev)} />}
                </For>
              </ul>
            </Show>
            <div class="flex justify-between">
              <Button
                variant="ghost"
                size="sm"
                disabled={until() === null}
                onClick={() => {
                  setUntil(null);
                  setQuery((q) => ({ ...q, until: null }));
                }}
              >
                Newest
              </Button>
              <Button
                variant="outline"
                size="sm"
                disabled={p().next_until == null}
                onClick={() => {
                  setUntil(p().next_until);
                  setQuery((q) => ({ ...q, until: p().next_until }));
                }}
              >
                Older
              </Button>
            </div>
          </div>
        )}
      </Async>
      <Show when={(deleted() ?? []).length > 0}>
        <div class="grid gap-2">
          <h3 class="text-sm font-medium">Deleted through Caravel</h3>
          <ul class="divide-y rounded-lg border text-sm">
            <For each={deleted()}>
              {(d) => (
                <li class="flex flex-wrap items-center gap-2 px-3 py-2">
                  <code class="font-mono text-xs">{d.event_id.slice(0, 12)}…</code>
                  <span class="flex-1 text-muted-foreground">
                    {d.reason || "no reason given"} · {timeAgo(d.created_at)}
                  </span>
                  <Show when={d.lifted_at == null} fallback={<Badge variant="secondary">allowed again</Badge>}>
                    <Button variant="ghost" size="sm" onClick={() => void undo(d.event_id)}>
                      Undo
                    </Button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <p class="text-xs text-muted-foreground">
            Undo lets the event be published here again; the deleted copy itself is gone.
          </p>
        </div>
      </Show>
      <ConfirmDialog
        open={deleting() !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title="Delete this event?"
        description={
          <span class="grid gap-3">
            <span>
              It is removed from the relay and refused if published again. You can undo the refusal, but the copy is
              gone.
            </span>
            <ReasonField value={reason()} onInput={setReason} />
          </span>
        }
        confirmLabel="Delete event"
        destructive
        onConfirm={() => del(deleting()!)}
      />
    </div>
  );
}
