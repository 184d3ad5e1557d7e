// "/admin/tenants" — every tenant, searchable by pubkey / npub prefix, filterable by status.
import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { api } from "~/lib/api";
import { formatDate, shortKey } from "~/lib/format";
import { Select } from "~/components/ui/select";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { Async, EmptyState, LoadingRows } from "~/components/states";
import { PageHeader } from "~/components/PageHeader";
import { TenantStatusBadge } from "~/components/badges";
import { Pagination, SearchInput, tenantListQuery, useListFilters } from "~/components/RelayList";
import { Search, Users, X } from "~/components/icons";
import { pubkeySearchTerm } from "~/lib/npub";

const STATUS = [
  { value: "", label: "All statuses" },
  { value: "active", label: "Active" },
  { value: "suspended", label: "Suspended" },
];

export default function AdminTenants() {
  const { filters, update, active } = useListFilters();
  const [tenants, { refetch }] = createResource(
    () => filters(),
    (f) => api.tenants(tenantListQuery(f, pubkeySearchTerm(f.q))),
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
      <Async resource={tenants} refetch={refetch} loading={<LoadingRows rows={5} />}>
        {(page) => (
          <Show
            when={page().items.length > 0}
            fallback={
              <EmptyState
                icon={active() ? <Search /> : <Users />}
                title={active() ? "No tenants match" : "No tenants yet"}
              />
            }
          >
            <Card class="py-0">
              <Table aria-label="Tenants">
                <TableHeader>
                  <TableRow class="hover:bg-transparent">
                    <TableHead>Tenant</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead class="text-right">Relays</TableHead>
                    <TableHead class="hidden sm:table-cell">Autopay</TableHead>
                    <TableHead class="hidden md:table-cell">Joined</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  <For each={page().items}>
                    {(t) => (
                      <TableRow data-testid="tenant-row">
                        <TableCell>
                          <A
                            href={`/admin/tenants/${t.pubkey}`}
                            class="font-mono text-xs font-medium underline-offset-4 hover:underline"
                            title={t.npub}
                          >
                            {shortKey(t.npub, 12, 6)}
                          </A>
                        </TableCell>
                        <TableCell>
                          <TenantStatusBadge status={t.status} />
                        </TableCell>
                        <TableCell class="text-right tabular-nums">{t.relay_count}</TableCell>
                        <TableCell class="hidden text-muted-foreground sm:table-cell">
                          {t.autopay ? "On" : "Off"}
                        </TableCell>
                        <TableCell class="hidden text-muted-foreground md:table-cell">
                          {formatDate(t.created_at)}
                        </TableCell>
                      </TableRow>
                    )}
                  </For>
                </TableBody>
              </Table>
            </Card>
            <Pagination page={page()} onPage={(p) => update({ page: p })} />
          </Show>
        )}
      </Async>
    </div>
  );
}
