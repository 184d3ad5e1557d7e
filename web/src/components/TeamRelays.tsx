// On the relays page: relays offered to the signed-in key (accepted or declined here), and the relays it helps run
// as a team member, each with its role.
import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { toNpub } from "~/lib/npub";
import { session } from "~/lib/session";
import { Badge } from "./ui/badge";
import { Button } from "./ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "./ui/card";
import { createQuery } from "~/lib/queries/read";
import { tenantQueries } from "~/lib/queries/tenant";
import { tenantWrites } from "~/lib/queries/tenant-writes";
import { useWrite } from "~/lib/queries/write";

export function PendingTransfers(props: { onAccepted: () => void }) {
  const navigate = useNavigate();
  const [offers] = createQuery(
    () => session()?.pubkey,
    (pk) => tenantQueries.transfers(pk).catch(() => []),
  );
  const acceptTransfer = useWrite(tenantWrites.acceptTransfer);
  const declineTransfer = useWrite(tenantWrites.declineTransfer);
  // the offer being answered: its buttons stay disabled until the answer, so a double click accepts once
  const [answering, setAnswering] = createSignal<string | null>(null);
  const accept = async (id: string) => {
    if (answering()) return;
    setAnswering(id);
    try {
      const r = await acceptTransfer(id);
      toast.success(`${r.name} is yours now.`);
      props.onAccepted();
      navigate(`/relays/${r.id}`);
    } catch (e) {
      toast.error(`Couldn't accept: ${errorMessage(e)}`);
    } finally {
      setAnswering(null);
    }
  };
  const decline = async (id: string) => {
    if (answering()) return;
    setAnswering(id);
    try {
      await declineTransfer(id);
      toast.success("Declined.");
    } catch (e) {
      toast.error(`Couldn't decline: ${errorMessage(e)}`);
    } finally {
      setAnswering(null);
    }
  };
  return (
    <For each={offers() ?? []}>
      {(o) => (
        <div
          class="flex flex-wrap items-center gap-3 rounded-md border border-primary/40 bg-primary/5 p-4 text-sm"
          role="status"
          data-testid="pending-transfer"
        >
          <span class="grow">
            <strong>{o.relay_name}</strong> ({o.subdomain}) is offered to you by{" "}
            <span class="font-mono break-all">{toNpub(o.from_pubkey)}</span>. Accepting makes it yours, with its next
            renewal.
          </span>
          <Button size="sm" onClick={() => accept(o.id)} disabled={answering() !== null} data-testid="accept-transfer">
            Accept
          </Button>
          <Button size="sm" variant="outline" onClick={() => decline(o.id)} disabled={answering() !== null}>
            Decline
          </Button>
        </div>
      )}
    </For>
  );
}

export function TeamRelays() {
  const [relays] = createQuery(
    () => session()?.pubkey,
    (pk) => tenantQueries.teamRelays(pk).catch(() => []),
  );
  return (
    <Show when={(relays() ?? []).length > 0}>
      <Card data-testid="team-relays">
        <CardHeader>
          <CardTitle>Relays you help run</CardTitle>
        </CardHeader>
        <CardContent>
          <ul class="grid gap-2">
            <For each={relays()}>
              {(r) => (
                <li class="flex items-center gap-2 text-sm">
                  <A href={`/relays/${r.id}`} class="font-medium underline-offset-4 hover:underline">
                    {r.name}
                  </A>
                  <span class="text-muted-foreground">{r.subdomain}</span>
                  <Badge data-testid="team-relay-role">{r.role}</Badge>
                </li>
              )}
            </For>
          </ul>
        </CardContent>
      </Card>
    </Show>
  );
}
