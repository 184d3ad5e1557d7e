// The Moderation page's Bans tab: the relay's ban list (reason, and when each ban ends), a ban by pubkey (its posts
// deleted) for good or until a time, and lifting a ban, optionally restoring the membership.
import { useWrite } from "~/lib/queries/write";
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { BAN_DURATIONS, banEndText, banUntil } from "~/lib/ban-terms";
import { banKey, liftBan, relayBans } from "~/lib/ban-queries";
import type { Ban } from "~/lib/community";
import { readQuery } from "~/lib/read-query";
import { EmptyState } from "../states";
import { LoadedList } from "../LoadedList";
import { ShieldAlert } from "../icons";
import { Button } from "../ui/button";
import { Checkbox } from "../ui/checkbox";
import { Input } from "../ui/input";
import { Select } from "../ui/select";
import { Skeleton } from "../ui/skeleton";
import { ConfirmAction } from "../ConfirmAction";
import { BanKeyForm } from "../KeyForm";
import { PersonAvatar, PersonName } from "./PersonRow";
import { ReasonField } from "../ReasonField";

export function BansTab(props: { relayId: string }) {
  const [bans, refresh] = readQuery(
    () => relayBans(props.relayId),
    () => relayBans.keyFor(props.relayId),
  );
  const ban = useWrite(banKey);
  const unban = useWrite(liftBan);
  const [lifting, setLifting] = createSignal<Ban | null>(null);
  const [restore, setRestore] = createSignal(false);
  const [reason, setReason] = createSignal("");
  const [duration, setDuration] = createSignal("");
  const [customEnd, setCustomEnd] = createSignal("");
  const lift = async (b: Ban) => {
    try {
      const r = await unban(props.relayId, b.pubkey, restore());
      toast.success(
        r?.membership_restored
          ? "Ban lifted and membership restored."
          : "Ban lifted. They can join again with an invite.",
      );
      setRestore(false);
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  const banPubkey = async (pubkey: string) => {
    try {
      const end = banUntil(duration(), customEnd());
      if ("error" in end) {
        toast.error(end.error);
        throw new Error(end.error);
      }
      await ban(props.relayId, pubkey, reason().trim(), end.until);
      toast.success(
        end.until
          ? `Banned ${banEndText(end.until)}; everything they wrote here is deleted.`
          : "Banned; everything they wrote here is deleted.",
      );
      setReason("");
      setDuration("");
      setCustomEnd("");
    } catch (e) {
      toast.error(errorMessage(e));
      throw e;
    }
  };
  return (
    <div class="grid grid-cols-1 gap-4">
      <BanKeyForm
        inline
        placeholder="npub1… to ban"
        label="Public key to ban"
        submitLabel={
          <>
            <ShieldAlert /> Ban
          </>
        }
        submitTestId="ban-pubkey"
        confirm={{
          title: "Ban this person?",
          label: "Ban and delete their posts",
          description: (
            <span class="grid gap-3">
              <span>
                <strong>Everything they wrote on this relay is deleted</strong>, and they cannot join until the ban is
                lifted.
              </span>
              <ReasonField value={reason()} onInput={setReason} />
              <Select
                label="How long"
                options={[...BAN_DURATIONS]}
                value={duration()}
                onChange={setDuration}
                testId="ban-duration"
              />
              <Show when={duration() === "custom"}>
                <Input
                  type="datetime-local"
                  aria-label="The ban ends at"
                  value={customEnd()}
                  onInput={(e) => setCustomEnd(e.currentTarget.value)}
                  data-testid="ban-until"
                />
              </Show>
              <Show when={duration() !== ""}>
                <span class="text-xs text-muted-foreground">
                  When the ban ends they are not made a member again: they can join again like anyone.
                </span>
              </Show>
            </span>
          ),
        }}
        onBan={banPubkey}
      />
      <LoadedList
        resource={bans}
        refetch={refresh}
        items={(l) => l}
        label="Banned people"
        class="divide-y rounded-lg border"
        loading={<Skeleton class="h-24 w-full" />}
        errorTitle="Couldn't read the ban list"
        empty={<EmptyState class="py-8" title="Nobody is banned" />}
      >
        {(b) => (
          <li class="flex items-center gap-3 px-3 py-2" data-testid="ban-row">
            <PersonAvatar name={b.name} picture={b.picture} npub={b.npub} />
            <div class="grid min-w-0 flex-1">
              <PersonName name={b.name} npub={b.npub} />
              <span class="truncate text-xs text-muted-foreground" data-testid="ban-terms">
                {b.reason ? `${b.reason} · ` : "No reason given · "}
                {banEndText(b.until)}
              </span>
            </div>
            <Button variant="outline" size="sm" onClick={() => setLifting(b)} data-testid="unban">
              Lift ban
            </Button>
          </li>
        )}
      </LoadedList>
      <ConfirmAction
        picked={[lifting, setLifting]}
        title="Lift this ban?"
        description={() => (
          <span class="grid gap-3">
            <span>They may join again. Posts deleted by the ban do not come back.</span>
            <Checkbox checked={restore()} onChange={setRestore} label="Make them a member again now" />
          </span>
        )}
        confirmLabel="Lift ban"
        onConfirm={lift}
      />
    </div>
  );
}
