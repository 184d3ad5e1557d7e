// "/relays/new" — create a relay; for a paid plan, pay its first invoice right here.
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage } from "~/lib/api";
import { config as platformConfig, plans as offeredPlans } from "~/lib/queries/public";
import { createQuery, refresh } from "~/lib/queries/read";
import { tenantWrites } from "~/lib/queries/tenant-writes";
import { useWrite } from "~/lib/queries/write";
import type { RelayFormValues } from "~/lib/validation";
import type { Invoice, Plan, PlanId, Quote, Relay } from "~/lib/types";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { QuoteSummary } from "~/components/QuoteSummary";
import { buttonVariants } from "~/components/ui/button";
import { Async } from "~/components/states";
import { PageHeader } from "~/components/PageHeader";
import { RelayForm } from "~/components/RelayForm";
import { type AutopayExpectation, InvoiceDialog } from "~/components/InvoiceDialog";
import { FormSkeleton } from "~/components/RelayEditView";
import { ArrowLeft } from "~/components/icons";

export default function RelayNew() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [data] = createQuery(
    () => true,
    () => Promise.all([platformConfig(), offeredPlans()]).then(([config, plans]) => ({ config, plans })),
  );
  const refetch = () => refresh(platformConfig.key, offeredPlans.key);
  // the relay list and the account's invoices and billing read the new relay next time they are shown
  const createRelay = useWrite(tenantWrites.createRelay);
  // the new relay's first invoice, and what its quote said autopay does with it (pays it, or asks to confirm)
  const [created, setCreated] = createSignal<{ relay: Relay; invoice: Invoice; autopay: AutopayExpectation } | null>(
    null,
  );
  const [open, setOpen] = createSignal(false);

  // ?plan= from the pricing page when it names an offered plan, else the first plan that costs nothing
  const initialPlan = (plans: readonly Plan[]): PlanId | "" => {
    const p = typeof params.plan === "string" ? params.plan : "";
    if (plans.some((x) => x.id === p)) return p;
    return plans.find((x) => x.price === 0)?.id ?? "";
  };
  const isFree = (id: string) => data.latest?.plans.find((p) => p.id === id)?.price === 0;

  // with autopay on, a paid relay may be paid as soon as it is created: the price is shown and confirmed first
  const [confirming, setConfirming] = createSignal<{ values: RelayFormValues; quote: Quote } | null>(null);

  const submit = async (v: RelayFormValues) => {
    if (v.plan && !isFree(v.plan)) {
      const quote = await api.newRelayQuote(v.plan);
      if (quote.autopay === "pays") {
        setConfirming({ values: v, quote });
        return;
      }
      await create(v, quote.autopay);
      return;
    }
    await create(v, null);
  };

  const create = async (v: RelayFormValues, autopay: AutopayExpectation) => {
    const r = await createRelay({
      name: v.name,
      subdomain: v.subdomain,
      icon: v.icon || undefined,
      description: v.description || undefined,
      plan: v.plan as PlanId,
    });
    if (r.invoice && r.invoice.status !== "paid") {
      toast.success(
        autopay === "pays"
          ? `${r.relay.name} is created. Autopay is paying its invoice.`
          : autopay === "needs_confirmation"
            ? `${r.relay.name} is created. Confirm the payment to activate it.`
            : `${r.relay.name} is created. Pay the invoice to activate it.`,
      );
      setCreated({ relay: r.relay, invoice: r.invoice, autopay });
      setOpen(true);
    } else {
      toast.success(`${r.relay.name} is created.`);
      navigate(`/relays/${r.relay.id}`);
    }
  };

  const closeDialog = (o: boolean) => {
    setOpen(o);
    const c = created();
    if (!o && c) {
      toast.info(
        "Your relay will be activated once the invoice is paid. You can pay it from the relay's page or your account.",
      );
      navigate(`/relays/${c.relay.id}`);
    }
  };

  return (
    <div class="mx-auto grid grid-cols-1 max-w-4xl gap-8">
      <div class="grid grid-cols-1 gap-4">
        <A
          href="/relays"
          class={buttonVariants({
            variant: "ghost",
            size: "sm",
            class: "-ml-3 justify-self-start text-muted-foreground",
          })}
        >
          <ArrowLeft /> Relays
        </A>
        <PageHeader
          title="Create a relay"
          description="Give your community a home. You can change everything except the relay's internal id later."
        />
      </div>
      <Async resource={data} refetch={refetch} loading={<FormSkeleton />}>
        {(d) => (
          <RelayForm
            mode="create"
            config={d().config}
            plans={d().plans}
            initial={{ plan: initialPlan(d().plans) }}
            checkSubdomain={(s, signal) => api.checkSubdomain(s, signal)}
            freeQuota={async (plan) => (await api.newRelayQuote(plan as PlanId)).free_relays_left ?? null}
            onSubmit={submit}
            submitLabel="Create relay"
            cancel={
              <A href="/relays" class={buttonVariants({ variant: "outline", size: "lg" })}>
                Cancel
              </A>
            }
          />
        )}
      </Async>
      <ConfirmDialog
        open={!!confirming()}
        onOpenChange={(o) => !o && setConfirming(null)}
        title="Create this relay and pay with autopay?"
        description={confirming() ? <QuoteSummary quote={confirming()!.quote} plans={data.latest?.plans} /> : ""}
        confirmLabel="Create and pay"
        onConfirm={async () => {
          try {
            await create(confirming()!.values, "pays");
          } catch (e) {
            toast.error(`Couldn't create the relay: ${errorMessage(e)}`);
            throw e;
          }
        }}
      />
      <InvoiceDialog
        invoice={created()?.invoice ?? null}
        open={open()}
        onOpenChange={closeDialog}
        autopay={created()?.autopay ?? null}
        title={`Activate ${created()?.relay.name ?? "your relay"}`}
        description={
          created()?.autopay === "needs_confirmation"
            ? "This is over your autopay budget: confirm to pay it from your wallet, or pay it with any Lightning wallet."
            : "Pay this Lightning invoice to activate your relay. Scan the QR code or open it in your wallet."
        }
        onPaid={() => {
          const c = created();
          setCreated(null);
          setOpen(false);
          if (c) navigate(`/relays/${c.relay.id}`);
        }}
      />
    </div>
  );
}
