// The Settings section's danger zone: its owner deletes the relay by typing its subdomain (the API refuses anything
// else, naming the field). What happens is said before, not after: a final backup, offline at once, 7 days to undo,
// then the purge (what it erases on the relay host is the platform's: purge-words.ts), the subdomain and free place
// released.
import { createSignal } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import type { Relay } from "~/lib/types";
import { Trash } from "../icons";
import { Button } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { TextField } from "../ui/text-field";
import { afterTheWindow, usePurgeRemovesData } from "./purge-words";

export function DeleteRelayCard(props: { relay: Relay; onDeleted: (r: Relay) => void }) {
  const [typed, setTyped] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const removesData = usePurgeRemovesData();
  const matches = () => typed().trim() === props.relay.subdomain;
  const deleteRelay = useWrite(relayWrites.deleteRelay);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!matches() || busy()) return;
    setBusy(true);
    setError(null);
    try {
      const r = await deleteRelay(props.relay.id, typed().trim());
      toast.success(`${props.relay.name} is deleted. You can undo it for 7 days.`);
      props.onDeleted(r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-testid="relay-delete" class="border-destructive/50 lg:col-span-2">
      <CardHeader>
        <CardTitle>Delete relay</CardTitle>
        <CardDescription>
          A final backup of its posts is written, and the relay goes offline for everyone at once. For 7 days you can
          undo the deletion and get it back as it was, with its address, members and posts.{" "}
          {afterTheWindow(removesData())} A free relay's place in your account is free right away.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form class="grid max-w-md grid-cols-1 gap-3" onSubmit={submit}>
          <TextField
            label={
              <>
                Type <span class="font-mono">{props.relay.subdomain}</span> to confirm
              </>
            }
            value={typed()}
            onChange={setTyped}
            error={error()}
            autocomplete="off"
            spellcheck={false}
            testId="delete-confirm"
          />
          <Button
            type="submit"
            variant="destructive"
            class="justify-self-start"
            disabled={!matches() || busy()}
            data-testid="delete-relay"
          >
            <Trash /> Delete relay
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
