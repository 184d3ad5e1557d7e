// "/admin/tenants/:pubkey" — a tenant's status, relays and invoices; suspend (taking every relay out of
// service) or reactivate (bringing back exactly the relays the suspension took down).
import { useWrite } from "~/lib/queries/write";
import { A, useParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { adminTenant, adminTenantInvoices, adminTenantRelays, setTenantStatus } from "~/lib/admin-queries";
import { readQuery } from "~/lib/read-query";
import { formatDate } from "~/lib/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Button, buttonVariants } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { ConfirmAction } from "~/components/ConfirmAction";
import { Async, EmptyState, LoadError, LoadingRows } from "~/components/states";
import { CopyButton } from "~/components/copy";
import { DetailsListCard } from "~/components/DescriptionList";
import { TenantStatusBadge } from "~/components/badges";
import { RelayRows } from "~/components/RelayList";
import { InvoiceTable } from "~/components/InvoiceTable";
import { ArrowLeft, Power, PowerOff, Radio, Receipt } from "~/components/icons";

export default function AdminTenant() {
  const params = useParams();
  const pubkey = () => params.pubkey!;
  const [tenant, refetch] = readQuery(
    () => adminTenant(pubkey()),
    () => adminTenant.keyFor(pubkey()),
  );
  const [relays, refetchRelays] = readQuery(
    () => adminTenantRelays(pubkey()),
    () => adminTenantRelays.keyFor(pubkey()),
  );
  const [invoices, refetchInvoices] = readQuery(
    () => adminTenantInvoices(pubkey()),
    () => adminTenantInvoices.keyFor(pubkey()),
  );
  const changeStatus = useWrite(setTenantStatus);
  const [confirm, setConfirm] = createSignal<"suspend" | "activate" | null>(null);

  const setStatus = async (status: "active" | "suspended") => {
    try {
      await changeStatus(tenant.latest!.pubkey, status);
      toast.success(
        status === "suspended"
          ? "Tenant suspended and all their relays deactivated."
          : "Tenant reactivated; the relays the suspension took down are back.",
      );
    } catch (e) {
      toast.error(`Couldn't update the tenant: ${errorMessage(e)}`);
      throw e;
    }
  };

  return (
    <div class="grid grid-cols-1 gap-6">
      <A
        href="/admin/tenants"
        class={buttonVariants({
          variant: "ghost",
          size: "sm",
          class: "-ml-3 justify-self-start text-muted-foreground",
        })}
      >
        <ArrowLeft /> All tenants
      </A>
      <Async
        resource={tenant}
        refetch={refetch}
        loading={
          <div class="grid grid-cols-1 gap-4">
            <Skeleton class="h-8 w-72" />
            <Skeleton class="h-40 rounded-xl" />
          </div>
        }
        error={(e, retry) => (
          <LoadError
            error={e}
            retry={retry}
            what="tenant"
            notFoundDescription="No tenant has this public key."
            back={{ href: "/admin/tenants", label: "All tenants" }}
          />
        )}
      >
        {(t) => (
          <div class="grid grid-cols-1 gap-6">
            <div class="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
              <div class="grid grid-cols-1 min-w-0 gap-1.5">
                <h1 class="truncate font-mono text-lg font-semibold sm:text-xl" title={t().npub}>
                  {t().npub}
                </h1>
                <div class="flex items-center gap-2">
                  <TenantStatusBadge status={t().status} />
                </div>
              </div>
              <Show
                when={t().status === "active"}
                fallback={
                  <Button onClick={() => setConfirm("activate")} data-testid="activate-tenant">
                    <Power /> Reactivate tenant
                  </Button>
                }
              >
                <Button variant="destructive" onClick={() => setConfirm("suspend")} data-testid="deactivate-tenant">
                  <PowerOff /> Deactivate tenant
                </Button>
              </Show>
            </div>
            <DetailsListCard
              items={[
                [
                  "Public key (hex)",
                  <span class="flex items-center gap-1">
                    <span class="truncate font-mono text-xs">{t().pubkey}</span>
                    <CopyButton text={t().pubkey} label="Copy pubkey" />
                  </span>,
                ],
                ["Relays", String(t().relay_count)],
                ["Joined", formatDate(t().created_at)],
                ["Billing anchor", t().billing_anchor ? formatDate(t().billing_anchor) : "—"],
                ["Autopay", t().autopay ? "On" : "Off"],
                [
                  "Stripe customer",
                  t().stripe_customer_id ? <span class="font-mono text-xs">{t().stripe_customer_id}</span> : "—",
                ],
              ]}
            />
            <ConfirmAction
              picked={[confirm, setConfirm]}
              title={(c) => (c === "suspend" ? "Deactivate this tenant?" : "Reactivate this tenant?")}
              description={(c) =>
                c === "suspend"
                  ? "The tenant is suspended and every one of their relays is deactivated (data is kept). Reactivating the tenant later brings back the relays this took down; those the owner had deactivated stay off."
                  : "The tenant can use Caravel again. The relays the suspension took down come back as they were (in service, or still owing a payment); relays the owner deactivated stay inactive."
              }
              confirmLabel={(c) => (c === "suspend" ? "Deactivate tenant and relays" : "Reactivate")}
              destructive={(c) => c === "suspend"}
              onConfirm={(c) => setStatus(c === "suspend" ? "suspended" : "active")}
            />
            {/* inside the tenant's content: an unknown or failing tenant shows one message, not three */}
            <Card>
              <CardHeader>
                <CardTitle icon={Radio}>Relays</CardTitle>
              </CardHeader>
              <CardContent>
                <Async resource={relays} refetch={refetchRelays} loading={<LoadingRows rows={2} />}>
                  {(p) => (
                    <Show
                      when={p().items.length > 0}
                      fallback={<EmptyState class="py-8" icon={<Radio />} title="No relays" />}
                    >
                      <RelayRows relays={p().items} href={(r) => `/admin/relays/${r.id}`} />
                    </Show>
                  )}
                </Async>
              </CardContent>
            </Card>

            <Card>
              <CardHeader>
                <CardTitle icon={Receipt}>Invoices</CardTitle>
                <CardDescription>Most recent first.</CardDescription>
              </CardHeader>
              <CardContent>
                <Async resource={invoices} refetch={refetchInvoices} loading={<Skeleton class="h-24 w-full" />}>
                  {(p) => (
                    <Show
                      when={p().items.length > 0}
                      fallback={<EmptyState class="py-8" icon={<Receipt />} title="No invoices" />}
                    >
                      <InvoiceTable invoices={p().items} />
                    </Show>
                  )}
                </Async>
              </CardContent>
            </Card>
          </div>
        )}
      </Async>
    </div>
  );
}
