// "/account" — what the account pays next (one answer every card renders, kept current after each change the page
// makes and pushed live on /live), account status, autopay (NWC), how the account pays (Lightning or card), the Stripe
// portal, and every invoice (Lightning and card) with pay buttons or Stripe links.
import { useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, on, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage, fillPath } from "~/lib/api";
import { freshSignature } from "~/lib/auth";
import { config as platformConfig } from "~/lib/queries/public";
import { createQuery, refresh } from "~/lib/queries/read";
import { session } from "~/lib/session";
import { createLive } from "~/lib/live";
import { createFirstRead } from "~/lib/first-read";
import { network } from "~/lib/network";
import { formatDate, formatSats, shortKey } from "~/lib/format";
import type { BillingSummary, Invoice } from "~/lib/types";
import { Input } from "~/components/ui/input";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Button } from "~/components/ui/button";
import { Skeleton, Skeletons } from "~/components/ui/skeleton";
import { Async, EmptyState, ErrorState } from "~/components/states";
import { CopyButton } from "~/components/copy";
import { DescriptionList } from "~/components/DescriptionList";
import { PageHeader } from "~/components/PageHeader";
import { TenantStatusBadge } from "~/components/badges";
import { AutopayForm } from "~/components/AutopayForm";
import { ApiTokensCard } from "~/components/ApiTokens";
import { InvoiceTable } from "~/components/InvoiceTable";
import { InvoiceDialog } from "~/components/InvoiceDialog";
import { PaymentRail } from "~/components/PaymentRail";
import { NextPayment } from "~/components/NextPayment";
import { Pagination } from "~/components/RelayList";
import { Receipt, TriangleAlert, Wallet } from "~/components/icons";
import { tenantKey, tenantQueries } from "~/lib/queries/tenant";
import { tenantWrites } from "~/lib/queries/tenant-writes";
import { useWrite } from "~/lib/queries/write";

export default function Account() {
  const pubkey = () => session()?.pubkey ?? "";
  const [tenant, { mutate: setTenant }] = createQuery(pubkey, tenantQueries.tenant);
  const refetchTenant = () => refresh(tenantQueries.tenant.keyFor(pubkey()));
  const [config] = createQuery(
    () => true,
    () => platformConfig(),
  );
  const [page, setPage] = createSignal(1);
  const [invoices] = createQuery(
    () => ({ pk: pubkey(), page: page() }),
    (k) => tenantQueries.invoices(k.pk, { page: k.page, per_page: 25 }),
  );
  const refetchInvoices = () => refresh(tenantKey(tenantQueries.invoices, pubkey()));
  const [billing] = createQuery(pubkey, tenantQueries.billing);
  const refetchBilling = () => refresh(tenantQueries.billing.keyFor(pubkey()));
  // the one summary every card renders: read after each change made here, pushed on the live stream after changes made
  // anywhere else (a webhook, a renewal, another tab); a push heard before the page's first read answered is newer
  // than that answer (lib/first-read.ts: back from Stripe Checkout, its webhook's push can come first)
  const [summary, setSummary] = createSignal<BillingSummary | null>(null);
  const firstRead = createFirstRead();
  // (read only once loaded: reading a failed resource throws, which took the whole page down while offline)
  createEffect(
    on(
      () => (billing.state === "ready" ? billing() : undefined),
      (b) => b && firstRead.answerIsNewer() && setSummary(b),
    ),
  );
  // a summary that could not load (Caravel unreachable) loads again when Caravel answers, like the rest of the page
  createEffect(on(network.reconnects, () => billing.state === "errored" && void refetchBilling(), { defer: true }));
  const live = createLive(() => pubkey() || null);
  createEffect(
    on(live.state, (st) => {
      if (!st?.billing) return;
      firstRead.pushed();
      setSummary(st.billing);
    }),
  );
  // the card pays everything from now on (no switch back to Lightning asked): autopay has nothing to pay
  const cardPays = () => {
    const n = summary()?.next_payment;
    return n?.rail === "card" && !n.rail_switch;
  };
  const [paying, setPaying] = createSignal<Invoice | null>(null);
  // a dunning DM's link (/account?invoice=<id>) opens that invoice's payment dialog; the parameter goes once read,
  // so closing the dialog or reloading does not bring it back
  const [params, setParams] = useSearchParams<{ invoice?: string }>();
  createEffect(
    on(
      () => params.invoice,
      (id) => {
        if (!id) return;
        setParams({ invoice: undefined }, { replace: true });
        api
          .invoice(id)
          .then(setPaying)
          .catch((e) => toast.error(errorMessage(e)));
      },
    ),
  );

  const updateTenant = useWrite(tenantWrites.updateTenant);
  const updateTenantSigned = useWrite(tenantWrites.updateTenantSigned);
  const saveNwc = async (nwc: string | null) => {
    try {
      setTenant(await updateTenant(pubkey(), { nwc_url: nwc }));
      toast.success(nwc ? "Autopay is on. Invoices will be paid from your wallet." : "Autopay is off.");
    } catch (e) {
      toast.error(`Couldn't save: ${errorMessage(e)}`);
      throw e;
    }
  };

  const saveBudget = async (value: number | null) => {
    const current = summary()?.autopay.budget ?? 0;
    const body = { autopay_budget: value };
    try {
      // a raise is what a stolen session would try first: it needs a fresh signature
      const raising = value === null || value > current;
      const path = fillPath("/tenants/{pubkey}", { pubkey: pubkey() });
      const t = raising
        ? await updateTenantSigned(
            pubkey(),
            body,
            await freshSignature(path, "PUT", JSON.stringify(body), {
              title: "Raise your autopay budget?",
              details: [
                { label: "Now", value: `${formatSats(current)} per cycle` },
                {
                  label: "New budget",
                  value: value === null ? "Your monthly total" : `${formatSats(value)} per cycle`,
                },
              ],
              confirmLabel: "Confirm the new budget",
            }),
          )
        : await updateTenant(pubkey(), body);
      setTenant(t);
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
            <Show when={summary()}>
              {(b) => <BillingCard summary={b()} onPay={(id) => api.invoice(id).then(setPaying)} />}
            </Show>
            <ApiTokensCard />
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
                    ]}
                  />
                </CardContent>
              </Card>

              <div class="grid grid-cols-1 content-start gap-6">
                <Card data-testid="autopay">
                  <CardHeader>
                    <CardTitle icon={Wallet}>Autopay</CardTitle>
                  </CardHeader>
                  <CardContent class="grid grid-cols-1 gap-4">
                    {/* the summary is the current word (pushed live: autopay turned on or off in another tab) */}
                    <AutopayForm enabled={summary()?.autopay.enabled ?? t().autopay} onSave={saveNwc} />
                    <Show
                      when={!cardPays()}
                      fallback={
                        <p class="text-sm text-muted-foreground" data-testid="autopay-unused">
                          You pay by card: autopay is not used. It pays Lightning invoices, if you switch back.
                        </p>
                      }
                    >
                      <Show when={summary()?.autopay.enabled && summary()}>
                        {(b) => <AutopayBudget summary={b()} onBudget={saveBudget} />}
                      </Show>
                    </Show>
                  </CardContent>
                </Card>
                <Show when={config.state === "ready" && config().stripe}>
                  <PaymentRail
                    pubkey={pubkey()}
                    next={summary()?.next_payment ?? null}
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
          <CardTitle icon={Receipt}>Invoices</CardTitle>
          <CardDescription>Your complete billing history.</CardDescription>
        </CardHeader>
        <CardContent>
          <Async
            resource={invoices}
            refetch={refetchInvoices}
            loading={<Skeletons count={3} class="grid grid-cols-1 gap-2" each="h-10 w-full" />}
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

/** What the tenant pays next, when and how, and what is overdue (GET /tenants/:pk/billing). */
function BillingCard(props: { summary: BillingSummary; onPay: (invoice: string) => void }) {
  const s = () => props.summary;
  return (
    <Card data-testid="billing-summary">
      <CardHeader>
        <CardTitle>Next payment</CardTitle>
        <CardDescription>What you pay next, when, and how.</CardDescription>
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
        <NextPayment summary={s()} />
      </CardContent>
    </Card>
  );
}

/** Autopay's budget, beside the autopay switch: how much it may spend on new relays and upgrades this cycle. */
function AutopayBudget(props: { summary: BillingSummary; onBudget: (value: number | null) => Promise<void> }) {
  const a = () => props.summary.autopay;
  const [budget, setBudget] = createSignal("");
  return (
    <div class="grid grid-cols-1 gap-3 text-sm">
      <p data-testid="autopay-budget">
        New relays and upgrades are paid automatically up to {formatSats(a().remaining)} more this cycle (budget{" "}
        {formatSats(a().budget)}
        {a().budget_is_default ? ", your monthly total" : ""}; {formatSats(a().spent_this_cycle)} used). Above that you
        confirm each payment.
      </p>
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
    </div>
  );
}
