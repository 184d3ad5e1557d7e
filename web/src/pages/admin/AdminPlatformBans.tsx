// Super-admin: ban one pubkey on every relay Caravel hosts (a durable job on the server, with progress), and undo it.
import { createEffect, createResource, createSignal, For, onCleanup, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { community, type PlatformBan } from "~/lib/community";
import { timeAgo } from "~/lib/format";
import { toNpub } from "~/lib/npub";
import { Async, EmptyState, ErrorState } from "~/components/states";
import { PageHeader } from "~/components/PageHeader";
import { ShieldAlert } from "~/components/icons";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "~/components/ui/card";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { Input, Textarea } from "~/components/ui/input";

export default function AdminPlatformBans() {
  const [bans, { refetch }] = createResource(() => community.platformBans());
  const [pubkey, setPubkey] = createSignal("");
  const [reason, setReason] = createSignal("");
  const [confirm, setConfirm] = createSignal(false);
  const [undoing, setUndoing] = createSignal<PlatformBan | null>(null);
  // follow running jobs
  createEffect(() => {
    if (!(bans.latest ?? []).some((b) => b.status === "running" || b.status === "undoing")) return;
    const t = setInterval(() => void refetch(), 2000);
    onCleanup(() => clearInterval(t));
  });
  const start = async () => {
    try {
      await community.platformBan(pubkey().trim(), reason().trim());
      toast.success("Platform ban started.");
      setPubkey("");
      setReason("");
      void refetch();
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  const undo = async (b: PlatformBan) => {
    try {
      await community.undoPlatformBan(b.id);
      toast.success("Lifting the ban on every relay it was applied to.");
      void refetch();
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  return (
    <div class="grid grid-cols-1 gap-6">
      <PageHeader
        title="Platform bans"
        description="Ban a pubkey on every relay at once. Each relay deletes everything that pubkey wrote there."
      />
      <Card>
        <CardHeader>
          <CardTitle>New platform ban</CardTitle>
        </CardHeader>
        <CardContent>
          <form
            class="grid grid-cols-1 gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (pubkey().trim()) setConfirm(true);
            }}
          >
            <Input
              placeholder="npub1… or hex"
              value={pubkey()}
              onInput={(e) => setPubkey(e.currentTarget.value)}
              aria-label="Public key"
            />
            <Textarea
              placeholder="Reason (shown in each relay's ban list)"
              value={reason()}
              onInput={(e) => setReason(e.currentTarget.value)}
              maxLength={500}
              aria-label="Reason"
            />
            <Button type="submit" variant="destructive" class="justify-self-start" disabled={!pubkey().trim()}>
              <ShieldAlert /> Ban on every relay
            </Button>
          </form>
        </CardContent>
      </Card>
      <Async resource={bans} refetch={refetch} error={(e, retry) => <ErrorState error={e} retry={retry} />}>
        {(list) => (
          <Show when={list().length > 0} fallback={<EmptyState title="No platform bans yet" />}>
            <ul class="grid grid-cols-1 gap-3" aria-label="Platform bans">
              <For each={list()}>
                {(b) => (
                  <li class="grid gap-2 rounded-xl border p-4 text-sm" data-testid="platform-ban">
                    <div class="flex flex-wrap items-center gap-2">
                      <span class="font-mono text-xs">{toNpub(b.pubkey).slice(0, 20)}…</span>
                      <Badge variant={b.status === "done" ? "destructive" : "secondary"}>{b.status}</Badge>
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
                        class="h-full bg-destructive transition-all"
                        style={{ width: `${b.total ? (100 * b.done) / b.total : 100}%` }}
                      />
                    </div>
                    <span class="text-xs text-muted-foreground">
                      {b.done} of {b.total} relays
                      {b.failed ? `, ${b.failed} failed${b.last_error ? `: ${b.last_error}` : ""}` : ""}
                    </span>
                    <Show when={b.status === "done" || b.status === "running"}>
                      <Button variant="outline" size="sm" class="justify-self-start" onClick={() => setUndoing(b)}>
                        Undo
                      </Button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Async>
      <ConfirmDialog
        open={confirm()}
        onOpenChange={setConfirm}
        title="Ban on every relay?"
        description="Every relay Caravel hosts bans this pubkey and deletes everything it wrote there. Undo lifts the bans, but deleted posts do not come back."
        confirmLabel="Ban everywhere"
        destructive
        onConfirm={start}
      />
      <ConfirmDialog
        open={undoing() !== null}
        onOpenChange={(o) => !o && setUndoing(null)}
        title="Lift this platform ban?"
        description="The ban is lifted on every relay this platform ban applied it to. That includes relays whose owner had banned the pubkey before; deleted posts do not come back."
        confirmLabel="Lift everywhere"
        onConfirm={() => undo(undoing()!)}
      />
    </div>
  );
}
