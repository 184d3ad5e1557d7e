// A relay's activity log (newest first); reads again when its query is revalidated (the relay page does on a change).
import { shortNpub } from "~/lib/npub";
import { For, Show } from "solid-js";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { formatDateTime, timeAgo } from "~/lib/format";
import type { Activity, Relay } from "~/lib/types";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Skeletons } from "../ui/skeleton";
import { Async, EmptyState, ErrorState } from "../states";
import { Activity as ActivityIcon } from "../icons";
import { ActivityExport } from "./ActivityExport";

export function ActivityCard(props: { relay: Relay }) {
  const [activity] = createQuery(() => props.relay.id, relayQueries.activity);
  const refetch = () => refresh(relayQueries.activity.key(props.relay.id));
  return (
    <Card data-testid="activity">
      <CardHeader>
        <CardTitle icon={ActivityIcon}>Activity</CardTitle>
        <CardDescription>What happened to this relay.</CardDescription>
        <ActivityExport relay={props.relay} />
      </CardHeader>
      <CardContent>
        <Async
          resource={activity}
          refetch={refetch}
          loading={<Skeletons count={3} class="grid grid-cols-1 gap-3" each="h-10 w-full" />}
          error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't load the activity" />}
        >
          {(page) => (
            <Show
              when={page().items.length > 0}
              fallback={<EmptyState class="py-8" icon={<ActivityIcon />} title="No activity yet" />}
            >
              <ol class="relative grid grid-cols-1 gap-4 border-l pl-5" aria-label="Activity log">
                <For each={page().items}>
                  {(a: Activity) => (
                    <li class="relative">
                      <span
                        class="absolute top-1.5 -left-[25px] size-2.5 rounded-full border-2 border-background bg-muted-foreground/50"
                        aria-hidden="true"
                      />
                      <div class="text-sm">{a.message}</div>
                      <div class="text-xs text-muted-foreground" title={formatDateTime(a.created_at)}>
                        {timeAgo(a.created_at)}
                        {/* who did it: a team member, an administrator, or the owner (Caravel's own steps say system) */}
                        {a.actor && /^[0-9a-f]{64}$/.test(a.actor) ? (
                          <span data-testid="activity-actor"> · by {shortNpub(a.actor)}</span>
                        ) : null}
                      </div>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          )}
        </Async>
      </CardContent>
    </Card>
  );
}
