// The relay's moderation queue (Moderation section): reports and automatic removals grouped per event, one row each
// with the post, its author, how many members reported it and why, and the rule that removed it. Each row is decided
// on its own (restore, delete, ban the author, dismiss) or many at once through the checkboxes and the bulk bar; each
// item's outcome is said, including "already decided by" when someone of the team was first. Delete and ban ask first.
import { createMemo, createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { displayName } from "~/lib/community";
import { formatDateTime, timeAgo } from "~/lib/format";
import {
  ACTION_LABEL,
  actionsFor,
  outcomeSummary,
  type QueueAction,
  type QueueItem,
  reportSummary,
  statusLabel,
} from "~/lib/queue";
import { cn } from "~/lib/utils";
import { ConfirmAction } from "../../ConfirmAction";
import { Inbox, RefreshCw } from "../../icons";
import { EmptyState } from "../../states";
import { LoadedList } from "../../LoadedList";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardContent } from "../../ui/card";
import { Checkbox } from "../../ui/checkbox";
import { Skeleton } from "../../ui/skeleton";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import { ModerationQueueSettings } from "./ModerationQueueSettings";

/** Restoring an event a rule removed is its undo; one hidden after reports is put back. */
function actionLabel(item: QueueItem, action: QueueAction): string {
  if (action === "restore" && (item.status === "removed" || item.status === "held")) return "Undo";
  return ACTION_LABEL[action];
}

export function ModerationQueue(props: { relayId: string }) {
  const [decided, setDecided] = createSignal(false);
  const [list] = createQuery(
    () => [props.relayId, decided() ? "decided" : "waiting"] as const,
    ([id, state]) => relayQueries.queue(id, state),
  );
  /** Reads the queue again, and the navigation's count beside "Moderation" with it, so the number follows. */
  const refetch = () => refresh(relayQueries.queue.key(props.relayId), relayQueries.queueCount.key(props.relayId));
  const decideQueue = useWrite(relayWrites.decideQueue);
  const [selected, setSelected] = createSignal<Set<string>>(new Set());
  const [pending, setPending] = createSignal<{ items: QueueItem[]; action: QueueAction } | null>(null);
  const [problems, setProblems] = createSignal<string[]>([]);
  const [showSettings, setShowSettings] = createSignal(false);

  // reading an errored resource throws: the list's own Async shows its error, the selection is then empty
  const items = () => (list.error ? [] : (list.latest?.items ?? []));
  const chosen = createMemo(() => items().filter((i) => selected().has(i.id)));
  /** What every chosen item offers: the bulk bar's buttons. */
  const bulkActions = createMemo(() => {
    const c = chosen();
    if (c.length === 0) return [];
    return (["restore", "delete", "ban", "dismiss"] as QueueAction[]).filter((a) =>
      c.every((i) => actionsFor(i).includes(a)),
    );
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  /** reason: the one given in the confirmation of a destructive action */
  const decide = async (chosenItems: QueueItem[], action: QueueAction, reason = "") => {
    try {
      const r = await decideQueue(
        props.relayId,
        chosenItems.map((i) => i.id),
        action,
        reason || undefined,
      );
      const s = outcomeSummary(r.outcomes);
      setProblems(s.problems);
      if (s.problems.length === 0) toast.success(s.text);
      else toast.warning(s.text);
      setSelected(new Set<string>());
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  const ask = (chosenItems: QueueItem[], action: QueueAction) => {
    if (action === "delete" || action === "ban") setPending({ items: chosenItems, action });
    else void decide(chosenItems, action).catch(() => {});
  };

  return (
    <Card data-testid="moderation-queue">
      <CardContent class="grid gap-4">
        <div class="flex flex-wrap items-center justify-between gap-2">
          <div>
            <h3 class="font-semibold">Moderation queue</h3>
            <p class="text-sm text-muted-foreground">
              Reported posts and what the automatic rules removed, one row per post.
            </p>
          </div>
          <div class="flex items-center gap-2">
            <Checkbox checked={decided()} onChange={setDecided} label="Show decided" testId="queue-show-decided" />
            <Button variant="ghost" size="sm" onClick={() => setShowSettings(!showSettings())}>
              Settings
            </Button>
            <Button variant="ghost" size="icon-sm" onClick={() => void refetch()} aria-label="Refresh the queue">
              <RefreshCw class={cn(list.loading && "animate-spin")} />
            </Button>
          </div>
        </div>
        <Show when={showSettings()}>
          <ModerationQueueSettings relayId={props.relayId} />
        </Show>
        <Show when={chosen().length > 0}>
          <div
            class="sticky top-0 z-10 flex flex-wrap items-center gap-2 rounded-lg border bg-background p-2"
            data-testid="queue-bulk-bar"
          >
            <span class="text-sm font-medium">{chosen().length} selected</span>
            <For each={bulkActions()}>
              {(a) => (
                <Button
                  size="sm"
                  variant={a === "ban" || a === "delete" ? "destructive" : "outline"}
                  onClick={() => ask(chosen(), a)}
                  data-testid={`queue-bulk-${a}`}
                >
                  {ACTION_LABEL[a]}
                </Button>
              )}
            </For>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set<string>())}>
              Clear
            </Button>
          </div>
        </Show>
        <Show when={problems().length > 0}>
          <ul class="grid gap-1 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm" role="status">
            <For each={problems()}>{(p) => <li data-testid="queue-problem">{p}</li>}</For>
          </ul>
        </Show>
        <LoadedList
          resource={list}
          refetch={refetch}
          items={(l) => l.items}
          label="Moderation queue"
          class="grid gap-3"
          loading={<Skeleton class="h-32 w-full" />}
          errorTitle="Couldn't read the queue"
          empty={
            <EmptyState
              class="py-8"
              icon={<Inbox />}
              title={decided() ? "Nothing decided yet" : "Nothing waits"}
              description="Reports from members and posts the automatic rules remove appear here."
            />
          }
        >
          {(item) => (
            <li class="grid gap-2 rounded-xl border p-4" data-testid="queue-item" data-status={item.status}>
              <div class="flex flex-wrap items-center gap-2 text-sm">
                <Show when={item.state === "waiting"}>
                  <Checkbox
                    checked={selected().has(item.id)}
                    onChange={(on) => toggle(item.id, on)}
                    label={<span class="sr-only">Select</span>}
                    testId="queue-select"
                  />
                </Show>
                <Badge variant={item.status === "reported" ? "warning" : "destructive"}>{statusLabel(item)}</Badge>
                <Show when={item.author_npub}>
                  {(npub) => (
                    <span class="font-medium" title={npub()}>
                      {displayName(item.author_name, npub())}
                    </span>
                  )}
                </Show>
                <Show when={reportSummary(item)}>
                  <span class="text-muted-foreground" data-testid="queue-reports">
                    {reportSummary(item)}
                  </span>
                </Show>
                <span class="text-xs text-muted-foreground" title={formatDateTime(item.updated_at)}>
                  {timeAgo(item.updated_at)}
                </span>
              </div>
              <Show when={item.cause_detail}>
                <p class="text-sm text-muted-foreground" data-testid="queue-cause">
                  {item.cause_detail}
                </p>
              </Show>
              <Show
                when={item.event}
                fallback={
                  <p class="text-sm text-muted-foreground">
                    {item.event_id ? "The post is not on the relay any more." : "These reports are about a person."}
                  </p>
                }
              >
                {(ev) => (
                  <blockquote class="rounded-lg bg-muted/50 p-3 text-sm whitespace-pre-wrap break-words">
                    {ev().content.length > 600 ? `${ev().content.slice(0, 600)}…` : ev().content}
                  </blockquote>
                )}
              </Show>
              <Show when={item.reasons.length > 0}>
                <p class="text-sm">
                  <span class="text-muted-foreground">Reasons: </span>
                  {item.reasons.join(" · ")}
                </p>
              </Show>
              <Show when={item.state !== "waiting"}>
                <p class="text-sm text-muted-foreground" data-testid="queue-decision">
                  {item.state === "deciding" ? "Being decided" : `Decided: ${item.decision}`}
                  {item.decided_by_npub ? ` by ${displayName(null, item.decided_by_npub)}` : ""}
                  {item.note ? ` — ${item.note}` : ""}
                </p>
              </Show>
              <Show when={actionsFor(item).length > 0}>
                <div class="flex flex-wrap gap-2">
                  <For each={actionsFor(item)}>
                    {(a) => (
                      <Button
                        size="sm"
                        variant={a === "ban" ? "destructive" : "outline"}
                        class={cn(a === "delete" && "text-destructive hover:text-destructive")}
                        onClick={() => ask([item], a)}
                        data-testid={`queue-${a}`}
                      >
                        {actionLabel(item, a)}
                      </Button>
                    )}
                  </For>
                </div>
              </Show>
            </li>
          )}
        </LoadedList>
        <ConfirmAction
          picked={[pending, setPending]}
          title={(p) =>
            p.action === "ban"
              ? `Ban ${p.items.length === 1 ? "the author" : "these authors"}?`
              : `Delete ${p.items.length === 1 ? "this post" : `${p.items.length} posts`}?`
          }
          description={(p) =>
            p.action === "ban"
              ? "Everything they wrote on this relay is deleted and they cannot rejoin until the ban is lifted."
              : "The post is removed from the relay for good and cannot be published there again."
          }
          reason
          confirmLabel={(p) => (p.action === "ban" ? "Ban" : "Delete")}
          destructive
          onConfirm={(p, reason) => decide(p.items, p.action, reason)}
        />
      </CardContent>
    </Card>
  );
}
