// "/account" — account status, how the account pays (Lightning or card), autopay (NWC), the Stripe portal, and every
// invoice (Lightning and card) with pay buttons or Stripe links.
import { createResource, createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage } from "~/lib/api";
import { freshSignature } from "~/lib/auth";
import { getConfig } from "~/lib/cache";
import { session } from "~/lib/session";
import { formatDate, formatSats, renewalPrice, shortKey } from "~/lib/format";
import type { BillingSummary, Invoice } from "~/lib/types";
import { Input } from "~/components/ui/input";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { Async, EmptyState, ErrorState } from "~/components/states";
import { CopyButton } from "~/components/copy";
import { DescriptionList } from "~/components/DescriptionList";
import { PageHeader } from "~/components/PageHeader";
import { TenantStatusBadge } from "~/components/badges";
import { AutopayForm } from "~/components/AutopayForm";
import { InvoiceTable } from "~/components/InvoiceTable";
import { InvoiceDialog } from "~/components/InvoiceDialog";
import { PaymentRail } from "~/components/PaymentRail";
import { Pagination } from "~/components/RelayList";
import { Receipt, TriangleAlert, Wallet } from "~/components/icons";

export default function Account() {
  const pubkey = () => session()?.pubkey ?? "";
  const [tenant, { refetch: refetchTenant, mutate: setTenant }] = createResource(pubkey, (pk) => api.tenant(pk));
  const [config] = createResource(getConfig);
  const [page, setPage] = createSignal(1);
  const [invoices, { refetch: refetchInvoices }] = createResource(
    () => ({ pk: pubkey(), page: page() }),
    (k) => api.tenantInvoices(k.pk, { page: k.page, per_page: 25 }),
  );
  const [billing, { refetch: refetchBilling }] = createResource(pubkey, (pk) => api.tenantBilling(pk));
  // the billing summary speaks of Lightning renewals in sats; a card account's renewals are Stripe's (its invoices below)
  const [card] = createResource(pubkey, (pk) => api.cardAccount(pk).catch(() => null));
  const onCard = () => card.latest?.rail === "card";
  const [paying, setPaying] = createSignal<Invoice | null>(null);

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

  const saveBudget = async (value: number | null) => {
    const current = billing.latest?.autopay.budget ?? 0;
    const body = { autopay_budget: value };
    try {
      // a raise is what a stolen session would try first: it needs a fresh signature
      const raising = value === null || value > current;
      const path = `/tenants/${encodeURIComponent(pubkey())}`;
      const t = raising
        ? await api.updateTenantSigned(pubkey(), body, await freshSignature(path, "PUT", JSON.stringify(body)))
        : await api.updateTenant(pubkey(), body);
      setTenant(t);
      void refetchBilling();
      toast.success(
        value === null
          ? "Autopay budget follows your monthly total."
          : `Autopay budget set to ${formatSats(value)} per cycle.`,
      );
    } catch (e) {
      toast.error(`Couldn't save the budget: ${errorMessage(e)}`);
    }
  };

  return (
    <div class="grid grid-cols-1 gap-8">
      <PageHeader title="Account" description="Your account, billing and invoices." />

      <Async
        resource={tenant}
        refetch={refetchTenant}
        loading={
          <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Skeleton class="h-52 rounded-xl" />
            <Skeleton class="h-52 rounded-xl" />
          </div>
        }
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load your account" />}
      >
        {(t) => (
          <div class="grid grid-cols-1 gap-6">
            <Show when={t().status === "suspended"}>
              <div
                class="flex items-start gap-3 rounded-xl border border-destructive/40 bg-destructive/5 p-4 text-sm"
                role="alert"
              >
                <TriangleAlert class="mt-0.5 size-5 shrink-0 text-destructive" />
                <div>
                  <div class="font-medium">Your account is suspended</div>
                  <div class="text-muted-foreground">
                    An administrator suspended this account: its relays are offline and cannot be reactivated until it
                    is reinstated. Then the relays you had not deactivated come back on their own. You can still pay
                    invoices.
                  </div>
                </div>
              </div>
            </Show>
            <Show when={!onCard() && billing.latest}>
              {(b) => (
                <BillingCard summary={b()} onPay={(id) => api.invoice(id).then(setPaying)} onBudget={saveBudget} />
              )}
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
                      [
                        "Public key",
                        <span class="flex items-center gap-1">
                          <span class="truncate font-mono text-xs" title={t().npub}>
                            {shortKey(t().npub, 12, 6)}
                          </span>
                          <CopyButton text={t().npub} label="Copy npub" toastText="npub copied" />
                        </span>,
                      ],
                      ["Member since", formatDate(t().created_at)],
                      [
                        "Next renewal",
                        <span data-testid="next-renewal">
                          {onCard()
                            ? "Billed by card through Stripe"
                            : billing.latest?.next_renewal.at
                              ? `${formatDate(billing.latest.next_renewal.at)} · ${renewalPrice(billing.latest.next_renewal).text}`
                              : "No paid relays"}
                        </span>,
                      ],
                      ["Autopay", t().autopay ? "On" : "Off"],
                    ]}
                  />
                </CardContent>
              </Card>

              <div class="grid grid-cols-1 content-start gap-6">
                <Card data-testid="autopay">
                  <CardHeader>
                    <CardTitle class="flex items-center gap-2">
                      <Wallet class="size-4 text-muted-foreground" /> Autopay
                    </CardTitle>
                  </CardHeader>
                  <CardContent>
                    <AutopayForm enabled={t().autopay} onSave={saveNwc} />
                  </CardContent>
                </Card>
                <Show when={config.state === "ready" && config().stripe}>
                  <PaymentRail
                    pubkey={pubkey()}
                    onChange={() => {
                      void refetchInvoices();
                      void refetchBilling();
                    }}
                  />
                </Show>
              </div>
            </div>
          </div>
        )}
      </Async>

      <Card data-testid="invoices">
        <CardHeader>
          <CardTitle class="flex items-center gap-2">
            <Receipt class="size-4 text-muted-foreground" /> Invoices
          </CardTitle>
          <CardDescription>Your complete billing history.</CardDescription>
        </CardHeader>
        <CardContent>
          <Async
            resource={invoices}
            refetch={refetchInvoices}
            loading={
              <div class="grid grid-cols-1 gap-2">
                {[0, 1, 2].map(() => (
                  <Skeleton class="h-10 w-full" />
                ))}
              </div>
            }
            error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't load your invoices" />}
          >
            {(p) => (
              <Show
                when={p().items.length > 0}
                fallback={
                  <EmptyState
                    class="py-10"
                    icon={<Receipt />}
                    title="No invoices yet"
                    description="Invoices for paid plans appear here."
                  />
                }
              >
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
          void refetchBilling();
        }}
      />
    </div>
  );
}

/** "$20.00 on Dec 1, 2026 (≈ 20,000 sats today)" */
function renewalText(r: BillingSummary["next_renewal"]): string {
  const p = renewalPrice(r);
  return `${p.figure} on ${formatDate(r.at)}${p.hint ? ` (${p.hint})` : ""}`;
}

/** What the tenant will pay and when, what is overdue, credit, and what autopay will do (GET /tenants/:pk/billing). */
function BillingCard(props: {
  summary: BillingSummary;
  onPay: (invoice: string) => void;
  onBudget: (value: number | null) => Promise<void>;
}) {
  const s = () => props.summary;
  const [budget, setBudget] = createSignal("");
  return (
    <Card data-testid="billing-summary">
      <CardHeader>
        <CardTitle>Billing</CardTitle>
        <CardDescription>What you will pay, and when.</CardDescription>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-4 text-sm">
        <Show when={s().overdue.length > 0}>
          <div
            class="grid gap-2 rounded-xl border border-destructive/40 bg-destructive/5 p-3"
            role="alert"
            data-testid="overdue"
          >
            {s().overdue.map((o) => (
              <div class="flex flex-wrap items-center gap-3">
                <span class="flex-1">
                  {formatSats(o.amount_due)} overdue since {formatDate(o.due_at)}
                  {o.waived
                    ? " (suspension waived by an administrator)"
                    : o.suspends_at * 1000 > Date.now()
                      ? ` — paid relays are suspended on ${formatDate(o.suspends_at)} unless it is paid`
                      : " — paid relays are suspended until it is paid"}
                </span>
                <Button size="sm" onClick={() => props.onPay(String(o.invoice))}>
                  Pay
                </Button>
              </div>
            ))}
          </div>
        </Show>
        <DescriptionList
          items={[
            [
              "Next renewal",
              <span data-testid="billing-next-renewal">
                {s().next_renewal.at ? renewalText(s().next_renewal) : "Nothing to renew"}
              </span>,
            ],
            ["Credit", formatSats(s().credit)],
            ["Autopay", <span data-testid="autopay-next">{s().autopay.next}</span>],
            [
              "Autopay budget",
              <span data-testid="autopay-budget">
                {formatSats(s().autopay.budget)} per cycle{s().autopay.budget_is_default ? " (your monthly total)" : ""}{" "}
                · {formatSats(s().autopay.spent_this_cycle)} used
              </span>,
            ],
          ]}
        />
        <form
          class="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const v = budget().trim();
            if (v === "") return void props.onBudget(null);
            const n = Number(v.replace(/[ ,_]/g, ""));
            if (!Number.isInteger(n) || n < 0) return void toast.error("The budget is a whole number of sats.");
            void props.onBudget(n);
          }}
        >
          <Input
            class="w-48"
            inputMode="numeric"
            placeholder="Budget in sats"
            value={budget()}
            onInput={(e) => setBudget(e.currentTarget.value)}
            aria-label="Autopay budget in sats"
            data-testid="autopay-budget-input"
          />
          <Button type="submit" variant="outline" size="sm" data-testid="autopay-budget-save">
            Set budget
          </Button>
          <span class="text-xs text-muted-foreground">
            Empty: follow your monthly total. Raising it asks for your signature.
          </span>
        </form>
      </CardContent>
    </Card>
  );
}
