// The join requests waiting for the relay's team: who asked (profile name where known), their message, and approve
// or deny, one by one or all shown at once. Approving admits them (on a priced relay, asks them to pay); the API's
// refusal (a full relay, a banned key) is shown as it says it, and the request keeps waiting.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { timeAgo } from "~/lib/format";
import type { JoinRequestItem } from "~/lib/joinRequests";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import type { Relay } from "~/lib/types";
import { Async, EmptyState } from "../states";
import { Check, UserPlus, X } from "../icons";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { PersonAvatar, PersonName } from "./PersonRow";

export function JoinRequestsCard(props: { relay: Relay; onDecided?: () => void }) {
  // the relay page revalidates the list when the live stream counts a join (RelayView)
  const [list] = createQuery(() => props.relay.id, relayQueries.joinRequests);
  const refetch = () => refresh(relayQueries.joinRequests.key(props.relay.id));
  // a decision adds a member or a payer: the write reads their lists again at once, not only when the live stream
  // counts it
  const approveJoin = useWrite(relayWrites.approveJoin);
  const denyJoin = useWrite(relayWrites.denyJoin);
  const decided = () => props.onDecided?.();
  // an errored resource throws when read: the header reads the list only when it has one
  const loaded = () => (list.state === "ready" || list.state === "refreshing" ? list.latest : undefined);
  const [busy, setBusy] = createSignal<Set<string>>(new Set());
  const mark = (id: string, on: boolean) =>
    setBusy((s) => {
      const n = new Set(s);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });

  /** One decision; true when it was made. */
  const decide = async (r: JoinRequestItem, approve: boolean, quiet = false): Promise<boolean> => {
    mark(r.id, true);
    try {
      const d = approve ? await approveJoin(props.relay.id, r.id) : await denyJoin(props.relay.id, r.id);
      if (!quiet)
        toast.success(
          d.status === "approved"
            ? "Approved: they're a member now."
            : d.status === "to_pay"
              ? "Approved: they're asked to pay on the join page."
              : "Denied: they've been told.",
        );
      return true;
    } catch (e) {
      toast.error(`Couldn't ${approve ? "approve" : "deny"}: ${errorMessage(e)}`);
      return false;
    } finally {
      mark(r.id, false);
    }
  };
  const one = async (r: JoinRequestItem, approve: boolean) => {
    if (await decide(r, approve)) decided();
  };
  const all = async (approve: boolean) => {
    let done = 0;
    // one at a time: each approval is checked against the allowance the one before used
    for (const r of loaded()?.items ?? []) if (await decide(r, approve, true)) done++;
    if (done) toast.success(`${done} request${done === 1 ? "" : "s"} ${approve ? "approved" : "denied"}.`);
    decided();
  };

  return (
    <Card data-testid="join-requests">
      <CardHeader>
        <CardTitle icon={UserPlus}>
          Join requests
          <Show when={(loaded()?.pending ?? 0) > 0}>
            <Badge data-testid="join-requests-count">{loaded()?.pending}</Badge>
          </Show>
        </CardTitle>
        <CardDescription>People who asked to join on the join page or from a Nostr app.</CardDescription>
        <Show when={(loaded()?.items.length ?? 0) > 1}>
          <CardAction class="flex gap-2">
            <Button size="sm" variant="outline" onClick={() => void all(false)} disabled={busy().size > 0}>
              Deny all
            </Button>
            <Button size="sm" onClick={() => void all(true)} disabled={busy().size > 0}>
              Approve all
            </Button>
          </CardAction>
        </Show>
      </CardHeader>
      <CardContent>
        <Async resource={list} refetch={refetch}>
          {(l) => (
            <Show
              when={l().items.length > 0}
              fallback={<EmptyState title="No requests waiting" description="New requests appear here." />}
            >
              <ul class="grid divide-y">
                <For each={l().items}>
                  {(r) => (
                    <li
                      class="flex flex-wrap items-center gap-3 py-3"
                      data-testid="join-request"
                      data-pubkey={r.pubkey}
                    >
                      <PersonAvatar name={r.name} picture={r.picture} npub={r.npub} />
                      <div class="grid min-w-0 flex-1 gap-1">
                        <PersonName name={r.name} npub={r.npub} />
                        <Show when={r.message}>
                          <p class="whitespace-pre-wrap text-sm" data-testid="join-request-message">
                            {r.message}
                          </p>
                        </Show>
                        <span class="text-xs text-muted-foreground">
                          {timeAgo(r.created_at)}
                          {r.source === "nip43" ? " · from a Nostr app" : ""}
                        </span>
                      </div>
                      <div class="flex gap-2">
                        <Button
                          size="sm"
                          variant="outline"
                          onClick={() => void one(r, false)}
                          disabled={busy().has(r.id)}
                          data-testid="join-request-deny"
                        >
                          <X /> Deny
                        </Button>
                        <Button
                          size="sm"
                          onClick={() => void one(r, true)}
                          disabled={busy().has(r.id)}
                          data-testid="join-request-approve"
                        >
                          <Check /> Approve
                        </Button>
                      </div>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Async>
      </CardContent>
    </Card>
  );
}
