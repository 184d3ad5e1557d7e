// "/relays" — the tenant's relays: search, filters, Add Relay, link to the account.
import { A } from "@solidjs/router";
import { createEffect, on, Show } from "solid-js";
import { createLive, type LiveState } from "~/lib/live";
import { createFirstRead } from "~/lib/first-read";
import { isAdmin, session } from "~/lib/session";
import { buttonVariants } from "~/components/ui/button";
import { Async, EmptyState } from "~/components/states";
import { PageHeader } from "~/components/PageHeader";
import { Pagination, RelayFilters, RelayRows, relayListQuery, useListFilters } from "~/components/RelayList";
import { Plus, Radio, Search, Shield, User } from "~/components/icons";
import { PendingTransfers, TeamRelays } from "~/components/TeamRelays";
import { createQuery, refresh } from "~/lib/queries/read";
import { tenantQueries } from "~/lib/queries/tenant";

export default function Relays() {
  const { filters, update, active } = useListFilters();
  const [relays, { mutate }] = createQuery(
    () => ({ pubkey: session()?.pubkey, ...filters() }),
    (f) => tenantQueries.relays(f.pubkey!, relayListQuery(f)),
  );
  const refetch = () => refresh(tenantQueries.relays.key);
  // open reports per relay (kept by Caravel from the relays' kind 1984 events); a failure just hides the counts
  const [reports] = createQuery(
    () => session()?.pubkey,
    (pk) => tenantQueries.openReports(pk).catch(() => ({}) as Record<string, number>),
  );
  const openReports = (id: string | number) => reports.latest?.[String(id)] ?? 0;
  // Status and sync of the listed relays follow the live stream (the list itself is not re-queried).
  const live = createLive(() => session()?.pubkey ?? null);
  // Solid's resource.latest rethrows a failed load: read in this effect, a list that could not load (the backend
  // down) took the whole app, navigation included, to the root error boundary instead of the list's own error.
  const loaded = () => (relays.state === "ready" || relays.state === "refreshing" ? relays.latest : undefined);
  // A push is applied when it arrives, and only then (on): were the list followed too, each later read of it (another
  // page, a write's answer) would have this push's relays shown again over what that read found. The one exception is
  // the list's first read: a push heard before it answered is newer (lib/first-read.ts) and is applied over it.
  const firstRead = createFirstRead();
  let lastPush: LiveState | null = null;
  const applyPush = (s: LiveState, page: NonNullable<ReturnType<typeof loaded>>) => {
    let changed = false;
    const items = page.items.map((r) => {
      const fresh = s.relays.find((x) => String(x.id) === String(r.id));
      if (!fresh || JSON.stringify(fresh) === JSON.stringify(r)) return r;
      changed = true;
      return fresh;
    });
    if (changed) mutate({ ...page, items });
  };
  createEffect(
    on(live.state, (s) => {
      if (!s) return;
      firstRead.pushed();
      lastPush = s;
      const page = loaded();
      if (page) applyPush(s, page);
    }),
  );
  createEffect(
    on(
      () => relays.state === "ready",
      (ready) => {
        const page = loaded();
        if (ready && page && !firstRead.answerIsNewer() && lastPush) applyPush(lastPush, page);
      },
    ),
  );

  return (
    <div class="grid grid-cols-1 gap-6">
      <PageHeader
        title="Relays"
        description="Your community relays."
        actions={
          <>
            <A href="/account" class={buttonVariants({ variant: "outline" })}>
              <User /> Account
            </A>
            <A href="/relays/new" class={buttonVariants()} data-testid="add-relay">
              <Plus /> Add relay
            </A>
          </>
        }
      />
      <PendingTransfers onAccepted={refetch} />
      <TeamRelays />
      <RelayFilters filters={filters()} update={update} active={active()} />
      <Async resource={relays} refetch={refetch}>
        {(page) => (
          <Show
            when={page().items.length > 0}
            fallback={
              <Show
                when={active()}
                fallback={
                  <EmptyState
                    icon={<Radio />}
                    title="No relays yet"
                    description="Create your first relay and invite your community. The free plan is a good place to start."
                    action={
                      <div class="flex flex-wrap justify-center gap-2">
                        <A href="/relays/new" class={buttonVariants()}>
                          <Plus /> Create a relay
                        </A>
                        {/* an admin key usually owns no relay: its work is in the admin area */}
                        <Show when={isAdmin()}>
                          <A href="/admin" class={buttonVariants({ variant: "outline" })} data-testid="admin-pointer">
                            <Shield /> Go to the admin area
                          </A>
                        </Show>
                      </div>
                    }
                  />
                }
              >
                <EmptyState
                  icon={<Search />}
                  title="No relays match"
                  description="Try another search or clear the filters."
                />
              </Show>
            }
          >
            <RelayRows
              relays={page().items}
              href={(r) => `/relays/${r.id}`}
              undo={(back) => {
                const p = relays.latest;
                if (p) mutate({ ...p, items: p.items.map((x) => (x.id === back.id ? back : x)) });
              }}
              extra={(r) =>
                openReports(r.id) > 0 ? (
                  <A
                    href={`/relays/${r.id}/moderation`}
                    class="font-medium text-destructive underline-offset-4 hover:underline"
                    data-testid="open-reports"
                  >
                    {openReports(r.id)} open report{openReports(r.id) === 1 ? "" : "s"}
                  </A>
                ) : undefined
              }
            />
            <Pagination page={page()} onPage={(p) => update({ page: p })} />
          </Show>
        )}
      </Async>
    </div>
  );
}
