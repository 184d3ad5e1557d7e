// "/admin/tenants" — every tenant, searchable by pubkey / npub prefix, filterable by status; Previous and Next page
// by cursor, like the relay list.
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { adminTenants } from "~/lib/admin-queries";
import { readQuery } from "~/lib/read-query";
import { formatDate, shortKey } from "~/lib/format";
import { Select } from "~/components/ui/select";
import { Button } from "~/components/ui/button";
import { EmptyState } from "~/components/states";
import { PagedTable } from "~/components/PagedTable";
import { shownPage, withCursor } from "~/lib/paging";
import { PageHeader } from "~/components/PageHeader";
import { TenantStatusBadge } from "~/components/badges";
import { SearchInput, tenantListQuery, useListFilters } from "~/components/RelayList";
import { Search, Users, X } from "~/components/icons";
import { pubkeySearchTerm, searchTermError } from "~/lib/npub";

const STATUS = [
  { value: "", label: "All statuses" },
  { value: "active", label: "Active" },
  { value: "suspended", label: "Suspended" },
];

export default function AdminTenants() {
  const { filters, update, active } = useListFilters();
  const listQuery = () => withCursor(tenantListQuery(filters(), pubkeySearchTerm(filters().q)), filters());
  const [tenants, refetch] = readQuery(
    () => adminTenants(listQuery()),
    () => adminTenants.keyFor(listQuery()),
  );
  return (
    <div class="grid grid-cols-1 gap-6">
      <PageHeader title="Tenants" description="Everyone who signed up." />
      <div class="flex flex-col gap-2 sm:flex-row sm:items-center">
        <SearchInput
          value={filters().q}
          onSearch={(q) => update({ q })}
          placeholder="Search by npub or pubkey"
          label="Search tenants"
          problem={searchTermError}
        />
        <Select
          label="Filter by status"
          options={STATUS}
          value={filters().status}
          onChange={(status) => update({ status })}
          triggerClass="sm:w-44"
          testId="filter-status"
        />
        <Show when={active()}>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => update({ q: "", status: "" })}
            class="self-start sm:self-auto"
          >
            <X /> Clear
          </Button>
        </Show>
      </div>
      <PagedTable
        resource={tenants}
        refetch={refetch}
        label="Tenants"
        rowTestId="tenant-row"
        onPage={(p) => update({ page: p })}
        onStep={(s) => update(s)}
        number={shownPage(filters())}
        empty={
          <EmptyState
            icon={active() ? <Search /> : <Users />}
            title={active() ? "No tenants match" : "No tenants yet"}
          />
        }
        columns={[
          {
            header: "Tenant",
            cell: (t) => (
              <A
                href={`/admin/tenants/${t.pubkey}`}
                class="font-mono text-xs font-medium underline-offset-4 hover:underline"
                title={t.npub}
              >
                {shortKey(t.npub, 12, 6)}
              </A>
            ),
          },
          { header: "Status", cell: (t) => <TenantStatusBadge status={t.status} /> },
          {
            header: "Relays",
            headClass: "text-right",
            cellClass: "text-right tabular-nums",
            cell: (t) => t.relay_count,
          },
          {
            header: "Autopay",
            headClass: "hidden sm:table-cell",
            cellClass: "hidden text-muted-foreground sm:table-cell",
            cell: (t) => (t.autopay ? "On" : "Off"),
          },
          {
            header: "Joined",
            headClass: "hidden md:table-cell",
            cellClass: "hidden text-muted-foreground md:table-cell",
            cell: (t) => formatDate(t.created_at),
          },
        ]}
      />
    </div>
  );
}
