// "/admin" — overview: counts (tenants are the people with relays, sign-ins apart), the zooid nodes' use, the relays that need attention, and platform settings that are not
// in effect.
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { adminNodes, adminOverview, adminPlatform, adminRelays } from "~/lib/admin-queries";
import { readQuery } from "~/lib/read-query";
import { formatNumber } from "~/lib/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Skeletons } from "~/components/ui/skeleton";
import { Async, EmptyState, ErrorState } from "~/components/states";
import { PageHeader } from "~/components/PageHeader";
import { RelayRows } from "~/components/RelayList";
import { CircleCheck } from "~/components/icons";
import { MediaStorageNotice } from "~/components/MediaStorageNotice";
import { BitcoinPriceNotice } from "~/components/BitcoinPriceNotice";
import { ZooidNodesCard } from "~/components/ZooidNodesCard";
import { IncidentsCard } from "~/components/IncidentsCard";

export default function AdminHome() {
  const [stats, refetch] = readQuery(
    () => adminOverview(),
    () => adminOverview.key,
  );
  const attentionQuery = { status: "provisioning_failed", per_page: 10 } as const;
  const [attention, refetchAttention] = readQuery(
    () => adminRelays(attentionQuery),
    () => adminRelays.keyFor(attentionQuery),
  );
  // a notice only: when it cannot be loaded the overview shows the rest without it
  const [platform] = readQuery(
    () => adminPlatform(),
    () => adminPlatform.key,
  );
  // asks every zooid node, so the rest of the overview does not wait for it; a failure just leaves the card out
  const [nodes] = readQuery(
    () => adminNodes(),
    () => adminNodes.key,
  );

  return (
    <div class="grid grid-cols-1 gap-8">
      <PageHeader title="Overview" description="Every tenant and relay on the platform." />
      <Show when={platform.state === "ready" && platform()}>{(p) => <MediaStorageNotice media={p().media} />}</Show>
      <Show when={platform.state === "ready" && platform()}>
        {(p) => <BitcoinPriceNotice price={p().bitcoin_price} />}
      </Show>
      <Async
        resource={stats}
        refetch={refetch}
        loading={<Skeletons count={4} class="grid grid-cols-2 gap-4 lg:grid-cols-4" each="h-28 rounded-xl" />}
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load the numbers" />}
      >
        {(s) => (
          <div class="grid grid-cols-2 gap-4 lg:grid-cols-4">
            <For
              each={
                [
                  [
                    "Tenants",
                    s().people.with_relays,
                    `people with relays · ${formatNumber(s().people.signed_in)} signed in · ${formatNumber(
                      s().suspended,
                    )} suspended`,
                    "/admin/tenants",
                  ],
                  ["Relays", s().relays, `${formatNumber(s().active)} active`, "/admin/relays"],
                  ["Setting up", s().pending, "being provisioned", "/admin/relays?status=pending"],
                  ["Not set up", s().failed, "retrying or failed", "/admin/relays?status=provisioning_failed"],
                ] as const
              }
            >
              {([label, value, sub, href]) => (
                <A
                  href={href}
                  class="grid grid-cols-1 gap-1 rounded-xl border bg-card p-5 shadow-xs transition-colors hover:border-foreground/20"
                >
                  <span class="text-sm text-muted-foreground">{label}</span>
                  <span class="text-3xl font-semibold tracking-tight tabular-nums">{formatNumber(value)}</span>
                  <span class="text-xs text-muted-foreground">{sub}</span>
                </A>
              )}
            </For>
          </div>
        )}
      </Async>
      <Show when={nodes.state === "ready" && nodes()}>{(n) => <ZooidNodesCard nodes={n()} />}</Show>
      <IncidentsCard />
      <Card>
        <CardHeader>
          <CardTitle>Needs attention</CardTitle>
          <CardDescription>
            Relays not set up yet. Each says whether Caravel is still retrying it or has stopped (then retry it
            yourself).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Async resource={attention} refetch={refetchAttention}>
            {(p) => (
              <Show
                when={p().items.length > 0}
                fallback={
                  <EmptyState
                    class="py-8"
                    icon={<CircleCheck />}
                    title="All good"
                    description="No relay needs attention."
                  />
                }
              >
                <RelayRows
                  relays={p().items}
                  href={(r) => `/admin/relays/${r.id}`}
                  extra={(r) => r.sync.last_error ?? undefined}
                />
              </Show>
            )}
          </Async>
        </CardContent>
      </Card>
    </div>
  );
}
