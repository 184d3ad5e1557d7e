// The relay edit form page, for tenants (/relays/:id/edit) and admins (/admin/relays/:id/edit).
import { A, useNavigate } from "@solidjs/router";
import { createResource, createSignal } from "solid-js";
import { toast } from "solid-sonner";
import { api } from "~/lib/api";
import { getConfig, getPlans } from "~/lib/cache";
import type { RelayFormValues } from "~/lib/validation";
import type { Invoice, Plan, PlanId, Relay, UpdateRelayBody } from "~/lib/types";
import { buttonVariants } from "./ui/button";
import { Skeleton } from "./ui/skeleton";
import { Async, ErrorState, PageHeader } from "./common";
import { RelayForm } from "./RelayForm";
import { InvoiceDialog } from "./InvoiceDialog";
import { ArrowLeft } from "./icons";

export function FormSkeleton() {
  return (
    <div class="grid grid-cols-1 gap-6" aria-busy="true" aria-label="Loading form">
      {[0, 1, 2].map(() => (
        <div class="grid grid-cols-1 gap-2">
          <Skeleton class="h-4 w-24" />
          <Skeleton class="h-9 w-full" />
        </div>
      ))}
      <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
        {[0, 1, 2].map(() => <Skeleton class="h-56 rounded-xl" />)}
      </div>
    </div>
  );
}

function price(plans: Plan[], id: PlanId): number {
  return plans.find((p) => p.id === id)?.price_sats ?? 0;
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
  const [data, { refetch }] = createResource(
    () => props.id,
    async (id) => {
      const [relay, config, plans] = await Promise.all([api.relay(id), getConfig(), getPlans()]);
      return { relay, config, plans };
    },
  );
  const [invoice, setInvoice] = createSignal<Invoice | null>(null);

  const submit = async (v: RelayFormValues) => {
    const d = data.latest!;
    const body = changedFields(d.relay, v);
    if (Object.keys(body).length === 0) {
      toast.info("Nothing changed.");
      navigate(base());
      return;
    }
    const updated = await api.updateRelay(d.relay.id, body);
    toast.success("Relay updated. Changes are being applied.");
    // An upgrade mid-cycle is charged pro rata on its own invoice: offer to pay it now.
    if (!props.admin && body.plan && price(d.plans, body.plan) > price(d.plans, d.relay.plan)) {
      try {
        const invoices = await api.tenantInvoices(updated.tenant, { status: "pending", per_page: 50 });
        const due = invoices.items.find((i) => i.status === "pending" && i.items.some((it) => String(it.relay) === String(updated.id)));
        if (due) {
          setInvoice(due);
          return;
        }
      } catch {
        /* the account page lists it too */
      }
    }
    navigate(base());
  };

  return (
    <div class="mx-auto grid grid-cols-1 max-w-4xl gap-8">
      <div class="grid grid-cols-1 gap-4">
        <A href={base()} class={buttonVariants({ variant: "ghost", size: "sm", class: "-ml-3 justify-self-start text-muted-foreground" })}>
          <ArrowLeft /> Back to relay
        </A>
        <PageHeader title={data.state === "ready" ? `Edit ${data().relay.name}` : "Edit relay"} description="Update your relay's details and plan." />
      </div>
      <Async
        resource={data}
        refetch={refetch}
        loading={<FormSkeleton />}
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load this relay" />}
      >
        {(d) => (
          <RelayForm
            mode="edit"
            config={d().config}
            plans={d().plans}
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
            cancel={<A href={base()} class={buttonVariants({ variant: "outline", size: "lg" })}>Cancel</A>}
          />
        )}
      </Async>
      <InvoiceDialog
        invoice={invoice()}
        open={!!invoice()}
        onOpenChange={(o) => {
          if (!o) {
            setInvoice(null);
            toast.info("You can pay the upgrade invoice later from your account page.");
            navigate(base());
          }
        }}
        title="Pay for your upgrade"
        description="The new plan is charged pro rata until your next billing date."
        onPaid={() => {
          setInvoice(null);
          navigate(base());
        }}
      />
    </div>
  );
}
