// "/account" — account status, autopay (NWC), Stripe portal, and every invoice with pay buttons.
import { createResource, createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage } from "~/lib/api";
import { getConfig } from "~/lib/cache";
import { session } from "~/lib/session";
import { formatDate, shortKey } from "~/lib/format";
import type { Invoice } from "~/lib/types";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { Async, CopyButton, DescriptionList, EmptyState, ErrorState, PageHeader, TenantStatusBadge } from "~/components/common";
import { AutopayForm } from "~/components/AutopayForm";
import { InvoiceTable } from "~/components/InvoiceTable";
import { InvoiceDialog } from "~/components/InvoiceDialog";
import { Pagination } from "~/components/RelayList";
import { CreditCard, ExternalLink, Receipt, TriangleAlert, Wallet } from "~/components/icons";

export default function Account() {
  const pubkey = () => session()?.pubkey ?? "";
  const [tenant, { refetch: refetchTenant, mutate: setTenant }] = createResource(pubkey, (pk) => api.tenant(pk));
  const [config] = createResource(getConfig);
  const [page, setPage] = createSignal(1);
  const [invoices, { refetch: refetchInvoices }] = createResource(
    () => ({ pk: pubkey(), page: page() }),
    (k) => api.tenantInvoices(k.pk, { page: k.page, per_page: 25 }),
  );
  const [paying, setPaying] = createSignal<Invoice | null>(null);
  const [portalBusy, setPortalBusy] = createSignal(false);

  const saveNwc = async (nwc: string | null) => {
    try {
      const t = await api.updateTenant(pubkey(), { nwc_url: nwc });
      setTenant(t);
      toast.success(nwc ? "Autopay is on. Invoices will be paid from your wallet." : "Autopay is off.");
    } catch (e) {
      toast.error(`Couldn't save: ${errorMessage(e)}`);
      throw e;
    }
  };

  const openPortal = async () => {
    setPortalBusy(true);
    try {
      const { url } = await api.stripeSession(pubkey());
      window.location.assign(url);
    } catch (e) {
      toast.error(`Couldn't open card billing: ${errorMessage(e)}`);
      setPortalBusy(false);
    }
  };

  return (
    <div class="grid grid-cols-1 gap-8">
      <PageHeader title="Account" description="Your account, billing and invoices." />

      <Async
        resource={tenant}
        refetch={refetchTenant}
        loading={<div class="grid grid-cols-1 gap-6 lg:grid-cols-2"><Skeleton class="h-52 rounded-xl" /><Skeleton class="h-52 rounded-xl" /></div>}
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load your account" />}
      >
        {(t) => (
          <div class="grid grid-cols-1 gap-6">
            <Show when={t().status === "suspended"}>
              <div class="flex items-start gap-3 rounded-xl border border-destructive/40 bg-destructive/5 p-4 text-sm" role="alert">
                <TriangleAlert class="mt-0.5 size-5 shrink-0 text-destructive" />
                <div>
                  <div class="font-medium">Your account is suspended</div>
                  <div class="text-muted-foreground">Your relays are offline. Pay the outstanding invoices below to reactivate them.</div>
                </div>
              </div>
            </Show>
            <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <Card data-testid="account-status">
                <CardHeader>
                  <CardTitle>Account</CardTitle>
                  <CardDescription>Your Nostr identity is your account.</CardDescription>
                </CardHeader>
                <CardContent>
                  <DescriptionList
                    items={[
                      ["Status", <TenantStatusBadge status={t().status} />],
                      ["Relays", String(t().relay_count)],
                      ["Public key", (
                        <span class="flex items-center gap-1">
                          <span class="truncate font-mono text-xs" title={t().npub}>{shortKey(t().npub, 12, 6)}</span>
                          <CopyButton text={t().npub} label="Copy npub" toastText="npub copied" />
                        </span>
                      )],
                      ["Member since", formatDate(t().created_at)],
                      ["Next billing date", t().billing_anchor ? formatDate(t().billing_anchor) : "No paid relays"],
                      ["Autopay", t().autopay ? "On" : "Off"],
                    ]}
                  />
                </CardContent>
              </Card>

              <div class="grid grid-cols-1 content-start gap-6">
                <Card data-testid="autopay">
                  <CardHeader>
                    <CardTitle class="flex items-center gap-2"><Wallet class="size-4 text-muted-foreground" /> Autopay</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <AutopayForm enabled={t().autopay} onSave={saveNwc} />
                  </CardContent>
                </Card>
                <Show when={config.state === "ready" && config().stripe}>
                  <Card data-testid="stripe">
                    <CardHeader>
                      <CardTitle class="flex items-center gap-2"><CreditCard class="size-4 text-muted-foreground" /> Card billing</CardTitle>
                      <CardDescription>Prefer paying by card? Manage your card, subscription and receipts with Stripe.</CardDescription>
                    </CardHeader>
                    <CardContent>
                      <Button variant="outline" loading={portalBusy()} onClick={openPortal} data-testid="stripe-portal">
                        <ExternalLink /> Manage card billing
                      </Button>
                    </CardContent>
                  </Card>
                </Show>
              </div>
            </div>
          </div>
        )}
      </Async>

      <Card data-testid="invoices">
        <CardHeader>
          <CardTitle class="flex items-center gap-2"><Receipt class="size-4 text-muted-foreground" /> Invoices</CardTitle>
          <CardDescription>Your complete billing history.</CardDescription>
        </CardHeader>
        <CardContent>
          <Async
            resource={invoices}
            refetch={refetchInvoices}
            loading={<div class="grid grid-cols-1 gap-2">{[0, 1, 2].map(() => <Skeleton class="h-10 w-full" />)}</div>}
            error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't load your invoices" />}
          >
            {(p) => (
              <Show when={p().items.length > 0} fallback={<EmptyState class="py-10" icon={<Receipt />} title="No invoices yet" description="Invoices for paid plans appear here." />}>
                <InvoiceTable invoices={p().items} onPay={setPaying} />
                <Pagination page={p()} onPage={setPage} />
              </Show>
            )}
          </Async>
        </CardContent>
      </Card>

      <InvoiceDialog
        invoice={paying()}
        open={!!paying()}
        onOpenChange={(o) => !o && setPaying(null)}
        onPaid={() => {
          setPaying(null);
          void refetchInvoices();
          void refetchTenant();
        }}
      />
    </div>
  );
}
