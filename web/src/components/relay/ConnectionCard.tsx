// How members reach a relay: its address to share (its own domain's while in use: verified and routed), whether it
// answers, and its description.
import { createEffect, createResource, Match, on, Show, Switch } from "solid-js";
import { network } from "~/lib/network";
import { checkRelayHealth, type RelayHealth } from "~/lib/relay-reach";
import type { Relay } from "~/lib/types";
import { cn } from "~/lib/utils";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { CopyButton } from "../copy";
import { RefreshCw } from "../icons";

/**
 * Whether the relay answers its NIP-11 document from its own host, checked when the page opens and again whenever
 * Caravel answers after being unreachable. While it cannot be reached the last check says nothing about now: no
 * "Reachable" is claimed.
 */
function HealthBadge(props: { relay: Relay }) {
  const provisioned = () => props.relay.sync.synced_at != null;
  const [health, { refetch }] = createResource<RelayHealth, string>(
    () => (provisioned() ? `${props.relay.id}:${props.relay.status}` : null),
    (_key, info) => checkRelayHealth(props.relay.id, !!info.refetching),
  );
  createEffect(
    on(
      network.reconnects,
      () => {
        if (provisioned()) void refetch();
      },
      { defer: true },
    ),
  );
  return (
    <div class="flex items-center gap-2 text-sm" data-testid="relay-health">
      <Switch fallback={<span class="text-muted-foreground">Health: not provisioned yet</span>}>
        <Match when={provisioned() && !network.online()}>
          <span class="inline-flex items-center gap-1.5 text-muted-foreground" data-testid="health-offline">
            <span class="size-2 rounded-full bg-muted-foreground/50" aria-hidden="true" />
            Health: unknown while offline
          </span>
        </Match>
        <Match when={health.loading}>
          <span class="text-muted-foreground">Checking health…</span>
        </Match>
        <Match when={health.error}>
          <span class="text-muted-foreground">Health: couldn't check</span>
        </Match>
        <Match when={health()}>
          {(h) => (
            <span
              class={cn(
                "inline-flex items-center gap-1.5",
                h().reachable ? "text-emerald-700 dark:text-emerald-400" : "text-destructive",
              )}
            >
              <span
                class={cn("size-2 rounded-full", h().reachable ? "bg-emerald-500" : "bg-destructive")}
                aria-hidden="true"
              />
              {h().reachable ? `Reachable (${h().latency_ms} ms)` : `Not reachable: ${h().error}`}
            </span>
          )}
        </Match>
      </Switch>
      <Show when={provisioned()}>
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={refetch}
          aria-label="Check health again"
          disabled={health.loading || !network.online()}
        >
          <RefreshCw class={cn(health.loading && "animate-spin")} />
        </Button>
      </Show>
    </div>
  );
}

/** owner: whether the viewer owns the relay (default); an admin viewing someone else's reads about the owner. */
export function ConnectionCard(props: { relay: Relay; owner?: boolean }) {
  // the relay's own domain while in use (verified and routed), else its usual address (an older server sends none)
  const publicUrl = () => props.relay.public_url || props.relay.url;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connection</CardTitle>
        <CardDescription>
          {props.owner === false
            ? "The owner shares this address with their members. They add it in their Nostr app."
            : "Share this address with your members. They add it in their Nostr app."}
        </CardDescription>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-4">
        <div class="flex items-center gap-2 rounded-lg border bg-muted/40 py-1.5 pr-1.5 pl-3">
          <code class="min-w-0 flex-1 font-mono text-sm break-all" data-testid="relay-url">
            {publicUrl()}
          </code>
          <CopyButton text={publicUrl()} label="Copy relay URL" toastText="Relay URL copied" variant="outline" />
        </div>
        {/* once the relay answers at its own domain, that is the address to share; the usual one keeps working */}
        <Show when={publicUrl() !== props.relay.url}>
          <p class="flex flex-wrap items-center gap-x-1 text-xs text-muted-foreground" data-testid="canonical-url">
            Also reachable at <code class="font-mono break-all">{props.relay.url}</code>
            <CopyButton text={props.relay.url} label="Copy the usual relay URL" toastText="Relay URL copied" />
          </p>
        </Show>
        <HealthBadge relay={props.relay} />
        <Show when={props.relay.description}>
          <p class="text-sm text-muted-foreground">{props.relay.description}</p>
        </Show>
      </CardContent>
    </Card>
  );
}
