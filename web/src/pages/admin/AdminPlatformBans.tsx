// Super-admin: ban one pubkey on every relay Caravel hosts (a durable job on the server, with progress), and undo it.
// A ban stands until undone: relays that were off or failed wait, and are reached when served again or on a retry.
import { useWrite } from "~/lib/queries/write";
import { createEffect, createSignal, onCleanup, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { platformBans, startPlatformBan, undoPlatformBan } from "~/lib/admin-queries";
import type { PlatformBan } from "~/lib/community";
import { timeAgo } from "~/lib/format";
import { toNpub } from "~/lib/npub";
import { readQuery } from "~/lib/read-query";
import { cn } from "~/lib/utils";
import { EmptyState } from "~/components/states";
import { LoadedList } from "~/components/LoadedList";
import { PageHeader } from "~/components/PageHeader";
import { ShieldAlert } from "~/components/icons";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "~/components/ui/card";
import { ReasonField } from "~/components/ReasonField";
import { ConfirmAction } from "~/components/ConfirmAction";
import { BanKeyForm } from "~/components/KeyForm";
import { PlatformBanRelays } from "~/components/community/PlatformBanRelays";

/** What lifting a platform ban does, said before it is done (the backend's rule: PlatformBans). */
export const UNDO_EXPLAINED =
  "The ban is lifted on the relays where this platform ban put it, and the pubkey becomes a member again where the ban removed its membership, unless the relay is full (then it says so, and undoing again retries). Relays that had banned the pubkey before, or that banned, unbanned or removed it since, are left as they are. Deleted posts do not come back.";

/** An undo is offered while the ban runs or is done, and again after an undo that left relays to retry. */
export function undoable(b: PlatformBan): boolean {
  return b.status === "done" || b.status === "running" || (b.status === "undone" && b.failed > 0);
}

/** What still waits for a standing ban, in words (null when nothing does). */
export function waitingText(b: Pick<PlatformBan, "waiting" | "next_retry_at">, now: number): string | null {
  if (b.waiting === 0) return null;
  const relays = b.waiting === 1 ? "1 relay" : `${b.waiting} relays`;
  const retry =
    b.next_retry_at === null
      ? "; each is banned as soon as it is served again"
      : `; next retry ${b.next_retry_at <= now ? "now" : `in ${Math.max(1, Math.round((b.next_retry_at - now) / 60))} min`}`;
  return `${relays} not reached yet${retry}.`;
}

/**
 * How a ban's state reads: finishing is the ban working as asked (green), not an error; only relays it failed on
 * call for a look (amber). Red stays for the destructive button itself.
 */
export function banStatus(b: Pick<PlatformBan, "status" | "failed" | "waiting" | "retries">): {
  label: string;
  variant: "success" | "warning" | "secondary" | "muted";
  bar: string;
} {
  switch (b.status) {
    case "running":
      return { label: "Banning…", variant: "secondary", bar: "bg-primary" };
    case "undoing":
      return { label: "Lifting…", variant: "secondary", bar: "bg-primary" };
    case "undone":
      return b.failed > 0
        ? { label: "Lifted, some relays to retry", variant: "warning", bar: "bg-warning" }
        : { label: "Lifted", variant: "muted", bar: "bg-muted-foreground" };
    default:
      if (b.retries > 0 || b.failed > 0)
        return { label: "In place; retrying some relays", variant: "warning", bar: "bg-warning" };
      return b.waiting > 0
        ? { label: "In place; waiting for relays that are off", variant: "secondary", bar: "bg-success" }
        : { label: "In place everywhere", variant: "success", bar: "bg-success" };
  }
}

export default function AdminPlatformBans() {
  const [bans, refresh] = readQuery(
    () => platformBans(),
    () => platformBans.key,
  );
  const ban = useWrite(startPlatformBan);
  const undoBan = useWrite(undoPlatformBan);
  const [reason, setReason] = createSignal("");
  const [undoing, setUndoing] = createSignal<PlatformBan | null>(null);
  const [open, setOpen] = createSignal<string | null>(null);
  // follow running jobs
  createEffect(() => {
    if (!(bans.latest ?? []).some((b) => b.status === "running" || b.status === "undoing")) return;
    const t = setInterval(refresh, 2000);
    onCleanup(() => clearInterval(t));
  });
  const start = async (pubkey: string) => {
    try {
      await ban(pubkey, reason().trim());
      toast.success("Platform ban started.");
      setReason("");
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  const undo = async (b: PlatformBan) => {
    try {
      await undoBan(b.id);
      toast.success("Lifting the ban where it was applied, and restoring membership where it removed it.");
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  return (
    <div class="grid grid-cols-1 gap-6">
      <PageHeader
        title="Platform bans"
        description="Ban a pubkey on every relay at once. Each relay deletes everything that pubkey wrote there. The ban stands until it is lifted: relays that are off now, or created later, are banned as soon as they are served, and failures are retried."
      />
      <Card>
        <CardHeader>
          <CardTitle>New platform ban</CardTitle>
        </CardHeader>
        <CardContent>
          <BanKeyForm
            placeholder="npub1… or hex"
            label="Public key"
            fields={
              <ReasonField placeholder="Reason (shown in each relay's ban list)" value={reason()} onInput={setReason} />
            }
            submitLabel={
              <>
                <ShieldAlert /> Ban on every relay
              </>
            }
            confirm={{
              title: "Ban on every relay?",
              description:
                "Every relay Caravel hosts bans this pubkey, removes it from its members and deletes everything it wrote there. Caravel records where it was a member, so an undo can give that back; deleted posts do not come back.",
              label: "Ban everywhere",
            }}
            onBan={start}
          />
        </CardContent>
      </Card>
      <LoadedList
        resource={bans}
        refetch={refresh}
        items={(l) => l}
        label="Platform bans"
        class="grid grid-cols-1 gap-3"
        empty={<EmptyState title="No platform bans yet" />}
      >
        {(b) => (
          <li class="grid gap-2 rounded-xl border p-4 text-sm" data-testid="platform-ban">
            <div class="flex flex-wrap items-center gap-2">
              <span class="font-mono text-xs">{toNpub(b.pubkey).slice(0, 20)}…</span>
              <Badge variant={banStatus(b).variant} data-testid="platform-ban-status">
                {banStatus(b).label}
              </Badge>
              <span class="text-xs text-muted-foreground">{timeAgo(b.created_at)}</span>
            </div>
            <Show when={b.reason}>
              <span class="text-muted-foreground">{b.reason}</span>
            </Show>
            <div
              class="h-2 overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={b.total}
              aria-valuenow={b.done}
            >
              <div
                class={cn("h-full transition-all", banStatus(b).bar)}
                style={{ width: `${b.total ? (100 * b.done) / b.total : 100}%` }}
              />
            </div>
            <span class="text-xs text-muted-foreground">
              {b.done} of {b.total} relays
              {b.failed ? `, ${b.failed} failed${b.last_error ? `: ${b.last_error}` : ""}` : ""}
            </span>
            <Show when={waitingText(b, Math.floor(Date.now() / 1000))}>
              {(w) => (
                <span class="text-xs" data-testid="platform-ban-waiting">
                  {w()}
                </span>
              )}
            </Show>
            <div class="flex flex-wrap gap-2">
              <Show when={undoable(b)}>
                <Button variant="outline" size="sm" onClick={() => setUndoing(b)}>
                  {b.status === "undone" ? "Retry undo" : "Undo"}
                </Button>
              </Show>
              <Button
                variant="ghost"
                size="sm"
                aria-expanded={open() === b.id}
                onClick={() => setOpen(open() === b.id ? null : b.id)}
              >
                {open() === b.id ? "Hide relays" : "Relays"}
              </Button>
            </div>
            <Show when={open() === b.id}>
              {/* keyed on progress, so the list follows a running job */}
              <Show when={`${b.id}:${b.status}:${b.done}`} keyed>
                <PlatformBanRelays ban={b.id} />
              </Show>
            </Show>
          </li>
        )}
      </LoadedList>
      <ConfirmAction
        picked={[undoing, setUndoing]}
        title="Lift this platform ban?"
        description={UNDO_EXPLAINED}
        confirmLabel="Lift everywhere"
        onConfirm={undo}
      />
    </div>
  );
}
