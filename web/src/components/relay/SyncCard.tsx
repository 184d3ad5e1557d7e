// Where the relay server's configuration stands: sync state, last sync, attempts and the last error.
import { Show } from "solid-js";
import { formatDateTime, timeAgo } from "~/lib/format";
import type { Relay } from "~/lib/types";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { DescriptionList } from "../DescriptionList";
import { SyncBadge } from "../badges";
import { relayReachable } from "~/lib/relay-reach";

export function SyncCard(props: { relay: Relay }) {
  return (
    <Card data-testid="sync">
      <CardHeader>
        <CardTitle>Sync</CardTitle>
        <CardDescription>State of the relay server's configuration.</CardDescription>
        <CardAction>
          <SyncBadge
            state={props.relay.sync.state}
            sync={props.relay.sync}
            reachable={relayReachable(props.relay.id)}
          />
        </CardAction>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-3">
        <DescriptionList
          class="sm:grid-cols-1"
          items={[
            [
              "Last synced",
              props.relay.sync.synced_at ? (
                <span title={formatDateTime(props.relay.sync.synced_at)}>{timeAgo(props.relay.sync.synced_at)}</span>
              ) : (
                "Not yet"
              ),
            ],
            ["Attempts", String(props.relay.sync.attempts)],
          ]}
        />
        <Show when={props.relay.sync.last_error}>
          <div class="grid grid-cols-1 gap-1 rounded-lg border border-destructive/30 bg-destructive/5 p-3">
            <div class="text-xs font-medium uppercase tracking-wide text-destructive">Last error</div>
            <code class="font-mono text-xs break-words" data-testid="sync-error">
              {props.relay.sync.last_error}
            </code>
          </div>
        </Show>
      </CardContent>
    </Card>
  );
}
