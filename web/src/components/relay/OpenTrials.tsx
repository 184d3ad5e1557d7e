// The relay's open free trials, for its owner: who is on one, since when and until when, and ending one or all of
// them. Trials cost their takers nothing, so an owner who sees throw-away keys hold them can take the seats back; an
// ended trial does not start again (the person may still join by paying).
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import type { OpenTrial } from "~/lib/admission";
import { formatDate, shortKey } from "~/lib/format";
import type { Relay } from "~/lib/types";
import { Button } from "../ui/button";
import { createQuery } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

export function OpenTrials(props: { relay: Relay; readOnly?: boolean }) {
  const [trials] = createQuery(() => props.relay.id, relayQueries.trials);
  const endTrials = useWrite(relayWrites.endTrials);
  const [ending, setEnding] = createSignal<string | null>(null);
  // an errored resource throws when read: the list is empty then, and the error is shown instead
  const items = (): OpenTrial[] => (trials.state === "ready" || trials.state === "refreshing" ? trials().items : []);

  const end = async (which: OpenTrial | "all") => {
    setEnding(which === "all" ? "all" : which.pubkey);
    try {
      const r = await endTrials(props.relay.id, which === "all" ? { all: true } : { pubkey: which.pubkey });
      toast.success(r.ended === 1 ? "The trial ended." : `${r.ended} trials ended.`);
    } catch (e) {
      toast.error(`Couldn't end the trial: ${errorMessage(e)}`);
    } finally {
      setEnding(null);
    }
  };

  return (
    <div class="grid gap-3 rounded-lg border p-3" data-testid="admission-trials">
      <div class="flex flex-wrap items-center justify-between gap-2">
        <span class="text-sm font-medium">Open free trials</span>
        <Show when={!props.readOnly && items().length > 1}>
          <Button
            type="button"
            variant="outline"
            size="sm"
            loading={ending() === "all"}
            disabled={ending() !== null}
            onClick={() => void end("all")}
            data-testid="admission-trials-end-all"
          >
            End all
          </Button>
        </Show>
      </div>
      <Show when={trials.error}>
        <p class="text-xs text-destructive">Couldn't load the trials: {errorMessage(trials.error)}</p>
      </Show>
      <Show
        when={items().length > 0}
        fallback={
          <p class="text-xs text-muted-foreground" data-testid="admission-trials-none">
            No one is on a free trial.
          </p>
        }
      >
        <ul class="grid gap-2">
          <For each={items()}>
            {(t) => (
              <li class="flex flex-wrap items-center gap-2 text-sm" data-testid="admission-trial">
                <span class="font-mono text-xs">{shortKey(t.pubkey)}</span>
                <span class="text-xs text-muted-foreground">
                  since {formatDate(t.started_at)}
                  {t.ends_at ? `, until ${formatDate(t.ends_at)}` : ""}
                </span>
                <Show when={!props.readOnly}>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    class="ml-auto"
                    loading={ending() === t.pubkey}
                    disabled={ending() !== null}
                    onClick={() => void end(t)}
                    data-testid="admission-trial-end"
                  >
                    End
                  </Button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <p class="text-xs text-muted-foreground">
        Trials hold at most half of the seats paying members do not, so people who pay can always join. An ended trial
        does not start again; that person can still join by paying.
      </p>
    </div>
  );
}
