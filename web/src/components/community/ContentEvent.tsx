// One event in the Moderation → Content list. People's events get a Delete button; the relay's own bookkeeping
// (zooid's membership records, marked `system` by the API) is shown read-only, since deleting it would change who
// zooid counts as a member.
import { Show } from "solid-js";
import type { EventView } from "~/lib/community";
import { formatDateTime, timeAgo } from "~/lib/format";
import { cn } from "~/lib/utils";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";

const SYSTEM_KINDS: Record<number, string> = {
  8000: "member added",
  8001: "member removed",
  13534: "member list",
};

export function EventBox(props: { event: EventView }) {
  return (
    <div class="grid gap-1 rounded-lg border bg-muted/30 p-3 text-sm">
      <div class="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
        <span class="font-mono">{props.event.npub.slice(0, 16)}…</span>
        <span>kind {props.event.kind}</span>
        <span title={formatDateTime(props.event.created_at)}>{timeAgo(props.event.created_at)}</span>
      </div>
      <p class="whitespace-pre-wrap break-words" data-testid="event-content">
        {props.event.content.length > 600 ? `${props.event.content.slice(0, 600)}…` : props.event.content}
      </p>
    </div>
  );
}

export function ContentEvent(props: { event: EventView; gone: boolean; onDelete: () => void }) {
  return (
    <li
      class={cn("grid gap-2", props.gone && "opacity-40")}
      data-testid="content-event"
      data-system={props.event.system ? "true" : undefined}
    >
      <EventBox event={props.event} />
      <Show
        when={!props.event.system}
        fallback={
          <p class="flex flex-wrap items-center justify-end gap-2 text-xs text-muted-foreground">
            <Badge variant="secondary">System</Badge>
            {`The relay's own record${SYSTEM_KINDS[props.event.kind] ? ` (${SYSTEM_KINDS[props.event.kind]})` : ""}; read-only.`}
          </p>
        }
      >
        <Show when={!props.gone}>
          <Button
            variant="ghost"
            size="sm"
            class="justify-self-end text-destructive hover:text-destructive"
            onClick={() => props.onDelete()}
          >
            Delete
          </Button>
        </Show>
      </Show>
    </li>
  );
}
