// Status and plan badges: the one place a status gets its label and colour.
import { Badge, type BadgeProps } from "./ui/badge";
import { usePlan } from "./PlanName";
import { createEffect, createSignal, onCleanup } from "solid-js";
import { network } from "~/lib/network";
import { relayReachable } from "~/lib/relay-reach";
import { relayStatusLabels, relayStatusWords, retrying, type SyncLike, syncWords, type Tone } from "~/lib/relay-words";
import type { InvoiceStatus, RelayStatus, SyncState, TenantStatus } from "~/lib/types";

type Variant = BadgeProps["variant"];

const TONE: Record<Tone, Variant> = {
  success: "success",
  warning: "warning",
  destructive: "destructive",
  muted: "muted",
};
export const relayStatusOptions = Object.entries(relayStatusLabels).map(([value, label]) => ({ value, label }));

/** While Caravel cannot be reached a status is only the last one it gave: muted and said to be so. */
const lastKnown = (label: string) => (network.online() ? label : `${label} (last known)`);
const TITLE_OFFLINE = "Caravel can't be reached: this is the last status it gave";

/** The time now, ticking every second while {@code active} (a retry's "next in 40 s" counts down). */
function useTicker(active: () => boolean) {
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    if (!active()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    onCleanup(() => clearInterval(timer));
  });
  return now;
}

/**
 * A relay's status in words ({@link relayStatusWords}): given the relay, what is happening (retrying, cannot be reached
 * now), else the stored status alone. detailed: the retry's attempt and time in the badge too (else in its title).
 */
export function RelayStatusBadge(props: {
  status: RelayStatus;
  relay?: {
    id: string;
    status: RelayStatus;
    sync?: SyncLike;
    deletion?: { undo_until: number; purged_at: number | null } | null;
  };
  detailed?: boolean;
  class?: string;
}) {
  const now = useTicker(() => !!props.relay?.sync && retrying(props.relay.sync));
  const words = () =>
    relayStatusWords(props.relay ?? { status: props.status }, {
      reachable: props.relay && network.online() ? relayReachable(props.relay.id) : undefined,
      nowMs: now(),
    });
  const text = () => {
    const w = words();
    return props.detailed && w.detail ? `${w.label} (${w.detail})` : w.label;
  };
  return (
    <Badge
      variant={network.online() ? TONE[words().tone] : "muted"}
      dot
      class={props.class}
      title={network.online() ? (words().detail ?? words().hint) : TITLE_OFFLINE}
      data-testid="relay-status"
    >
      {lastKnown(text())}
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

/** The sync state in words ({@link syncWords}): retrying with its attempt, failed only when final. */
export function SyncBadge(props: { state: SyncState; sync?: SyncLike; reachable?: boolean }) {
  const now = useTicker(() => !!props.sync && retrying(props.sync));
  const words = () =>
    syncWords(props.sync ?? { state: props.state, retry: undefined }, {
      reachable: network.online() ? props.reachable : undefined,
      nowMs: now(),
    });
  const text = () => (words().detail ? `${words().label} (${words().detail})` : words().label);
  return (
    <Badge
      variant={network.online() ? TONE[words().tone] : "muted"}
      title={network.online() ? undefined : TITLE_OFFLINE}
      data-testid="sync-state"
    >
      {lastKnown(text())}
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
