// A relay's page, for tenants (/relays/:id) and admins (/admin/relays/:id): the shell around its sections
// (relay/sections.tsx, each at its own URL). The shell loads the relay once, follows it live, keeps its name, status
// and one next action in a bar that stays in view, and owns the actions and dialogs that change the relay; the
// section in the URL renders below, reading all this from the page's context (relay/page-context.ts).
import { A, useLocation } from "@solidjs/router";
import { createEffect, createSignal, type JSX, onCleanup, on, onMount, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { createLive } from "~/lib/live";
import { followMembers } from "~/lib/live-members";
import { session } from "~/lib/session";
import { followReach } from "~/lib/relay-reach";
import { retrying } from "~/lib/relay-words";
import { Button, buttonVariants } from "./ui/button";
import { Skeleton } from "./ui/skeleton";
import { ConfirmDialog } from "./ui/confirm-dialog";
import { Async, LoadError } from "./states";
import { PlanBadge, RelayStatusBadge } from "./badges";
import { RelayAvatar } from "./RelayAvatar";
import { InvoiceDialog } from "./InvoiceDialog";
import { PlanChangeNotice } from "./RelayEditView";
import { usePlan } from "./PlanName";
import { ArrowLeft, Power, UserPlus, Zap } from "./icons";
import { StatusBanner } from "./relay/StatusBanner";
import { DeletedRelayNotice } from "./relay/DeletedRelayNotice";
import { RelayPageContext } from "./relay/page-context";
import { may, roleCannot } from "~/lib/roles";
import { RelaySectionNav, sectionAt, sectionHref } from "./relay/sections";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import { tenantKey, tenantQueries } from "~/lib/queries/tenant";
import type { Relay } from "~/lib/types";

/** The action button that takes the place of the one a confirmed action removed (Deactivate ↔ Reactivate). */
const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);

/**
 * How far from the top of the window the relay's bar sticks: just under the site's header, whose height changes with
 * the width (on a phone its navigation takes a second row).
 */
function useHeaderHeight() {
  const [height, setHeight] = createSignal(56);
  onMount(() => {
    const header = document.querySelector("header");
    if (!header) return;
    const measure = () => setHeight(header.getBoundingClientRect().height);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(header);
    onCleanup(() => observer.disconnect());
  });
  return height;
}

/** @param props.children the section the URL names (the routes under the relay's, App.tsx) */
export function RelayView(props: { id: string; admin?: boolean; children?: JSX.Element }) {
  const base = () => (props.admin ? "/admin/relays" : "/relays");
  const [relay, { mutate: show }] = createQuery(() => props.id, relayQueries.relay);
  /**
   * The relay as the live stream pushed it: shown here, and the relay list reads it next time it is shown (a write's
   * answer is shown alone: the write revalidates the list itself, relay-writes.ts).
   */
  const showPushed = (r: Relay) => {
    show(r);
    void refresh(tenantQueries.relays.key);
  };
  const refetch = () => refresh(relayQueries.relay.key(props.id));
  // Solid's resource.latest rethrows the load error, and the effects and the live source below read it: an unknown
  // id would crash the whole page to the root error boundary. This reads the relay only once there is one.
  const loaded = () => (relay.state === "ready" || relay.state === "refreshing" ? relay.latest : undefined);
  // the bar's badge and the banner say "cannot be reached now" during an outage, in every section
  followReach(loaded);
  // what changing the relay changes in its sections: its activity log reads again
  const refreshActivity = () => void refresh(relayQueries.activity.key(props.id));
  const setRelayState = useWrite(relayWrites.setRelayState);
  const cancelPlanChange = useWrite(relayWrites.cancelPlanChange);
  // the relay's paid admission: its own section, and the Members section lists who paid when it is not free
  const [admissionSettings, { mutate: setAdmission }] = createQuery(
    () => (loaded() ? String(loaded()!.id) : null),
    relayQueries.admission,
  );
  // The cards speak to the owner ("your members"); an admin looking at someone else's relay reads about the owner.
  const own = () => loaded()?.tenant === session()?.pubkey;
  const invoicesOf = () => (!props.admin && relay.state === "ready" ? relay().tenant : null);
  const [invoices] = createQuery(invoicesOf, (tenant) =>
    tenantQueries.invoices(tenant, { status: "pending", per_page: 50 }),
  );
  const refetchInvoices = () => {
    const tenant = invoicesOf();
    if (tenant) void refresh(tenantKey(tenantQueries.invoices, tenant));
  };
  /** The invoice this relay waits for: its first invoice, its upgrade, or the overdue one that suspends it. */
  const dueInvoice = () => {
    const r = loaded();
    // while the list is refetched (the live stream reports a change) the last one stands: dropping to null would
    // take the Pay button out of the page and back, and the focus of a keyboard user who is on it with it
    const list = invoices.state === "ready" || invoices.state === "refreshing" ? invoices.latest : undefined;
    if (!list || !r) return null;
    const pending = list.items.filter((i) => i.status === "pending");
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
    const r = loaded();
    if (!r) return false;
    if (r.actions) return r.actions.includes(action);
    if (action === "edit") return true;
    if (action === "deactivate") return r.status !== "inactive" && r.status !== "suspended";
    if (action === "reactivate") return r.status === "inactive";
    if (action === "pay") return !!dueInvoice();
    return false;
  };
  /** The relay's plan from the catalog (undefined until known), for what reactivating it means. */
  const plan = usePlan(() => loaded()?.plan);
  const [payOpen, setPayOpen] = createSignal(false);
  const [confirm, setConfirm] = createSignal<"deactivate" | "reactivate" | "unsuspend" | null>(null);

  // Live state pushed by the backend: the relay itself, its activity, and the invoices it waits for.
  const live = createLive(() => loaded()?.tenant ?? null);
  let seenActivity: number | null = null;
  let seenInvoices: string | null = null;
  let seenMembers: string | undefined;
  // A push is acted on when it arrives, and only then (on: nothing else read here is followed): were the relay
  // followed too, every later read of it (a write's answer, a poll) would bring this push back and show the relay as
  // it was before that write.
  createEffect(
    on(live.state, (s) => {
      const cur = loaded();
      if (!s || !cur) return;
      const fresh = s.relays.find((x) => String(x.id) === String(cur.id));
      if (fresh && JSON.stringify(fresh) !== JSON.stringify(cur)) showPushed(fresh);
      // the first state may already include changes made after the page loaded its lists (a relay provisioned while
      // the stream connected): it counts as a change too, at the cost of one extra read per connection
      if (s.activity_id !== seenActivity) refreshActivity();
      seenActivity = s.activity_id;
      const invoiceKey = s.invoices.map((i) => `${i.id}:${i.status}`).join(",");
      if (invoiceKey !== seenInvoices && !props.admin) refetchInvoices();
      seenInvoices = invoiceKey;
      // a join, leave or refusal counted by the stream: the members card reads its lists again (see live-members.ts)
      const members = followMembers(seenMembers, s, String(cur.id));
      seenMembers = members.mark;
      if (members.reread)
        void refresh(
          relayQueries.members.key(cur.id),
          relayQueries.paidMembers.key(cur.id),
          relayQueries.joinRequests.key(cur.id),
        );
    }),
  );

  // Without the live stream, follow a relay that is being set up, synced or retried by polling.
  createEffect(() => {
    const r = loaded();
    if (!r || live.connected()) return;
    if (r.status !== "pending" && r.sync.state !== "pending" && !retrying(r.sync)) return;
    const t = setInterval(() => {
      void refetch();
      refreshActivity();
    }, 5000);
    onCleanup(() => clearInterval(t));
  });

  const act = async (kind: "deactivate" | "reactivate" | "unsuspend") => {
    const r = relay.latest!;
    try {
      show(await setRelayState(r.id, kind));
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

  const location = useLocation();
  const headerHeight = useHeaderHeight();
  // What the page scrolls to (a focused field, an anchor) is kept clear of the site's header and the relay's bar,
  // which both stay at the top: the stylesheet's padding allows for the header alone.
  const [barHeight, setBarHeight] = createSignal(0);
  const barObserver =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver((entries) => {
          const bar = entries.find((e) => e.target.isConnected)?.target;
          if (bar) setBarHeight(bar.getBoundingClientRect().height);
        });
  onCleanup(() => barObserver?.disconnect());
  createEffect(() => {
    const root = document.documentElement;
    const before = root.style.scrollPaddingTop;
    if (barHeight() > 0) root.style.scrollPaddingTop = `${Math.ceil(headerHeight() + barHeight() + 16)}px`;
    onCleanup(() => {
      root.style.scrollPaddingTop = before;
    });
  });
  const onSection = (path: string) => {
    const r = loaded();
    return !!r && location.pathname.replace(/\/+$/, "") === sectionHref(base(), r.id, path);
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
              <Skeleton class="size-12 rounded-xl" />
              <div class="grid grid-cols-1 gap-2">
                <Skeleton class="h-6 w-48" />
                <Skeleton class="h-4 w-64" />
              </div>
            </div>
            <Skeleton class="h-9 w-full max-w-xl rounded-lg" />
            <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
              <Skeleton class="h-48 rounded-xl" />
              <Skeleton class="h-48 rounded-xl" />
            </div>
          </section>
        }
        error={(e, retry) => (
          <LoadError
            error={e}
            retry={retry}
            what="relay"
            notFoundDescription="It may have been removed, or it belongs to another account."
            back={{ href: base(), label: props.admin ? "All relays" : "Back to relays" }}
          />
        )}
      >
        {(r) => (
          <RelayPageContext.Provider
            value={{
              relay: r,
              mutate: show,
              refetch: () => void refetch(),
              base: base(),
              admin: !!props.admin,
              own,
              can,
              admission: admissionSettings,
              refetchAdmission: () => void refresh(relayQueries.admission.key(r().id)),
              setAdmission,
              confirmDeactivate: () => setConfirm("deactivate"),
            }}
          >
            <div class="grid grid-cols-1 gap-6">
              {/* the relay's name, state and one next action, in view wherever the section scrolls to; the
                  sections' links under them */}
              <div
                ref={(el) => barObserver?.observe(el)}
                class="sticky z-30 -mx-4 grid grid-cols-1 gap-3 border-b bg-background/95 px-4 pt-2 pb-2 backdrop-blur supports-[backdrop-filter]:bg-background/80 sm:-mx-6 sm:px-6"
                style={{ top: `${headerHeight()}px` }}
                data-testid="relay-bar"
              >
                <div class="flex min-w-0 items-center gap-3">
                  {/* no picture on a phone: the bar stays at the top, and every line of it costs the page below */}
                  <RelayAvatar name={r().name} icon={r().icon} class="hidden size-12 shrink-0 rounded-lg sm:flex" />
                  <div class="grid min-w-0 flex-1 grid-cols-1 gap-1">
                    <h1
                      class="truncate text-xl font-semibold tracking-tight sm:text-2xl"
                      data-testid="relay-name-heading"
                    >
                      {r().name}
                    </h1>
                    <div class="flex flex-wrap items-center gap-2">
                      <RelayStatusBadge status={r().status} relay={r()} detailed />
                      <PlanBadge plan={r().plan} />
                    </div>
                  </div>
                  <div class="flex shrink-0 gap-2" data-testid="next-action">
                    <NextAction
                      pay={can("pay") && !props.admin && !!dueInvoice()}
                      unsuspend={can("unsuspend")}
                      reactivate={can("reactivate")}
                      invite={
                        !props.admin && r().status === "active" && !onSection("members")
                          ? sectionHref(base(), r().id, "members")
                          : null
                      }
                      onPay={() => setPayOpen(true)}
                      onConfirm={setConfirm}
                    />
                  </div>
                </div>
                <RelaySectionNav base={base()} id={r().id} relay={r()} />
              </div>

              <DeletedRelayNotice
                relay={r()}
                canUndo={can("undo_delete")}
                onUndone={(u) => {
                  show(u);
                }}
              />
              <StatusBanner
                relay={r()}
                invoice={dueInvoice()}
                onPay={() => setPayOpen(true)}
                admin={props.admin}
                owner={own()}
              />
              <PlanChangeNotice
                relay={r()}
                onPay={props.admin ? undefined : () => setPayOpen(true)}
                onCancel={async () => {
                  try {
                    show(await cancelPlanChange(r().id, r().plan));
                    toast.success("The plan change is cancelled.");
                  } catch (e) {
                    toast.error(`Couldn't cancel: ${errorMessage(e)}`);
                  }
                }}
              />

              <Show
                when={(() => {
                  const s = sectionAt(location.pathname, base(), r().id);
                  return !s || may(r(), s.needs);
                })()}
                fallback={
                  <p class="rounded-md border p-4 text-sm" role="alert" data-testid="role-refusal">
                    {roleCannot(r(), sectionAt(location.pathname, base(), r().id)?.needs ?? "view")}
                  </p>
                }
              >
                {props.children}
              </Show>

              <ConfirmDialog
                open={confirm() === "deactivate"}
                onOpenChange={(o) => !o && setConfirm(null)}
                title={`Deactivate ${r().name}?`}
                description={
                  own()
                    ? "The relay goes offline for everyone. Its data is kept, and you can reactivate it later."
                    : "The relay goes offline for everyone, its owner included. Its data is kept, and it can be reactivated later."
                }
                confirmLabel="Deactivate"
                destructive
                onConfirm={() => act("deactivate")}
                returnFocus={() => byTestId("reactivate-relay")}
              />
              <ConfirmDialog
                open={confirm() === "unsuspend"}
                onOpenChange={(o) => !o && setConfirm(null)}
                title={`Lift ${r().name}'s suspension?`}
                description="The relay comes back online. This is recorded as an administrator's decision; the unpaid invoice stays payable but no longer suspends."
                confirmLabel="Lift suspension"
                onConfirm={() => act("unsuspend")}
                returnFocus={() => byTestId("deactivate-relay")}
              />
              <ConfirmDialog
                open={confirm() === "reactivate"}
                onOpenChange={(o) => !o && setConfirm(null)}
                title={`Reactivate ${r().name}?`}
                description={
                  plan()?.price === 0
                    ? "The relay comes back online."
                    : own()
                      ? "The relay comes back online. If its plan is unpaid, you'll be asked to pay first."
                      : "The relay comes back online. If its plan is unpaid, the owner is asked to pay first."
                }
                confirmLabel="Reactivate"
                onConfirm={() => act("reactivate")}
                returnFocus={() => byTestId("deactivate-relay")}
              />
              <InvoiceDialog
                invoice={dueInvoice()}
                open={payOpen()}
                onOpenChange={setPayOpen}
                title={`Pay for ${r().name}`}
                onPaid={() => {
                  setPayOpen(false);
                  refetchInvoices();
                  void refetch();
                  refreshActivity();
                }}
              />
            </div>
          </RelayPageContext.Provider>
        )}
      </Async>
    </div>
  );
}

/**
 * The one thing the relay asks of the viewer now, first that applies: pay what it waits for, lift a suspension (an
 * administrator), reactivate it; else, on an active relay, invite people to it. Only what the API accepts.
 */
function NextAction(props: {
  pay: boolean;
  unsuspend: boolean;
  reactivate: boolean;
  invite: string | null;
  onPay: () => void;
  onConfirm: (kind: "reactivate" | "unsuspend") => void;
}) {
  return (
    <Show
      when={props.pay}
      fallback={
        <Show
          when={props.unsuspend}
          fallback={
            <Show
              when={props.reactivate}
              fallback={
                <Show when={props.invite}>
                  {(href) => (
                    <A href={href()} class={buttonVariants({ variant: "outline" })} data-testid="next-invite">
                      <UserPlus /> <span class="hidden sm:inline">Invite people</span>
                      <span class="sm:hidden">Invite</span>
                    </A>
                  )}
                </Show>
              }
            >
              <Button onClick={() => props.onConfirm("reactivate")} data-testid="reactivate-relay">
                <Power /> Reactivate
              </Button>
            </Show>
          }
        >
          <Button variant="outline" onClick={() => props.onConfirm("unsuspend")} data-testid="unsuspend-relay">
            <Power /> Lift suspension
          </Button>
        </Show>
      }
    >
      <Button onClick={props.onPay} data-testid="pay-relay">
        <Zap /> Pay
      </Button>
    </Show>
  );
}
