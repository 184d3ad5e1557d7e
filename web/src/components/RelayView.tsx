// A relay's dashboard page, for tenants (/relays/:id) and admins (/admin/relays/:id):
// info, address, plan, status, sync state, members, activity; edit, deactivate / reactivate.
import { A } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Match, onCleanup, Show, Switch, type JSX } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, api, errorMessage } from "~/lib/api";
import { createLive } from "~/lib/live";
import { formatDateTime, formatSats, planLabel, shortKey, timeAgo } from "~/lib/format";
import { toNpub } from "~/lib/npub";
import type { Activity, Invoice, Relay } from "~/lib/types";
import { Button, buttonVariants } from "./ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Skeleton } from "./ui/skeleton";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { Async, EmptyState, ErrorState } from "./states";
import { CopyButton } from "./copy";
import { DescriptionList } from "./DescriptionList";
import { PlanBadge, RelayStatusBadge, SyncBadge } from "./badges";
import { RelayAvatar } from "./RelayAvatar";
import { InvoiceDialog } from "./InvoiceDialog";
import { InviteCard } from "./community/InviteCard";
import { MembersCard } from "./community/MembersCard";
import { PlanChangeNotice } from "./RelayEditView";
import {
  Activity as ActivityIcon,
  ArrowLeft,
  CreditCard,
  Info,
  Pencil,
  Power,
  PowerOff,
  RefreshCw,
  ShieldAlert,
  TriangleAlert,
  Zap,
} from "./icons";
import { cn } from "~/lib/utils";

function StatusBanner(props: { relay: Relay; invoice: Invoice | null; onPay: () => void; admin?: boolean }) {
  const tone = (kind: "info" | "warn" | "error") =>
    cn(
      "flex flex-col gap-3 rounded-xl border p-4 text-sm sm:flex-row sm:items-center [&>svg]:hidden sm:[&>svg]:block",
      kind === "info" && "border-brand/30 bg-brand/5",
      kind === "warn" && "border-warning/40 bg-warning/10",
      kind === "error" && "border-destructive/40 bg-destructive/5",
    );
  return (
    <Switch>
      <Match
        when={
          props.invoice && !props.admin && (props.relay.actions?.includes("pay") ?? true) && !props.relay.upgrade_plan
        }
      >
        <div
          class={tone(props.relay.status === "suspended" || props.relay.hold === "suspended" ? "error" : "warn")}
          role="status"
          data-testid="payment-due"
        >
          <Zap class="size-5 shrink-0 text-warning" />
          <div class="flex-1">
            <div class="font-medium">
              Payment due: {formatSats(props.invoice!.amount - (props.invoice!.credit_applied ?? 0))}
            </div>
            <div class="text-muted-foreground">
              {props.relay.status === "suspended" || props.relay.hold === "suspended"
                ? "This relay is suspended because an invoice is unpaid. Paying it brings the relay back at once."
                : "Pay the invoice to activate this relay."}
            </div>
          </div>
          <Button onClick={props.onPay} data-testid="pay-relay-invoice">
            <Zap /> Pay invoice
          </Button>
        </div>
      </Match>
      <Match when={props.relay.status === "awaiting_payment" && !props.relay.awaiting_payment_invoice && !props.admin}>
        <div class={tone("warn")} role="status" data-testid="card-payment-due">
          <CreditCard class="size-5 shrink-0 text-warning" />
          <div class="flex-1">
            <div class="font-medium">Waiting for your card payment</div>
            <div class="text-muted-foreground">
              This relay is paid by card. It starts as soon as Stripe confirms the payment.
            </div>
          </div>
          <A href="/account" class={buttonVariants({ variant: "outline" })} data-testid="pay-relay-card">
            Pay by card
          </A>
        </div>
      </Match>
      <Match when={props.relay.status === "pending"}>
        <div class={tone("info")} role="status">
          <RefreshCw class="size-5 shrink-0 animate-spin text-brand [animation-duration:2.5s]" />
          <div class="flex-1">
            <div class="font-medium">Setting up your relay…</div>
            <div class="text-muted-foreground">This usually takes a few seconds. This page updates by itself.</div>
          </div>
        </div>
      </Match>
      <Match when={props.relay.status === "provisioning_failed"}>
        <div class={tone("error")} role="alert">
          <TriangleAlert class="size-5 shrink-0 text-destructive" />
          <div class="flex-1">
            <div class="font-medium">We couldn't set up this relay yet</div>
            <div class="text-muted-foreground">
              {props.relay.sync.last_error ?? "The relay server did not accept the configuration."} We'll keep retrying
              automatically.
            </div>
          </div>
        </div>
      </Match>
      <Match when={props.relay.status === "suspended"}>
        <div class={tone("error")} role="status">
          <TriangleAlert class="size-5 shrink-0 text-destructive" />
          <div class="flex-1">
            <div class="font-medium">Suspended</div>
            <div class="text-muted-foreground">
              This relay is offline because an invoice is unpaid. Paying it reactivates the relay at once.
            </div>
          </div>
          <Show when={!props.admin}>
            <A href="/account" class={buttonVariants({ variant: "outline" })}>
              View invoices
            </A>
          </Show>
        </div>
      </Match>
      <Match when={props.relay.status === "inactive"}>
        <div class={tone("info")} role="status">
          <Info class="size-5 shrink-0 text-brand" />
          <div class="flex-1">
            <div class="font-medium">Deactivated</div>
            <div class="text-muted-foreground">
              {props.relay.hold === "suspended"
                ? "This relay is offline and suspended for an unpaid invoice: pay it before reactivating."
                : props.relay.hold === "awaiting_payment"
                  ? "This relay is offline and waits for its first invoice to be paid."
                  : "This relay is offline. Its data is kept, and you can reactivate it at any time."}
            </div>
          </div>
        </div>
      </Match>
    </Switch>
  );
}

/** Whether the relay answers its NIP-11 document from its own host, checked when the page opens. */
function HealthBadge(props: { relay: Relay }) {
  const provisioned = () => props.relay.sync.synced_at != null;
  const [health, { refetch }] = createResource(
    () => (provisioned() ? `${props.relay.id}:${props.relay.status}` : null),
    () => api.relayHealth(props.relay.id),
  );
  return (
    <div class="flex items-center gap-2 text-sm" data-testid="relay-health">
      <Switch fallback={<span class="text-muted-foreground">Health: not provisioned yet</span>}>
        <Match when={health.loading}>
          <span class="text-muted-foreground">Checking health…</span>
        </Match>
        <Match when={health.error}>
          <span class="text-muted-foreground">Health: couldn't check</span>
        </Match>
        <Match when={health()}>
          {(h) => (
            <span
              class={cn(
                "inline-flex items-center gap-1.5",
                h().reachable ? "text-emerald-600 dark:text-emerald-400" : "text-destructive",
              )}
            >
              <span
                class={cn("size-2 rounded-full", h().reachable ? "bg-emerald-500" : "bg-destructive")}
                aria-hidden="true"
              />
              {h().reachable ? `Reachable (${h().latency_ms} ms)` : `Not reachable: ${h().error}`}
            </span>
          )}
        </Match>
      </Switch>
      <Show when={provisioned()}>
        <Button
          variant="ghost"
          size="icon-sm"
          onClick={refetch}
          aria-label="Check health again"
          disabled={health.loading}
        >
          <RefreshCw class={cn(health.loading && "animate-spin")} />
        </Button>
      </Show>
    </div>
  );
}

function ActivityCard(props: { relay: Relay; version: number }) {
  const [activity, { refetch }] = createResource(
    () => `${props.relay.id}\u0000${props.version}`,
    () => api.relayActivity(props.relay.id, { per_page: 25 }),
  );
  return (
    <Card data-testid="activity">
      <CardHeader>
        <CardTitle class="flex items-center gap-2">
          <ActivityIcon class="size-4 text-muted-foreground" /> Activity
        </CardTitle>
        <CardDescription>What happened to this relay.</CardDescription>
      </CardHeader>
      <CardContent>
        <Async
          resource={activity}
          refetch={refetch}
          loading={
            <div class="grid grid-cols-1 gap-3">
              {[0, 1, 2].map(() => (
                <Skeleton class="h-10 w-full" />
              ))}
            </div>
          }
          error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't load the activity" />}
        >
          {(page) => (
            <Show
              when={page().items.length > 0}
              fallback={<EmptyState class="py-8" icon={<ActivityIcon />} title="No activity yet" />}
            >
              <ol class="relative grid grid-cols-1 gap-4 border-l pl-5" aria-label="Activity log">
                <For each={page().items}>
                  {(a: Activity) => (
                    <li class="relative">
                      <span
                        class="absolute top-1.5 -left-[25px] size-2.5 rounded-full border-2 border-background bg-muted-foreground/50"
                        aria-hidden="true"
                      />
                      <div class="text-sm">{a.message}</div>
                      <div class="text-xs text-muted-foreground" title={formatDateTime(a.created_at)}>
                        {timeAgo(a.created_at)} · <span class="font-mono">{a.kind}</span>
                      </div>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          )}
        </Async>
      </CardContent>
    </Card>
  );
}

export function RelayView(props: { id: string; admin?: boolean }) {
  const base = () => (props.admin ? "/admin/relays" : "/relays");
  const [relay, { refetch, mutate }] = createResource(
    () => props.id,
    (id) => api.relay(id),
  );
  const [version, setVersion] = createSignal(0);
  const [invoices, { refetch: refetchInvoices }] = createResource(
    () => (!props.admin && relay.state === "ready" ? relay().tenant : null),
    (tenant) => api.tenantInvoices(tenant, { status: "pending", per_page: 50 }),
  );
  /** The invoice this relay waits for: its first invoice, its upgrade, or the overdue one that suspends it. */
  const dueInvoice = () => {
    if (invoices.state !== "ready" || (relay.state !== "ready" && relay.state !== "refreshing")) return null;
    const r = relay.latest!;
    const pending = invoices().items.filter((i) => i.status === "pending");
    const byId = (id: unknown) => (id == null ? undefined : pending.find((i) => String(i.id) === String(id)));
    const suspended = r.status === "suspended" || r.hold === "suspended";
    return (
      byId(r.awaiting_payment_invoice) ??
      (suspended
        ? [...pending].filter((i) => !i.gated).sort((a, b) => (a.due_at ?? 0) - (b.due_at ?? 0))[0]
        : undefined) ??
      byId(r.upgrade_invoice) ??
      pending.find((i) => i.items.some((it) => String(it.relay) === String(r.id))) ??
      null
    );
  };
  /** The API's list of accepted actions; a server too old to send one gets the previous status-based rules. */
  const can = (action: string) => {
    const r = relay.latest;
    if (!r) return false;
    if (r.actions) return r.actions.includes(action);
    if (action === "edit") return true;
    if (action === "deactivate") return r.status !== "inactive" && r.status !== "suspended";
    if (action === "reactivate") return r.status === "inactive";
    if (action === "pay") return !!dueInvoice();
    return false;
  };
  const [payOpen, setPayOpen] = createSignal(false);
  const [confirm, setConfirm] = createSignal<"deactivate" | "reactivate" | "unsuspend" | null>(null);

  // Live state pushed by the backend: the relay itself, its activity, and the invoices it waits for.
  const live = createLive(() => relay.latest?.tenant ?? null);
  let seenActivity: number | null = null;
  let seenInvoices: string | null = null;
  let seenMembers: number | undefined;
  const [membersVersion, setMembersVersion] = createSignal(0);
  createEffect(() => {
    const s = live.state();
    const cur = relay.latest;
    if (!s || !cur) return;
    const fresh = s.relays.find((x) => String(x.id) === String(cur.id));
    if (fresh && JSON.stringify(fresh) !== JSON.stringify(cur)) mutate(fresh);
    if (seenActivity !== null && s.activity_id !== seenActivity) setVersion((v) => v + 1);
    seenActivity = s.activity_id;
    const invoiceKey = s.invoices.map((i) => `${i.id}:${i.status}`).join(",");
    if (seenInvoices !== null && invoiceKey !== seenInvoices && !props.admin) void refetchInvoices();
    seenInvoices = invoiceKey;
    const count = s.members?.[String(cur.id)];
    if (count !== undefined && seenMembers !== undefined && count !== seenMembers) setMembersVersion((v) => v + 1);
    if (count !== undefined) seenMembers = count;
  });

  // Without the live stream, follow a relay that is being set up or synced by polling.
  createEffect(() => {
    const r = relay.latest;
    if (!r || relay.error || live.connected()) return;
    if (r.status !== "pending" && r.sync.state !== "pending") return;
    const t = setInterval(() => {
      void refetch();
      setVersion((v) => v + 1);
    }, 5000);
    onCleanup(() => clearInterval(t));
  });

  const act = async (kind: "deactivate" | "reactivate" | "unsuspend") => {
    const r = relay.latest!;
    try {
      const updated =
        kind === "deactivate"
          ? await api.deactivateRelay(r.id)
          : kind === "reactivate"
            ? await api.reactivateRelay(r.id)
            : await api.unsuspendRelay(r.id);
      mutate(updated);
      setVersion((v) => v + 1);
      toast.success(
        kind === "deactivate"
          ? `${r.name} is deactivated.`
          : kind === "reactivate"
            ? `${r.name} is being reactivated.`
            : `${r.name}'s suspension is lifted.`,
      );
    } catch (e) {
      toast.error(`Couldn't ${kind} the relay: ${errorMessage(e)}`);
      throw e;
    }
  };

  return (
    <div class="grid grid-cols-1 gap-6">
      <A
        href={base()}
        class={buttonVariants({
          variant: "ghost",
          size: "sm",
          class: "-ml-3 justify-self-start text-muted-foreground",
        })}
      >
        <ArrowLeft /> {props.admin ? "All relays" : "Relays"}
      </A>
      <Async
        resource={relay}
        refetch={refetch}
        loading={
          <section class="grid grid-cols-1 gap-6" aria-busy="true" aria-label="Loading relay">
            <div class="flex items-center gap-4">
              <Skeleton class="size-14 rounded-xl" />
              <div class="grid grid-cols-1 gap-2">
                <Skeleton class="h-6 w-48" />
                <Skeleton class="h-4 w-64" />
              </div>
            </div>
            <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
              <Skeleton class="h-48 rounded-xl lg:col-span-2" />
              <Skeleton class="h-48 rounded-xl" />
            </div>
          </section>
        }
        error={(e, retry) => (
          <Show
            when={e instanceof ApiError && e.status === 404}
            fallback={<ErrorState error={e} retry={retry} title="Couldn't load this relay" />}
          >
            <EmptyState
              title="Relay not found"
              description="It may have been removed, or it belongs to another account."
              action={
                <A href={base()} class={buttonVariants({ variant: "outline" })}>
                  Back to relays
                </A>
              }
            />
          </Show>
        )}
      >
        {(r) => (
          <div class="grid grid-cols-1 gap-6">
            <div class="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
              <div class="flex min-w-0 items-center gap-4">
                <RelayAvatar name={r().name} icon={r().icon} class="size-14 rounded-xl text-lg" />
                <div class="grid grid-cols-1 min-w-0 gap-1.5">
                  <h1 class="truncate text-2xl font-semibold tracking-tight" data-testid="relay-name-heading">
                    {r().name}
                  </h1>
                  <div class="flex flex-wrap items-center gap-2">
                    <RelayStatusBadge status={r().status} />
                    <PlanBadge plan={r().plan} />
                  </div>
                </div>
              </div>
              <div class="flex flex-wrap gap-2">
                <A
                  href={`${base()}/${r().id}/moderation`}
                  class={buttonVariants({ variant: "outline" })}
                  data-testid="moderation-link"
                >
                  <ShieldAlert /> Moderation
                </A>
                <Show when={can("edit")}>
                  <A
                    href={`${base()}/${r().id}/edit`}
                    class={buttonVariants({ variant: "outline" })}
                    data-testid="edit-relay"
                  >
                    <Pencil /> Edit
                  </A>
                </Show>
                {/* only what the API accepts in this state (the relay's actions) */}
                <Show when={can("pay") && !props.admin && dueInvoice()}>
                  <Button onClick={() => setPayOpen(true)} data-testid="pay-relay">
                    <Zap /> Pay
                  </Button>
                </Show>
                <Show when={can("unsuspend")}>
                  <Button variant="outline" onClick={() => setConfirm("unsuspend")} data-testid="unsuspend-relay">
                    <Power /> Lift suspension
                  </Button>
                </Show>
                <Show when={can("reactivate")}>
                  <Button onClick={() => setConfirm("reactivate")} data-testid="reactivate-relay">
                    <Power /> Reactivate
                  </Button>
                </Show>
                <Show when={can("deactivate")}>
                  <Button
                    variant="outline"
                    class="text-destructive hover:text-destructive"
                    onClick={() => setConfirm("deactivate")}
                    data-testid="deactivate-relay"
                  >
                    <PowerOff /> Deactivate
                  </Button>
                </Show>
              </div>
            </div>

            <StatusBanner relay={r()} invoice={dueInvoice()} onPay={() => setPayOpen(true)} admin={props.admin} />
            <PlanChangeNotice
              relay={r()}
              onPay={props.admin ? undefined : () => setPayOpen(true)}
              onCancel={async () => {
                try {
                  mutate(await api.updateRelay(r().id, { plan: r().plan }));
                  setVersion((v) => v + 1);
                  void refetchInvoices();
                  toast.success("The plan change is cancelled.");
                } catch (e) {
                  toast.error(`Couldn't cancel: ${errorMessage(e)}`);
                }
              }}
            />

            <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
              <div class="grid grid-cols-1 content-start gap-6 lg:col-span-2">
                <Card>
                  <CardHeader>
                    <CardTitle>Connection</CardTitle>
                    <CardDescription>
                      Share this address with your members. They add it in their Nostr app.
                    </CardDescription>
                  </CardHeader>
                  <CardContent class="grid grid-cols-1 gap-4">
                    <div class="flex items-center gap-2 rounded-lg border bg-muted/40 py-1.5 pr-1.5 pl-3">
                      <code class="min-w-0 flex-1 truncate font-mono text-sm" data-testid="relay-url">
                        {r().url}
                      </code>
                      <CopyButton
                        text={r().url}
                        label="Copy relay URL"
                        toastText="Relay URL copied"
                        variant="outline"
                      />
                    </div>
                    <HealthBadge relay={r()} />
                    <Show when={r().description}>
                      <p class="text-sm text-muted-foreground">{r().description}</p>
                    </Show>
                  </CardContent>
                </Card>
                <MembersCard relay={r()} base={base()} version={membersVersion()} />
                <InviteCard relay={r()} />
                <ActivityCard relay={r()} version={version()} />
              </div>

              <div class="grid grid-cols-1 content-start gap-6">
                <Card>
                  <CardHeader>
                    <CardTitle>Details</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <DescriptionList
                      class="sm:grid-cols-1"
                      items={[
                        [
                          "Plan",
                          <span class="flex flex-wrap items-center gap-2" data-testid="relay-plan-detail">
                            {planLabel(r().plan)}
                            <Show when={r().pending_plan}>
                              <span class="text-xs text-muted-foreground">
                                → {planLabel(r().pending_plan!)} at the next renewal
                              </span>
                            </Show>
                            <Show when={r().upgrade_plan}>
                              <span class="text-xs text-muted-foreground">
                                → {planLabel(r().upgrade_plan!)} once paid
                              </span>
                            </Show>
                            <Show when={!props.admin}>
                              <A
                                href={`${base()}/${r().id}/edit`}
                                class="text-xs text-muted-foreground underline-offset-4 hover:underline"
                              >
                                Change
                              </A>
                            </Show>
                          </span>,
                        ],
                        ["Host", <span class="font-mono text-xs">{r().host}</span>],
                        ...(props.admin
                          ? ([
                              [
                                "Tenant",
                                <A
                                  href={`/admin/tenants/${r().tenant}`}
                                  class="font-mono text-xs underline-offset-4 hover:underline"
                                  data-testid="relay-tenant-link"
                                >
                                  {shortKey(toNpub(r().tenant), 14, 8)}
                                </A>,
                              ],
                              ["Schema", <span class="font-mono text-xs">{r().schema}</span>],
                              ["Id", <span class="font-mono text-xs">{String(r().id)}</span>],
                            ] as [string, JSX.Element][])
                          : []),
                        ["Created", formatDateTime(r().created_at)],
                        ["Updated", formatDateTime(r().updated_at)],
                      ]}
                    />
                  </CardContent>
                </Card>
                <Card data-testid="sync">
                  <CardHeader>
                    <CardTitle>Sync</CardTitle>
                    <CardDescription>State of the relay server's configuration.</CardDescription>
                    <CardAction>
                      <SyncBadge state={r().sync.state} />
                    </CardAction>
                  </CardHeader>
                  <CardContent class="grid grid-cols-1 gap-3">
                    <DescriptionList
                      class="sm:grid-cols-1"
                      items={[
                        [
                          "Last synced",
                          r().sync.synced_at ? (
                            <span title={formatDateTime(r().sync.synced_at)}>{timeAgo(r().sync.synced_at)}</span>
                          ) : (
                            "Not yet"
                          ),
                        ],
                        ["Attempts", String(r().sync.attempts)],
                      ]}
                    />
                    <Show when={r().sync.last_error}>
                      <div class="grid grid-cols-1 gap-1 rounded-lg border border-destructive/30 bg-destructive/5 p-3">
                        <div class="text-xs font-medium uppercase tracking-wide text-destructive">Last error</div>
                        <code class="font-mono text-xs break-words" data-testid="sync-error">
                          {r().sync.last_error}
                        </code>
                      </div>
                    </Show>
                  </CardContent>
                </Card>
              </div>
            </div>

            <ConfirmDialog
              open={confirm() === "deactivate"}
              onOpenChange={(o) => !o && setConfirm(null)}
              title={`Deactivate ${r().name}?`}
              description="The relay goes offline for everyone. Its data is kept, and you can reactivate it later."
              confirmLabel="Deactivate"
              destructive
              onConfirm={() => act("deactivate")}
            />
            <ConfirmDialog
              open={confirm() === "unsuspend"}
              onOpenChange={(o) => !o && setConfirm(null)}
              title={`Lift ${r().name}'s suspension?`}
              description="The relay comes back online. This is recorded as an administrator's decision; the unpaid invoice stays payable but no longer suspends."
              confirmLabel="Lift suspension"
              onConfirm={() => act("unsuspend")}
            />
            <ConfirmDialog
              open={confirm() === "reactivate"}
              onOpenChange={(o) => !o && setConfirm(null)}
              title={`Reactivate ${r().name}?`}
              description={
                r().plan === "free"
                  ? "The relay comes back online."
                  : "The relay comes back online. If its plan is unpaid, you'll be asked to pay first."
              }
              confirmLabel="Reactivate"
              onConfirm={() => act("reactivate")}
            />
            <InvoiceDialog
              invoice={dueInvoice()}
              open={payOpen()}
              onOpenChange={setPayOpen}
              title={`Pay for ${r().name}`}
              onPaid={() => {
                setPayOpen(false);
                void refetchInvoices();
                void refetch();
                setVersion((v) => v + 1);
              }}
            />
          </div>
        )}
      </Async>
    </div>
  );
}
