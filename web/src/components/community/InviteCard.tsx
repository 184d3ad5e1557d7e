// The relay's invite: a claim Caravel obtained from the relay as a Nostr app would, as a join link and QR code that
// community apps open. Where the relay can manage codes (newer zooid), more codes can be made and revoked; where it
// cannot, the card says the code is permanent.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { timeAgo } from "~/lib/format";
import type { Relay } from "~/lib/types";
import { cn } from "~/lib/utils";
import { Async, ErrorState } from "../states";
import { CopyButton } from "../copy";
import { Info, Plus, QrCode, RefreshCw, X } from "../icons";
import { Button } from "../ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Skeleton } from "../ui/skeleton";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function InviteCard(props: { relay: Relay }) {
  const live = () => props.relay.status === "active";
  // read again when the relay's public URL changes (its own domain verified, lost or removed): the link names it
  const [invite] = createQuery(
    () => (live() ? ([props.relay.id, props.relay.public_url] as const) : null),
    ([id, url]) => relayQueries.invite(id, url),
  );
  const refetch = () => refresh(relayQueries.invite.key(props.relay.id));
  const [claims] = createQuery(
    () => (invite.state === "ready" && invite().manageable ? props.relay.id : null),
    relayQueries.claims,
  );
  const createClaim = useWrite(relayWrites.createClaim);
  const revokeClaim = useWrite(relayWrites.revokeClaim);
  const [showQr, setShowQr] = createSignal(false);
  const [revoking, setRevoking] = createSignal<string | null>(null);
  const [creating, setCreating] = createSignal(false);

  const create = async () => {
    setCreating(true);
    try {
      const c = await createClaim(props.relay.id);
      toast.success(`Invite code ${c.claim} created.`);
    } catch (e) {
      toast.error(`Couldn't create a code: ${errorMessage(e)}`);
    } finally {
      setCreating(false);
    }
  };
  const revoke = async (code: string) => {
    try {
      await revokeClaim(props.relay.id, code);
      toast.success(`Code ${code} revoked.`);
    } catch (e) {
      toast.error(`Couldn't revoke: ${errorMessage(e)}`);
      throw e;
    }
  };

  return (
    <Show when={live()}>
      <Card data-testid="invite">
        <CardHeader>
          <CardTitle icon={QrCode}>Invite people</CardTitle>
          <CardDescription>Anyone with this link can join from a Nostr community app such as Flotilla.</CardDescription>
          <CardAction>
            <Button
              variant="ghost"
              size="icon-sm"
              onClick={refetch}
              aria-label="Refresh invite"
              disabled={invite.loading}
            >
              <RefreshCw class={cn(invite.loading && "animate-spin")} />
            </Button>
          </CardAction>
        </CardHeader>
        <CardContent>
          <Async
            resource={invite}
            refetch={refetch}
            loading={<Skeleton class="h-20 w-full" />}
            error={(e, retry) => (
              <ErrorState compact error={e} retry={retry} title="Couldn't get an invite from the relay" />
            )}
          >
            {(inv) => (
              <div class="grid grid-cols-1 gap-3">
                <div class="flex items-center gap-2 rounded-lg border bg-muted/40 py-1.5 pr-1.5 pl-3">
                  <code class="min-w-0 flex-1 truncate font-mono text-xs" data-testid="invite-url">
                    {inv().url}
                  </code>
                  <CopyButton
                    text={inv().url}
                    label="Copy invite link"
                    toastText="Invite link copied"
                    variant="outline"
                  />
                </div>
                <div class="flex flex-wrap items-center gap-2 text-sm">
                  <span class="text-muted-foreground">Code</span>
                  <code class="rounded bg-muted px-1.5 py-0.5 font-mono" data-testid="invite-code">
                    {inv().claim}
                  </code>
                  <CopyButton text={inv().claim} label="Copy code" toastText="Code copied" />
                  <Button
                    variant="outline"
                    size="sm"
                    class="ml-auto"
                    onClick={() => setShowQr((v) => !v)}
                    aria-expanded={showQr()}
                    data-testid="show-qr"
                  >
                    <QrCode /> {showQr() ? "Hide QR code" : "Show QR code"}
                  </Button>
                </div>
                <Show when={showQr()}>
                  <img
                    src={inv().qr}
                    alt={`QR code for the invite link to ${props.relay.name}`}
                    class="mx-auto size-56 rounded-lg border bg-white p-2"
                    data-testid="invite-qr"
                  />
                </Show>
                <p class="text-xs text-muted-foreground">
                  In other apps: add the relay <span class="font-mono break-all">{inv().relay_url}</span> and enter the
                  code when asked.
                </p>
                <Show when={inv().permanent}>
                  <p
                    class="flex gap-2 rounded-lg border p-3 text-xs text-muted-foreground"
                    data-testid="invite-permanent"
                  >
                    <Info class="size-4 shrink-0" />
                    The relay software behind this relay cannot revoke invite codes: this code works for as long as the
                    relay exists. To stop someone, remove or ban them after they join.
                  </p>
                </Show>
                <Show when={inv().manageable}>
                  <div class="grid gap-2" data-testid="invite-codes">
                    <div class="flex items-center justify-between">
                      <span class="text-sm font-medium">All invite codes</span>
                      <Button
                        variant="outline"
                        size="sm"
                        onClick={create}
                        loading={creating()}
                        data-testid="create-code"
                      >
                        <Plus /> New code
                      </Button>
                    </div>
                    <Show when={claims()}>
                      {(list) => (
                        <ul class="divide-y rounded-lg border text-sm">
                          <For each={list()}>
                            {(c) => (
                              <li class="flex items-center gap-2 px-3 py-2">
                                <code class="font-mono">{c.claim}</code>
                                <span class="flex-1 text-xs text-muted-foreground">
                                  {c.created_at ? timeAgo(c.created_at) : ""}
                                </span>
                                <CopyButton text={c.url} label="Copy link" toastText="Invite link copied" />
                                <Button
                                  variant="ghost"
                                  size="icon-sm"
                                  aria-label={`Revoke ${c.claim}`}
                                  onClick={() => setRevoking(c.claim)}
                                >
                                  <X />
                                </Button>
                              </li>
                            )}
                          </For>
                        </ul>
                      )}
                    </Show>
                  </div>
                </Show>
              </div>
            )}
          </Async>
        </CardContent>
        <ConfirmDialog
          open={revoking() !== null}
          onOpenChange={(o) => !o && setRevoking(null)}
          title={`Revoke code ${revoking() ?? ""}?`}
          description="Links with this code stop working. People who already joined stay members."
          confirmLabel="Revoke"
          destructive
          onConfirm={() => revoke(revoking()!)}
        />
      </Card>
    </Show>
  );
}
