// The relay's members, from the relay itself: add by npub (within the plan's allowance), remove, ban (which deletes
// everything the person wrote on the relay, so it asks first). Joins the relay reversed because it was full are
// listed, so the owner sees what the DM told them. Each member's NIP-05 name at the relay's host is shown, and the
// owner gives, changes or takes it back here (when the plan offers names). Erase removes a person for good (their
// posts gone from the relay, docs/erasure.md), confirmed by typing their npub; the API checks what is typed.
import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import { paidNote, type AdmissionMode } from "~/lib/admission";
import { displayName, type CapReachedBody, type CommunityMember } from "~/lib/community";
import { timeAgo } from "~/lib/format";
import { KeyForm } from "../KeyForm";
import { ConfirmAction } from "../ConfirmAction";
import { toNpub } from "~/lib/npub";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import type { Relay } from "~/lib/types";
import { cn } from "~/lib/utils";
import { Async, EmptyState, ErrorState } from "../states";
import { CopyButton } from "../copy";
import { AtSign, RefreshCw, ShieldAlert, Trash, Users, X } from "../icons";
import { may } from "~/lib/roles";
import { Input } from "../ui/input";
import { WarningNotice } from "../WarningNotice";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { ReasonField } from "../ReasonField";
import { Skeleton, Skeletons } from "../ui/skeleton";
import { PlanName, usePlan } from "../PlanName";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "../ui/dialog";
import { nip05Address, nip05Resolvable, publicHost } from "~/lib/domains";
import { PersonAvatar, PersonName } from "./PersonRow";
import { NameForm } from "./NameForm";
import { NoNip05Here } from "./NoNip05Here";
import { PaidMembers } from "./PaidMembers";

/** owner: whether the viewer owns the relay (default); the count then excludes "you", otherwise "the owner". */
/** @param props.admission the relay's admission mode: unless free, the people who paid to join are listed too */
export function MembersCard(props: { relay: Relay; base: string; owner?: boolean; admission?: AdmissionMode }) {
  const live = () => props.relay.status === "active";
  // both lists are read again when the relay page revalidates them (the live stream counted a join or a leave)
  const [members] = createQuery(
    () => (live() ? ([props.relay.id, props.relay.plan] as const) : null),
    ([id, plan]) => relayQueries.members(id, plan),
  );
  const refetch = () => refresh(relayQueries.members.key(props.relay.id));
  // who paid to join (from Caravel's own records, so also while the relay is offline); a free relay has nobody
  const [paid] = createQuery(
    () => (props.admission && props.admission !== "free" ? props.relay.id : null),
    relayQueries.paidMembers,
  );
  const refetchPaid = () => refresh(relayQueries.paidMembers.key(props.relay.id));
  const addMember = useWrite(relayWrites.addMember);
  const removeMember = useWrite(relayWrites.removeMember);
  const banMember = useWrite(relayWrites.banMember);
  const eraseMember = useWrite(relayWrites.eraseMember);
  const setName = useWrite(relayWrites.setName);
  const removeName = useWrite(relayWrites.removeName);
  const paidList = () => (paid.state === "ready" || paid.state === "refreshing" ? paid.latest : undefined);
  /** What a person paid to join, for the removal's and the ban's confirmation. */
  const paidBy = (m: CommunityMember | null) =>
    m ? paidNote(paidList()?.items.find((p) => p.pubkey === m.pubkey)) : null;
  const removingPaid = () => paidBy(removing());
  const [adding, setAdding] = createSignal(false);
  const [full, setFull] = createSignal<CapReachedBody | null>(null);
  const [removing, setRemoving] = createSignal<CommunityMember | null>(null);
  const [banning, setBanning] = createSignal<CommunityMember | null>(null);
  const [reason, setReason] = createSignal("");
  const [erasing, setErasing] = createSignal<CommunityMember | null>(null);
  const [typed, setTyped] = createSignal("");
  const [naming, setNaming] = createSignal<CommunityMember | null>(null);
  // names are at the address members use: the relay's own domain while in use, else its usual host
  const host = () => publicHost(props.relay);
  const plan = usePlan(() => props.relay.plan);
  const namesOn = () => plan()?.names !== false;

  // a mistyped key is named under the field (KeyForm) once the person tries to add it; nothing is sent
  const add = async (pubkey: string, clear: () => void) => {
    setAdding(true);
    setFull(null);
    try {
      const m = await addMember(props.relay.id, pubkey);
      toast.success(`${displayName(m.name, m.npub)} is now a member.`);
      clear();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && (err.body as CapReachedBody)?.limit != null)
        setFull(err.body as CapReachedBody);
      else toast.error(`Couldn't add the member: ${errorMessage(err)}`);
    } finally {
      setAdding(false);
    }
  };
  const remove = async (m: CommunityMember) => {
    try {
      await removeMember(props.relay.id, m.pubkey);
      toast.success(`${displayName(m.name, m.npub)} is no longer a member.`);
    } catch (err) {
      toast.error(`Couldn't remove the member: ${errorMessage(err)}`);
      throw err;
    }
  };
  const ban = async (m: CommunityMember) => {
    try {
      await banMember(props.relay.id, m.pubkey, reason().trim());
      toast.success(`${displayName(m.name, m.npub)} is banned and everything they wrote here is deleted.`);
      setReason("");
    } catch (err) {
      toast.error(`Couldn't ban: ${errorMessage(err)}`);
      throw err;
    }
  };

  const erase = async (m: CommunityMember) => {
    try {
      await eraseMember(props.relay.id, m.pubkey, typed().trim());
      toast.success(`${displayName(m.name, m.npub)} is being erased: their posts are leaving the relay.`);
      setTyped("");
    } catch (err) {
      toast.error(`Couldn't erase: ${errorMessage(err)}`);
      throw err;
    }
  };

  return (
    <Card data-testid="members">
      <CardHeader>
        <CardTitle icon={Users}>Members</CardTitle>
        <CardDescription>People allowed to read and post on this relay.</CardDescription>
        <CardAction>
          <Button
            variant="ghost"
            size="icon-sm"
            onClick={refetch}
            aria-label="Refresh members"
            disabled={members.loading || !live()}
          >
            <RefreshCw class={cn(members.loading && "animate-spin")} />
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent class="grid grid-cols-1 gap-4">
        <Show
          when={live()}
          fallback={
            <EmptyState
              class="py-8"
              icon={<Users />}
              title="Members appear here once the relay is active"
              description="The member list is read from the relay itself."
            />
          }
        >
          <KeyForm
            inline
            id="add-member"
            label="npub or hex public key of the person to add"
            placeholder="npub1… of the person to add"
            submitLabel="Add member"
            submitTestId="add-member"
            busy={adding()}
            testId="add-member-form"
            onKey={(pubkey, clear) => void add(pubkey, clear)}
          />
          <Show when={full()}>
            {(f) => (
              <WarningNotice compact title={`The relay is full (${f().count} of ${f().limit})`} testId="member-cap">
                <span class="text-muted-foreground">{f().error}</span>
                <Show when={f().upgrade_to.length > 0}>
                  <A
                    href={`${props.base}/${props.relay.id}/edit`}
                    class="justify-self-start text-sm font-medium underline underline-offset-4"
                  >
                    Change the plan
                  </A>
                </Show>
              </WarningNotice>
            )}
          </Show>
          <Async
            resource={members}
            refetch={refetch}
            loading={<Skeletons count={3} class="grid grid-cols-1 gap-2" each="h-10 w-full" />}
            error={(e, retry) => (
              <ErrorState
                compact
                error={e}
                retry={retry}
                tone={e instanceof ApiError && e.status === 503 ? "warning" : "error"}
                title={
                  e instanceof ApiError && e.status === 503
                    ? "The relay can't be reached right now"
                    : "Couldn't load the members"
                }
              />
            )}
          >
            {(m) => (
              <div class="grid grid-cols-1 gap-3">
                <Show when={m().refusals.length > 0}>
                  <div
                    class="grid gap-1 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm"
                    role="status"
                    data-testid="cap-refusals"
                  >
                    <span class="font-medium">Joins turned away because the relay was full</span>
                    <For each={m().refusals}>
                      {(r) => (
                        <span class="text-muted-foreground">
                          <span class="font-mono text-xs">{toNpub(r.pubkey).slice(0, 16)}…</span>{" "}
                          {timeAgo(r.created_at)} — <PlanName id={r.plan} /> allows {r.cap}. They were told by DM.
                        </span>
                      )}
                    </For>
                  </div>
                </Show>
                <Show
                  when={m().items.length > 0}
                  fallback={
                    <EmptyState
                      class="py-8"
                      icon={<Users />}
                      title="No members yet"
                      description="Share an invite link, or add someone by npub."
                    />
                  }
                >
                  <Show when={namesOn() && !nip05Resolvable(host()) && m().items.some((x) => x.nip05_name)}>
                    <NoNip05Here host={host()} relayUrl={props.relay.public_url || props.relay.url} />
                  </Show>
                  <ul class="divide-y rounded-lg border" aria-label="Member list">
                    <For each={m().items}>
                      {(member) => (
                        // the person and the actions wrap onto two lines where both do not fit (a phone): the
                        // name then has the row's width, so whom an action is for stays readable
                        <li class="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2" data-testid="member-row">
                          <div class="flex min-w-48 flex-1 items-center gap-3" data-testid="member-person">
                            <PersonAvatar name={member.name} picture={member.picture} npub={member.npub} />
                            <PersonName
                              name={member.name}
                              npub={member.npub}
                              nip05={
                                member.nip05_name
                                  ? (nip05Address(member.nip05_name, host()) ?? `name: ${member.nip05_name}`)
                                  : null
                              }
                            />
                          </div>
                          <div class="ml-auto flex items-center gap-1" data-testid="member-actions">
                            <Show when={member.role !== "member"}>
                              <Badge
                                variant={member.role === "owner" ? "default" : "secondary"}
                                data-testid="member-role"
                              >
                                {member.role}
                              </Badge>
                            </Show>
                            <CopyButton text={member.npub} label="Copy npub" toastText="npub copied" />
                            <Show when={namesOn()}>
                              {/* a word beside the @: the icon alone did not say what it does; the word starts
                                the accessible name, so what is seen is what a voice user says */}
                              <Button
                                variant="ghost"
                                size="sm"
                                class="h-8 px-2"
                                aria-label={`${member.nip05_name ? "Rename" : "Name"} ${displayName(member.name, member.npub)}`}
                                title={member.nip05_name ? "Change their NIP-05 name" : "Give them a NIP-05 name"}
                                onClick={() => setNaming(member)}
                                data-testid="name-member"
                              >
                                <AtSign />
                                {member.nip05_name ? "Rename" : "Name"}
                              </Button>
                            </Show>
                            <Show when={member.role !== "owner"}>
                              <Button
                                variant="ghost"
                                size="icon-sm"
                                aria-label={`Remove ${displayName(member.name, member.npub)}`}
                                title="Remove"
                                onClick={() => setRemoving(member)}
                                data-testid="remove-member"
                              >
                                <X />
                              </Button>
                              <Button
                                variant="ghost"
                                size="icon-sm"
                                class="text-destructive hover:text-destructive"
                                aria-label={`Ban ${displayName(member.name, member.npub)}`}
                                title="Ban"
                                onClick={() => setBanning(member)}
                                data-testid="ban-member"
                              >
                                <ShieldAlert />
                              </Button>
                              <Show when={may(props.relay, "erase")}>
                                <Button
                                  variant="ghost"
                                  size="icon-sm"
                                  class="text-destructive hover:text-destructive"
                                  aria-label={`Erase ${displayName(member.name, member.npub)}`}
                                  title="Erase (their posts removed for good)"
                                  onClick={() => {
                                    setTyped("");
                                    setErasing(member);
                                  }}
                                  data-testid="erase-member"
                                >
                                  <Trash />
                                </Button>
                              </Show>
                            </Show>
                          </div>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <p class="text-xs text-muted-foreground" data-testid="member-count">
                  {m().count} member{m().count === 1 ? "" : "s"}
                  <Show when={m().limit}>
                    {(max) => (
                      <>
                        {" "}
                        of {max()} on the <PlanName id={m().plan} /> plan
                      </>
                    )}
                  </Show>{" "}
                  besides {props.owner === false ? "the owner" : "you"}
                </p>
                <Show when={m().limit != null && m().count > (m().limit as number)}>
                  <p class="text-xs text-warning" role="status">
                    This relay has more members than its plan includes. Upgrade the plan to keep adding members.
                  </p>
                </Show>
              </div>
            )}
          </Async>
        </Show>
        <Show when={props.admission && props.admission !== "free"}>
          <Show
            when={paidList()}
            fallback={
              <Show when={paid.state === "errored"} fallback={<Skeleton class="h-24 w-full" />}>
                <ErrorState compact error={paid.error} retry={refetchPaid} title="Couldn't load the paying members" />
              </Show>
            }
          >
            {(list) => <PaidMembers relay={props.relay} list={list()} />}
          </Show>
        </Show>
      </CardContent>
      <Dialog open={naming() !== null} onOpenChange={(o) => !o && setNaming(null)}>
        <DialogContent class="max-w-md" testId="member-name-dialog">
          <DialogHeader>
            <DialogTitle>{naming() ? `${displayName(naming()!.name, naming()!.npub)}'s name` : "Name"}</DialogTitle>
            <DialogDescription>
              A NIP-05 address at this relay: Nostr apps show it beside their name and find them by it. A member holds
              one name here; they can also choose it themselves.
            </DialogDescription>
          </DialogHeader>
          <Show when={naming()}>
            {(m) => (
              <NameForm
                host={host()}
                relayUrl={props.relay.public_url || props.relay.url}
                current={m().nip05_name}
                owner
                whose={`${displayName(m().name, m().npub)}'s name`}
                onSave={(name) => setName(props.relay.id, name, m().pubkey)}
                onRemove={() => removeName(props.relay.id, m().nip05_name!)}
                onDone={() => setNaming(null)}
                testId="member-name"
              />
            )}
          </Show>
        </DialogContent>
      </Dialog>
      <ConfirmAction
        picked={[removing, setRemoving]}
        title={(m) => `Remove ${displayName(m.name, m.npub)}?`}
        description={() => (
          <span class="grid gap-2">
            <span>
              They can no longer read or post here. What they wrote stays, and they can join again with an invite.
            </span>
            <Show when={removingPaid()}>{(note) => <span data-testid="remove-member-paid">{note()}</span>}</Show>
          </span>
        )}
        confirmLabel="Remove"
        destructive
        onConfirm={remove}
      />
      <ConfirmAction
        picked={[banning, setBanning]}
        title={(m) => `Ban ${displayName(m.name, m.npub)}?`}
        description={(m) => (
          <span class="grid gap-3">
            <span>
              <strong>Everything they wrote on this relay is deleted</strong>, and they cannot join again until you lift
              the ban. Lifting it later does not bring their posts back.
            </span>
            <Show when={paidBy(m)}>{(note) => <span data-testid="ban-member-paid">{note()}</span>}</Show>
            <ReasonField
              placeholder="Reason (kept with the ban)"
              label="Reason for the ban"
              value={reason()}
              onInput={setReason}
            />
          </span>
        )}
        confirmLabel="Ban and delete their posts"
        destructive
        onConfirm={ban}
      />
      <ConfirmAction
        picked={[erasing, setErasing]}
        title={(m) => `Erase ${displayName(m.name, m.npub)}?`}
        description={(m) => (
          <span class="grid gap-3">
            <span>
              <strong>Everything they wrote on this relay is removed for good</strong> and refused if published again;
              their membership, name and paid membership end. This cannot be undone, by anyone. Backups taken before
              today still hold their posts until they are pruned. They are told by DM.
            </span>
            <span class="grid gap-1 text-sm">
              <label for="erase-confirm">Type their npub to confirm</label>
              <Input
                id="erase-confirm"
                value={typed()}
                onInput={(e) => setTyped(e.currentTarget.value)}
                placeholder={m.npub}
                autocomplete="off"
                spellcheck={false}
                data-testid="erase-confirm"
              />
            </span>
          </span>
        )}
        confirmLabel="Erase for good"
        destructive
        onConfirm={erase}
      />
    </Card>
  );
}
