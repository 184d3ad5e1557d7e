// Status and plan badges: the one place a status gets its label and colour.
import { Badge, type BadgeProps } from "./ui/badge";
import { usePlan } from "./PlanName";
import { network } from "~/lib/network";
import type { InvoiceStatus, RelayStatus, SyncState, TenantStatus } from "~/lib/types";

type Variant = BadgeProps["variant"];

const RELAY_STATUS: Record<RelayStatus, [string, Variant]> = {
  active: ["Active", "success"],
  pending: ["Pending", "warning"],
  provisioning_failed: ["Provisioning failed", "destructive"],
  awaiting_payment: ["Awaiting payment", "warning"],
  suspended: ["Suspended", "destructive"],
  inactive: ["Inactive", "muted"],
};
export const relayStatusOptions = Object.entries(RELAY_STATUS).map(([value, [label]]) => ({ value, label }));

/** While Caravel cannot be reached a status is only the last one it gave: muted and said to be so. */
const lastKnown = (label: string) => (network.online() ? label : `${label} (last known)`);
const TITLE_OFFLINE = "Caravel can't be reached: this is the last status it gave";

export function RelayStatusBadge(props: { status: RelayStatus; class?: string }) {
  const v = () => RELAY_STATUS[props.status] ?? [props.status, "outline"];
  return (
    <Badge
      variant={network.online() ? v()[1] : "muted"}
      dot
      class={props.class}
      title={network.online() ? undefined : TITLE_OFFLINE}
      data-testid="relay-status"
    >
      {lastKnown(v()[0])}
    </Badge>
  );
}

export function TenantStatusBadge(props: { status: TenantStatus }) {
  return (
    <Badge
      variant={!network.online() ? "muted" : props.status === "active" ? "success" : "destructive"}
      dot
      title={network.online() ? undefined : TITLE_OFFLINE}
      data-testid="tenant-status"
    >
      {lastKnown(props.status === "active" ? "Active" : "Suspended")}
    </Badge>
  );
}

const INVOICE_STATUS: Record<InvoiceStatus, [string, Variant]> = {
  pending: ["Unpaid", "warning"],
  paid: ["Paid", "success"],
  expired: ["Expired", "muted"],
  void: ["Void", "muted"],
};
export function InvoiceStatusBadge(props: { status: InvoiceStatus }) {
  const v = () => INVOICE_STATUS[props.status] ?? [props.status, "outline"];
  return (
    <Badge
      variant={network.online() ? v()[1] : "muted"}
      title={network.online() ? undefined : TITLE_OFFLINE}
      data-testid="invoice-status"
    >
      {lastKnown(v()[0])}
    </Badge>
  );
}

const SYNC: Record<SyncState, [string, Variant]> = {
  synced: ["Synced", "success"],
  pending: ["Syncing", "warning"],
  failed: ["Sync failed", "destructive"],
};
export function SyncBadge(props: { state: SyncState }) {
  const v = () => SYNC[props.state] ?? [props.state, "outline"];
  return (
    <Badge
      variant={network.online() ? v()[1] : "muted"}
      title={network.online() ? undefined : TITLE_OFFLINE}
      data-testid="sync-state"
    >
      {lastKnown(v()[0])}
    </Badge>
  );
}

/** A relay's plan: its name once the plan is known (the id until then), muted when the plan costs nothing. */
export function PlanBadge(props: { plan: string }) {
  const plan = usePlan(() => props.plan);
  return (
    <Badge
      variant={plan()?.price === 0 ? "secondary" : "brand"}
      class={plan() ? undefined : "capitalize"}
      data-testid="relay-plan"
    >
      {plan()?.name ?? props.plan}
    </Badge>
  );
}

/** The relay's icon, or its initial on a tinted tile when there is none (or it fails to load). */
