// The relay's team (/relays/:id/team): who helps run it and in which role, added by npub or hex, their role changed or
// removed; and, for the owner, the offer of the relay to another owner. What each role may do here is the API's rule
// (the relay's `may`); the page offers only that.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage, type TeamRole } from "~/lib/api";
import { createDraft } from "~/lib/draft";
import { toNpub } from "~/lib/npub";
import { assignableRoles, canManageMember, may } from "~/lib/roles";
import { session } from "~/lib/session";
import { Badge } from "../../ui/badge";
import { Button } from "../../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../ui/card";
import { ConfirmDialog } from "../../ui/confirm-dialog";
import { Input, Label } from "../../ui/input";
import { useRelayPage } from "../page-context";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

const ROLE_WORDS: Record<TeamRole, string> = {
  admin: "Admin: everything but billing, the plan, deactivation and ownership",
  moderator: "Moderator: members, bans, reports and content",
};

export default function TeamSection() {
  const page = useRelayPage();
  const relay = () => page.relay();
  const viewerRole = () => relay().role ?? "owner";
  const me = () => session()?.pubkey;
  const [team] = createQuery(() => relay().id, relayQueries.team);
  const addMember = useWrite(relayWrites.addTeamMember);
  const changeMember = useWrite(relayWrites.changeTeamMember);
  const removeMember = useWrite(relayWrites.removeTeamMember);
  const [pubkey, setPubkey] = createDraft(`team-add:${page.relay().id}`);
  const [role, setRole] = createSignal<TeamRole>("moderator");
  const [busy, setBusy] = createSignal(false);

  const add = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await addMember(relay().id, pubkey().trim(), role());
      setPubkey("");
      toast.success("Added to the team.");
    } catch (err) {
      toast.error(`Couldn't add: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const change = async (pk: string, to: TeamRole) => {
    try {
      await changeMember(relay().id, pk, to);
      toast.success("Role changed.");
    } catch (err) {
      toast.error(`Couldn't change the role: ${errorMessage(err)}`);
    }
  };
  const remove = async (pk: string) => {
    try {
      await removeMember(relay().id, pk);
      toast.success(pk === me() ? "You left the team." : "Removed from the team.");
      if (pk === me()) page.refetch();
    } catch (err) {
      toast.error(`Couldn't remove: ${errorMessage(err)}`);
    }
  };

  return (
    <div class="grid grid-cols-1 gap-6">
      <Card data-testid="team-card">
        <CardHeader>
          <CardTitle>Team</CardTitle>
          <CardDescription>
            People who help run this relay, each signed in with their own key. A change applies on their next request.
          </CardDescription>
        </CardHeader>
        <CardContent class="grid gap-4">
          <ul class="grid gap-2" data-testid="team-list">
            <Show when={team()}>
              {(t) => (
                <li class="flex flex-wrap items-center gap-2 text-sm">
                  <span class="font-mono break-all">{toNpub(t().owner)}</span>
                  <Badge>owner</Badge>
                </li>
              )}
            </Show>
            <For each={team()?.items ?? []}>
              {(m) => (
                <li class="flex flex-wrap items-center gap-2 text-sm" data-testid="team-member">
                  <span class="font-mono break-all">{toNpub(m.pubkey)}</span>
                  <Badge data-testid="team-role">{m.role}</Badge>
                  <Show when={may(relay(), "team") && canManageMember(viewerRole(), m.role)}>
                    <select
                      aria-label="Role"
                      class="rounded-md border bg-background px-2 py-1 text-sm"
                      value={m.role}
                      onChange={(e) => change(m.pubkey, e.currentTarget.value as TeamRole)}
                    >
                      <For each={assignableRoles(viewerRole())}>{(r) => <option value={r}>{r}</option>}</For>
                    </select>
                  </Show>
                  <Show when={m.pubkey === me() || (may(relay(), "team") && canManageMember(viewerRole(), m.role))}>
                    <Button size="sm" variant="outline" onClick={() => remove(m.pubkey)}>
                      {m.pubkey === me() ? "Leave" : "Remove"}
                    </Button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show
            when={may(relay(), "team")}
            fallback={<p class="text-sm text-muted-foreground">Only the owner and admins change the team.</p>}
          >
            <form class="grid gap-2 sm:grid-cols-[1fr_auto_auto] sm:items-end" onSubmit={add}>
              <div class="grid gap-1">
                <Label for="team-pubkey">npub or hex key</Label>
                <Input
                  id="team-pubkey"
                  value={pubkey()}
                  onInput={(e) => setPubkey(e.currentTarget.value)}
                  placeholder="npub1…"
                  required
                />
              </div>
              <select
                aria-label="Role for the new member"
                class="h-9 rounded-md border bg-background px-2 text-sm"
                value={role()}
                onChange={(e) => setRole(e.currentTarget.value as TeamRole)}
              >
                <For each={assignableRoles(viewerRole())}>{(r) => <option value={r}>{r}</option>}</For>
              </select>
              <Button type="submit" disabled={busy() || !pubkey().trim()}>
                Add to team
              </Button>
            </form>
            <ul class="text-xs text-muted-foreground">
              <For each={assignableRoles(viewerRole())}>{(r) => <li>{ROLE_WORDS[r]}</li>}</For>
            </ul>
          </Show>
        </CardContent>
      </Card>
      <Show when={may(relay(), "ownership")}>
        <TransferCard />
      </Show>
    </div>
  );
}

/** The owner's offer of the relay to another key: made, shown while open, withdrawn. */
function TransferCard() {
  const page = useRelayPage();
  const [offer] = createQuery(() => page.relay().id, relayQueries.transfer);
  const offerRelay = useWrite(relayWrites.offerRelay);
  const withdrawOffer = useWrite(relayWrites.withdrawOffer);
  const [to, setTo] = createDraft(`transfer-to:${page.relay().id}`);
  const [confirming, setConfirming] = createSignal(false);
  const make = async () => {
    try {
      await offerRelay(page.relay().id, to().trim());
      setTo("");
      toast.success("Offered. The relay moves when they accept.");
    } catch (err) {
      toast.error(`Couldn't offer the relay: ${errorMessage(err)}`);
      throw err;
    }
  };
  const withdraw = async () => {
    try {
      await withdrawOffer(page.relay().id);
      toast.success("Offer withdrawn.");
    } catch (err) {
      toast.error(`Couldn't withdraw: ${errorMessage(err)}`);
    }
  };
  return (
    <Card data-testid="transfer-card">
      <CardHeader>
        <CardTitle>Transfer ownership</CardTitle>
        <CardDescription>
          Offer the relay to another key. It becomes theirs when they accept, signed in with that key; the period
          already paid stays paid, and its next renewal is theirs.
        </CardDescription>
      </CardHeader>
      <CardContent class="grid gap-3">
        <Show
          when={offer()}
          fallback={
            <form
              class="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end"
              onSubmit={(e) => {
                e.preventDefault();
                setConfirming(true);
              }}
            >
              <div class="grid gap-1">
                <Label for="transfer-to">New owner's npub or hex key</Label>
                <Input id="transfer-to" value={to()} onInput={(e) => setTo(e.currentTarget.value)} required />
              </div>
              <Button type="submit" variant="outline" disabled={!to().trim()}>
                Offer the relay
              </Button>
            </form>
          }
        >
          {(o) => (
            <div class="flex flex-wrap items-center gap-2 text-sm" data-testid="transfer-open">
              <span>
                Offered to <span class="font-mono break-all">{toNpub(o().to_pubkey)}</span>, waiting for them to accept.
              </span>
              <Button size="sm" variant="outline" onClick={withdraw}>
                Withdraw
              </Button>
            </div>
          )}
        </Show>
        <ConfirmDialog
          open={confirming()}
          onOpenChange={setConfirming}
          title={`Offer ${page.relay().name} to another owner?`}
          description="Once they accept, the relay and its next renewal are theirs, and you no longer see it."
          confirmLabel="Offer the relay"
          destructive
          onConfirm={make}
        />
      </CardContent>
    </Card>
  );
}
