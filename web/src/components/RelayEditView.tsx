// The relay edit form page, for tenants (/relays/:id/edit) and admins (/admin/relays/:id/edit).
import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { api, errorMessage } from "~/lib/api";
import { planName } from "~/lib/format";
import { config as platformConfig, plans as offeredPlans } from "~/lib/queries/public";
import { createQuery, keep, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import type { RelayFormValues } from "~/lib/validation";
import type { Invoice, Plan, PlanId, Quote, Relay, UpdateRelayBody } from "~/lib/types";
import { Button, buttonVariants } from "./ui/button";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { QuoteSummary } from "./QuoteSummary";
import { Skeleton } from "./ui/skeleton";
import { Async, LoadError } from "./states";
import { PageHeader } from "./PageHeader";
import { RelayForm } from "./RelayForm";
import { type AutopayExpectation, InvoiceDialog } from "./InvoiceDialog";
import { ArrowLeft } from "./icons";
import { PlanName } from "./PlanName";

export function FormSkeleton() {
  return (
    <section class="grid grid-cols-1 gap-6" aria-busy="true" aria-label="Loading form">
      {[0, 1, 2].map(() => (
        <div class="grid grid-cols-1 gap-2">
          <Skeleton class="h-4 w-24" />
          <Skeleton class="h-9 w-full" />
        </div>
      ))}
      <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
        {[0, 1, 2].map(() => (
          <Skeleton class="h-56 rounded-xl" />
        ))}
      </div>
    </section>
  );
}

/** The plans the relay may move to now (the API's actions), and the one it is on. */
export function allowedPlans(relay: Relay, plans: Plan[]): Plan[] {
  if (!relay.actions) return plans;
  return plans.filter((p) => p.id === relay.plan || relay.actions!.includes(`plan:${p.id}`));
}

/** A scheduled downgrade or an upgrade waiting for payment, with a way to cancel it. */
export function PlanChangeNotice(props: { relay: Relay; onCancel: () => void; onPay?: () => void }) {
  return (
    <>
      <Show when={props.relay.pending_plan}>
        <div
          class="flex flex-wrap items-center gap-3 rounded-xl border border-brand/30 bg-brand/5 p-3 text-sm"
          data-testid="scheduled-downgrade"
        >
          <span class="flex-1">
            Scheduled: the plan changes from <PlanName id={props.relay.plan} /> to{" "}
            <PlanName id={props.relay.pending_plan!} /> at the next renewal.
          </span>
          <Show when={props.relay.actions?.includes("cancel_plan_change") ?? true}>
            <Button size="sm" variant="outline" onClick={props.onCancel} data-testid="cancel-plan-change">
              Keep <PlanName id={props.relay.plan} />
            </Button>
          </Show>
        </div>
      </Show>
      <Show when={props.relay.upgrade_plan}>
        <div
          class="flex flex-wrap items-center gap-3 rounded-xl border border-warning/40 bg-warning/10 p-3 text-sm"
          data-testid="upgrade-awaiting-payment"
        >
          <span class="flex-1">
            Upgrade to <PlanName id={props.relay.upgrade_plan!} /> waits for its invoice: the relay stays on{" "}
            <PlanName id={props.relay.plan} /> until it is paid.
          </span>
          <Show when={props.onPay}>
            <Button size="sm" onClick={props.onPay} data-testid="pay-upgrade">
              Pay upgrade
            </Button>
          </Show>
          <Button size="sm" variant="outline" onClick={props.onCancel} data-testid="cancel-plan-change">
            Cancel upgrade
          </Button>
        </div>
      </Show>
    </>
  );
}

/** The fields that differ from the relay as it is. */
export function changedFields(relay: Relay, v: RelayFormValues): UpdateRelayBody {
  const body: UpdateRelayBody = {};
  if (v.name !== relay.name) body.name = v.name;
  if (v.subdomain !== relay.subdomain) body.subdomain = v.subdomain;
  if (v.icon !== (relay.icon ?? "")) body.icon = v.icon;
  if (v.description !== (relay.description ?? "")) body.description = v.description;
  if (v.plan && v.plan !== relay.plan) body.plan = v.plan as PlanId;
  return body;
}

export function RelayEditView(props: { id: string; admin?: boolean }) {
  const navigate = useNavigate();
  const base = () => (props.admin ? `/admin/relays/${props.id}` : `/relays/${props.id}`);
  const [data] = createQuery(
    () => props.id,
    (id) =>
      Promise.all([relayQueries.relay(id), platformConfig(), offeredPlans()]).then(([relay, config, plans]) => ({
        relay,
        config,
        plans,
      })),
  );
  const refetch = () => refresh(relayQueries.relay.key(props.id), platformConfig.key, offeredPlans.key);
  const cancelChange = useWrite(relayWrites.cancelPlanChange);
  const updateRelay = useWrite(relayWrites.updateRelay);
  // the plan change's invoice, with what its quote said autopay does with it and the plan it moves to
  const [invoice, setInvoice] = createSignal<Invoice | null>(null);
  const [charge, setCharge] = createSignal<{ autopay: AutopayExpectation; plan: string } | null>(null);
  // a plan change is confirmed after its quote is shown
  const [pending, setPending] = createSignal<{ body: UpdateRelayBody; quote: Quote } | null>(null);

  const apply = async (body: UpdateRelayBody, quote?: Quote) => {
    const d = data.latest!;
    const updated = await updateRelay(d.relay.id, body);
    // the relay page opened next reads the relay as it is now
    keep(relayQueries.relay.keyFor(d.relay.id), updated);
    const autopays = !props.admin && !!updated.upgrade_invoice && quote?.autopay === "pays";
    toast.success(
      autopays ? "Plan change saved. Autopay is paying the upgrade." : "Relay updated. Changes are being applied.",
    );
    // An upgrade is paid before it is served: offer to pay its invoice now (or follow autopay paying it).
    if (!props.admin && updated.upgrade_invoice) {
      try {
        const inv = await api.invoice(updated.upgrade_invoice);
        const plan = planName(body.plan ?? updated.upgrade_plan ?? d.relay.plan, d.plans);
        if (inv.status === "paid") {
          toast.success(`Upgraded to ${plan}. The plan change is being applied to your relay.`);
          navigate(base());
          return;
        }
        setCharge({ autopay: quote?.autopay ?? null, plan });
        setInvoice(inv);
        return;
      } catch {
        /* the account page lists it too */
      }
    }
    if (!props.admin && updated.awaiting_payment_invoice && body.plan) {
      try {
        setCharge(null);
        setInvoice(await api.invoice(updated.awaiting_payment_invoice));
        return;
      } catch {
        /* listed on the account page */
      }
    }
    navigate(base());
  };

  const submit = async (v: RelayFormValues) => {
    const d = data.latest!;
    const body = changedFields(d.relay, v);
    if (Object.keys(body).length === 0) {
      toast.info("Nothing changed.");
      navigate(base());
      return;
    }
    if (body.plan) {
      const quote = await api.relayQuote(d.relay.id, body.plan);
      setPending({ body, quote });
      return;
    }
    await apply(body);
  };

  const cancelPlanChange = async () => {
    const d = data.latest!;
    try {
      await cancelChange(d.relay.id, d.relay.plan);
      toast.success("The plan change is cancelled.");
    } catch (e) {
      toast.error(`Couldn't cancel: ${errorMessage(e)}`);
    }
  };

  return (
    <div class="mx-auto grid grid-cols-1 max-w-4xl gap-8">
      <div class="grid grid-cols-1 gap-4">
        <A
          href={base()}
          class={buttonVariants({
            variant: "ghost",
            size: "sm",
            class: "-ml-3 justify-self-start text-muted-foreground",
          })}
        >
          <ArrowLeft /> Back to relay
        </A>
        <PageHeader
          title={data.state === "ready" ? `Edit ${data().relay.name}` : "Edit relay"}
          description="Update your relay's details and plan."
        />
      </div>
      <Async
        resource={data}
        refetch={refetch}
        loading={<FormSkeleton />}
        error={(e, retry) => (
          <LoadError
            error={e}
            retry={retry}
            what="relay"
            back={{
              href: props.admin ? "/admin/relays" : "/relays",
              label: props.admin ? "All relays" : "Back to relays",
            }}
          />
        )}
      >
        {(d) => (
          <div class="grid grid-cols-1 gap-6">
            <PlanChangeNotice relay={d().relay} onCancel={cancelPlanChange} />
            <RelayForm
              mode="edit"
              config={d().config}
              plans={allowedPlans(d().relay, d().plans)}
              initial={{
                name: d().relay.name,
                subdomain: d().relay.subdomain,
                icon: d().relay.icon ?? "",
                description: d().relay.description ?? "",
                plan: d().relay.plan,
              }}
              checkSubdomain={(s, signal) => api.checkSubdomain(s, signal)}
              onSubmit={submit}
              submitLabel="Save changes"
              cancel={
                <A href={base()} class={buttonVariants({ variant: "outline", size: "lg" })}>
                  Cancel
                </A>
              }
            />
          </div>
        )}
      </Async>
      <ConfirmDialog
        open={!!pending()}
        onOpenChange={(o) => !o && setPending(null)}
        title={
          pending() ? `Change the plan to ${planName(pending()!.quote.plan, data.latest?.plans)}?` : "Change the plan?"
        }
        description={pending() ? <QuoteSummary quote={pending()!.quote} plans={data.latest?.plans} /> : ""}
        confirmLabel={pending()?.quote.charge_now?.amount_due ? "Confirm and pay" : "Confirm"}
        onConfirm={async () => {
          const p = pending()!;
          try {
            await apply(p.body, p.quote);
          } catch (e) {
            toast.error(`Couldn't change the plan: ${errorMessage(e)}`);
            throw e;
          }
        }}
      />
      <InvoiceDialog
        invoice={invoice()}
        open={!!invoice()}
        onOpenChange={(o) => {
          if (!o) {
            setInvoice(null);
            toast.info(
              charge()?.autopay === "pays"
                ? "Autopay keeps paying the upgrade. Your relay's page shows when it is done."
                : "You can pay the upgrade invoice later from your account page.",
            );
            navigate(base());
          }
        }}
        autopay={charge()?.autopay ?? null}
        title={charge()?.autopay === "pays" ? `Upgrading to ${charge()?.plan}` : "Pay for your upgrade"}
        description="The new plan is charged pro rata until your next billing date. It is served once this is paid."
        paidTitle={charge() ? "Upgraded" : undefined}
        paidText={
          charge() ? `Your relay is now on the ${charge()!.plan} plan. The plan change is being applied.` : undefined
        }
        onPaid={() => {
          setInvoice(null);
          navigate(base());
        }}
      />
    </div>
  );
}
