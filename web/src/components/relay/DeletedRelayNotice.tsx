// A deleted relay's notice, on its page and in the relay list: until when it can be brought back, and the Undo
// button while the API still offers it (undo_delete); after the purge, that it is gone for good, and whether its posts
// and media stay stored on the relay host (purge-words.ts).
import { createSignal, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";
import type { Relay } from "~/lib/types";
import { RotateCcw } from "../icons";
import { Button } from "../ui/button";
import { purgedNotice, usePurgeRemovesData } from "./purge-words";

export function DeletedRelayNotice(props: { relay: Relay; canUndo: boolean; onUndone: (r: Relay) => void }) {
  const [busy, setBusy] = createSignal(false);
  const removesData = usePurgeRemovesData();
  const until = () => new Date((props.relay.deletion?.undo_until ?? 0) * 1000).toLocaleString();
  const undeleteRelay = useWrite(relayWrites.undeleteRelay);
  const undo = async () => {
    setBusy(true);
    try {
      const r = await undeleteRelay(props.relay.id);
      toast.success(`${props.relay.name} is back.`);
      props.onUndone(r);
    } catch (e) {
      toast.error(`Couldn't undo the deletion: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={props.relay.deletion}>
      {(d) => (
        <div
          class="relative z-10 flex flex-wrap items-center gap-3 rounded-lg border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm"
          role="status"
          data-testid="relay-deleted"
        >
          <span class="flex-1">
            {d().purged_at !== null
              ? purgedNotice(removesData())
              : `Deleted. It can be brought back as it was until ${until()}.`}
          </span>
          <Show when={props.canUndo && d().purged_at === null}>
            <Button size="sm" variant="outline" onClick={undo} disabled={busy()} data-testid="undo-delete">
              <RotateCcw /> Undo
            </Button>
          </Show>
        </div>
      )}
    </Show>
  );
}
