// Shared building blocks: page header, loading / empty / error states, copy button, status badges.
import { createSignal, Match, Show, Switch, untrack, type Accessor, type JSX, type Resource } from "solid-js";
import { toast } from "solid-sonner";
import { Button } from "./ui/button";
import { Badge, type BadgeProps } from "./ui/badge";
import { Skeleton } from "./ui/skeleton";
import { Check, Copy, Inbox, RefreshCw, TriangleAlert } from "./icons";
import { errorMessage } from "~/lib/api";
import { cn } from "~/lib/utils";
import type { InvoiceStatus, RelayStatus, SyncState, TenantStatus } from "~/lib/types";

export function PageHeader(props: {
  title: JSX.Element;
  description?: JSX.Element;
  actions?: JSX.Element;
  class?: string;
}) {
  return (
    <div class={cn("flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between", props.class)}>
      <div class="grid grid-cols-1 min-w-0 gap-1">
        <h1 class="truncate text-2xl font-semibold tracking-tight">{props.title}</h1>
        <Show when={props.description}>
          <p class="text-sm text-muted-foreground">{props.description}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="flex shrink-0 flex-wrap items-center gap-2">{props.actions}</div>
      </Show>
    </div>
  );
}

export function EmptyState(props: {
  icon?: JSX.Element;
  title: string;
  description?: JSX.Element;
  action?: JSX.Element;
  class?: string;
}) {
  return (
    <div
      role="status"
      class={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border border-dashed px-6 py-14 text-center",
        props.class,
      )}
    >
      <div class="flex size-11 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg]:size-5">
        {props.icon ?? <Inbox />}
      </div>
      <div class="grid grid-cols-1 gap-1">
        <p class="font-medium">{props.title}</p>
        <Show when={props.description}>
          <p class="max-w-sm text-sm text-muted-foreground">{props.description}</p>
        </Show>
      </div>
      <Show when={props.action}>
        <div class="mt-2">{props.action}</div>
      </Show>
    </div>
  );
}

export function ErrorState(props: {
  error: unknown;
  retry?: () => void;
  title?: string;
  class?: string;
  compact?: boolean;
  tone?: "error" | "warning";
}) {
  return (
    <div
      role="alert"
      class={cn(
        "flex flex-col items-center justify-center gap-3 rounded-xl border px-6 text-center",
        props.tone === "warning" ? "border-warning/40 bg-warning/5" : "border-destructive/30 bg-destructive/5",
        props.compact ? "py-6" : "py-12",
        props.class,
      )}
    >
      <TriangleAlert class={cn("size-6", props.tone === "warning" ? "text-warning" : "text-destructive")} />
      <div class="grid grid-cols-1 gap-1">
        <p class="font-medium">{props.title ?? "Something went wrong"}</p>
        <p class="max-w-md text-sm text-muted-foreground">{errorMessage(props.error)}</p>
      </div>
      <Show when={props.retry}>
        <Button variant="outline" size="sm" onClick={() => props.retry?.()}>
          <RefreshCw /> Try again
        </Button>
      </Show>
    </div>
  );
}

export function LoadingRows(props: { rows?: number; class?: string }) {
  return (
    <section class={cn("grid gap-3", props.class)} aria-busy="true" aria-label="Loading">
      {Array.from({ length: props.rows ?? 3 }).map(() => (
        <div class="flex items-center gap-4 rounded-xl border p-4">
          <Skeleton class="size-10 rounded-lg" />
          <div class="grid grid-cols-1 flex-1 gap-2">
            <Skeleton class="h-4 w-1/3" />
            <Skeleton class="h-3 w-1/2" />
          </div>
          <Skeleton class="hidden h-6 w-16 sm:block" />
        </div>
      ))}
    </section>
  );
}

/** Renders a resource's loading, error and ready states without Suspense. */
export function Async<T>(props: {
  resource: Resource<T>;
  refetch?: () => void;
  loading?: JSX.Element;
  error?: (error: unknown, retry: () => void) => JSX.Element;
  /** Gets an accessor, so that a refetch updates the content in place instead of re-rendering it. */
  children: (value: Accessor<T>) => JSX.Element;
}) {
  const retry = () => props.refetch?.();
  return (
    <Switch>
      <Match when={props.resource.state === "errored"}>
        {props.error ? (
          props.error(props.resource.error, retry)
        ) : (
          <ErrorState error={props.resource.error} retry={props.refetch ? retry : undefined} />
        )}
      </Match>
      <Match when={props.resource.state === "pending" || props.resource.state === "unresolved"}>
        {props.loading ?? <LoadingRows />}
      </Match>
      <Match when={props.resource.state === "ready" || props.resource.state === "refreshing"}>
        {untrack(() => props.children(() => props.resource.latest as T))}
      </Match>
    </Switch>
  );
}

export async function copyText(text: string, what = "Copied to clipboard"): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    toast.success(what);
    return true;
  } catch {
    // Fallback for browsers without clipboard permission.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand?.("copy") ?? false;
    ta.remove();
    if (ok) toast.success(what);
    else toast.error("Couldn't copy. Select the text and copy it by hand.");
    return ok;
  }
}

export function CopyButton(props: {
  text: string;
  label?: string;
  toastText?: string;
  class?: string;
  variant?: "outline" | "ghost" | "secondary";
  size?: "icon" | "icon-sm" | "sm";
}) {
  const [done, setDone] = createSignal(false);
  const click = async () => {
    if (await copyText(props.text, props.toastText)) {
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    }
  };
  return (
    <Button
      type="button"
      variant={props.variant ?? "ghost"}
      size={props.size ?? "icon-sm"}
      class={props.class}
      onClick={click}
      aria-label={props.label ?? "Copy"}
      title={props.label ?? "Copy"}
    >
      <Show when={done()} fallback={<Copy />}>
        <Check />
      </Show>
      <Show when={props.size === "sm"}>{props.label ?? "Copy"}</Show>
    </Button>
  );
}

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

export function RelayStatusBadge(props: { status: RelayStatus; class?: string }) {
  const v = () => RELAY_STATUS[props.status] ?? [props.status, "outline"];
  return (
    <Badge variant={v()[1]} dot class={props.class} data-testid="relay-status">
      {v()[0]}
    </Badge>
  );
}

export function TenantStatusBadge(props: { status: TenantStatus }) {
  return (
    <Badge variant={props.status === "active" ? "success" : "destructive"} dot data-testid="tenant-status">
      {props.status === "active" ? "Active" : "Suspended"}
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
    <Badge variant={v()[1]} data-testid="invoice-status">
      {v()[0]}
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
    <Badge variant={v()[1]} data-testid="sync-state">
      {v()[0]}
    </Badge>
  );
}

export function PlanBadge(props: { plan: string }) {
  return (
    <Badge variant={props.plan === "free" ? "secondary" : "brand"} class="capitalize" data-testid="relay-plan">
      {props.plan}
    </Badge>
  );
}

/** The relay's icon, or its initial on a tinted tile when there is none (or it fails to load). */
export function RelayAvatar(props: { name: string; icon?: string | null; class?: string }) {
  const [failed, setFailed] = createSignal(false);
  const initial = () => (props.name.trim()[0] ?? "?").toUpperCase();
  return (
    <div
      class={cn(
        "flex size-10 shrink-0 items-center justify-center overflow-hidden rounded-lg border bg-gradient-to-br from-brand/15 to-brand/5 text-sm font-semibold text-brand",
        props.class,
      )}
      aria-hidden="true"
    >
      <Show when={props.icon && !failed()} fallback={initial()}>
        <img
          src={props.icon!}
          alt=""
          class="size-full object-cover"
          onError={() => setFailed(true)}
          referrerpolicy="no-referrer"
        />
      </Show>
    </div>
  );
}

export function DescriptionList(props: { items: [JSX.Element, JSX.Element][]; class?: string }) {
  return (
    <dl class={cn("grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2", props.class)}>
      {props.items.map(([k, v]) => (
        <div class="grid grid-cols-1 min-w-0 gap-1">
          <dt class="text-xs font-medium uppercase tracking-wide text-muted-foreground">{k}</dt>
          <dd class="min-w-0 text-sm break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
