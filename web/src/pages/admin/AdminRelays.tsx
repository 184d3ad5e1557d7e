// "/admin/relays" — every relay: search, filters, link to the tenant, edit / deactivate. Previous and Next page by
// cursor (the URL keeps it beside the page number), so a page deep in the list loads as fast as the first.
import { publicHost } from "~/lib/domains";
import { useWrite } from "~/lib/queries/write";
import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { adminOpenReports, adminRelays, setRelayActive } from "~/lib/admin-queries";
import { readQuery } from "~/lib/read-query";
import { shortKey, timeAgo } from "~/lib/format";
import { toNpub } from "~/lib/npub";
import { shownPage, withCursor } from "~/lib/paging";
import type { Relay } from "~/lib/types";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { ConfirmAction } from "~/components/ConfirmAction";
import { buttonVariants } from "~/components/ui/button";
import { EmptyState } from "~/components/states";
import { PagedTable } from "~/components/PagedTable";
import { PageHeader } from "~/components/PageHeader";
import { PlanBadge, RelayStatusBadge } from "~/components/badges";
import { RelayAvatar } from "~/components/RelayAvatar";
import { RelayFilters, relayListQuery, useListFilters } from "~/components/RelayList";
import { Eye, MoreHorizontal, Pencil, Power, PowerOff, Radio, Search, ShieldAlert } from "~/components/icons";

export default function AdminRelays() {
  const navigate = useNavigate();
  const { filters, update, active } = useListFilters();
  // open reports per relay, kept by Caravel; a failure only hides the counts
  const [reports] = readQuery(
    () => adminOpenReports(),
    () => adminOpenReports.key,
  );
  const openReports = (id: string | number) => reports.latest?.[String(id)] ?? 0;
  const listQuery = () => withCursor(relayListQuery(filters()), filters());
  const [relays, refetch] = readQuery(
    () => adminRelays(listQuery()),
    () => adminRelays.keyFor(listQuery()),
  );
  const setActive = useWrite(setRelayActive);
  const [target, setTarget] = createSignal<{ relay: Relay; action: "deactivate" | "reactivate" } | null>(null);

  const act = async (t: { relay: Relay; action: "deactivate" | "reactivate" }) => {
    try {
      await setActive(String(t.relay.id), t.action === "reactivate");
      toast.success(t.action === "deactivate" ? `${t.relay.name} deactivated.` : `${t.relay.name} reactivated.`);
    } catch (e) {
      toast.error(`Couldn't ${t.action} ${t.relay.name}: ${errorMessage(e)}`);
      throw e;
    }
  };

  return (
    <div class="grid grid-cols-1 gap-6">
      <PageHeader title="Relays" description="Every relay on the platform." />
      <RelayFilters filters={filters()} update={update} active={active()} />
      <PagedTable
        resource={relays}
        refetch={refetch}
        label="Relays"
        rowTestId="relay-row"
        onPage={(p) => update({ page: p })}
        onStep={(s) => update(s)}
        number={shownPage(filters())}
        empty={
          <EmptyState icon={active() ? <Search /> : <Radio />} title={active() ? "No relays match" : "No relays yet"} />
        }
        columns={[
          {
            header: "Relay",
            cellClass: "max-w-0 w-full sm:max-w-none sm:w-auto",
            cell: (r) => (
              <div class="flex min-w-0 items-center gap-3">
                <RelayAvatar name={r.name} icon={r.icon} class="size-8 rounded-md text-xs" />
                <div class="grid grid-cols-1 min-w-0">
                  <A
                    href={`/admin/relays/${r.id}`}
                    class="truncate font-medium underline-offset-4 hover:underline"
                    data-testid="relay-link"
                  >
                    {r.name}
                  </A>
                  <span class="truncate font-mono text-xs text-muted-foreground">{publicHost(r)}</span>
                  <Show when={openReports(r.id) > 0}>
                    <A
                      href={`/admin/relays/${r.id}/moderation`}
                      class="text-xs font-medium text-destructive underline-offset-4 hover:underline"
                      data-testid="open-reports"
                    >
                      {openReports(r.id)} open report{openReports(r.id) === 1 ? "" : "s"}
                    </A>
                  </Show>
                  <A
                    href={`/admin/tenants/${r.tenant}`}
                    class="truncate font-mono text-xs text-muted-foreground underline-offset-4 hover:underline md:hidden"
                  >
                    {shortKey(toNpub(r.tenant), 10, 4)}
                  </A>
                </div>
              </div>
            ),
          },
          {
            header: "Tenant",
            headClass: "hidden md:table-cell",
            cellClass: "hidden md:table-cell",
            cell: (r) => (
              <A
                href={`/admin/tenants/${r.tenant}`}
                class="font-mono text-xs underline-offset-4 hover:underline"
                data-testid="tenant-link"
              >
                {shortKey(toNpub(r.tenant), 10, 4)}
              </A>
            ),
          },
          {
            header: "Plan",
            headClass: "hidden sm:table-cell",
            cellClass: "hidden sm:table-cell",
            cell: (r) => <PlanBadge plan={r.plan} />,
          },
          { header: "Status", cell: (r) => <RelayStatusBadge status={r.status} relay={r} /> },
          {
            header: "Created",
            headClass: "hidden lg:table-cell",
            cellClass: "hidden text-muted-foreground lg:table-cell",
            cell: (r) => timeAgo(r.created_at),
          },
          {
            header: <span class="sr-only">Actions</span>,
            headClass: "w-10",
            cell: (r) => (
              <DropdownMenu placement="bottom-end">
                <DropdownMenuTrigger
                  class={buttonVariants({ variant: "ghost", size: "icon-sm" })}
                  aria-label={`Actions for ${r.name}`}
                >
                  <MoreHorizontal />
                </DropdownMenuTrigger>
                <DropdownMenuContent>
                  <DropdownMenuItem onSelect={() => navigate(`/admin/relays/${r.id}`)}>
                    <Eye /> View
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => navigate(`/admin/relays/${r.id}/edit`)}>
                    <Pencil /> Edit
                  </DropdownMenuItem>
                  <DropdownMenuItem onSelect={() => navigate(`/admin/relays/${r.id}/moderation`)}>
                    <ShieldAlert /> Moderation
                  </DropdownMenuItem>
                  <DropdownMenuSeparator />
                  <Show
                    when={r.status === "inactive"}
                    fallback={
                      <DropdownMenuItem destructive onSelect={() => setTarget({ relay: r, action: "deactivate" })}>
                        <PowerOff /> Deactivate
                      </DropdownMenuItem>
                    }
                  >
                    <DropdownMenuItem onSelect={() => setTarget({ relay: r, action: "reactivate" })}>
                      <Power /> Reactivate
                    </DropdownMenuItem>
                  </Show>
                </DropdownMenuContent>
              </DropdownMenu>
            ),
          },
        ]}
      />
      <ConfirmAction
        picked={[target, setTarget]}
        title={(t) => (t.action === "deactivate" ? `Deactivate ${t.relay.name}?` : `Reactivate ${t.relay.name}?`)}
        description={(t) =>
          t.action === "deactivate"
            ? "The relay goes offline. Its data is kept."
            : "The relay comes back online (if its plan is paid)."
        }
        confirmLabel={(t) => (t.action === "deactivate" ? "Deactivate" : "Reactivate")}
        destructive={(t) => t.action === "deactivate"}
        onConfirm={act}
      />
    </div>
  );
}
