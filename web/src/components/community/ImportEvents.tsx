// The moderation page's Import control, beside Export: picks a JSON-lines file (an export), sends it to the relay's
// import, and shows "Imported N, skipped M" with the first problems line by line (the relay's own words where it
// refused an event). An import that stopped part-way shows what it imported before the error.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { type ImportResult, importEvents, importSummary, stoppedResult } from "~/lib/community";
import { Upload } from "../icons";
import { Button } from "../ui/button";

/** Problems shown on the page; the rest are counted. */
const SHOWN = 5;

export function ImportButton(props: { relayId: string; onResult: (r: ImportResult | null, error?: string) => void }) {
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;
  const run = async (file: File) => {
    setBusy(true);
    try {
      const r = await importEvents(props.relayId, file);
      props.onResult(r);
      toast.success(importSummary(r));
    } catch (e) {
      const partial = stoppedResult(e);
      props.onResult(partial, errorMessage(e));
      toast.error(`Couldn't import: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
      if (input) input.value = ""; // the same file may be picked again
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".jsonl,.ndjson,application/x-ndjson"
        class="hidden"
        data-testid="import-file"
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          if (f) void run(f);
        }}
      />
      <Button variant="outline" loading={busy()} onClick={() => input?.click()} data-testid="import">
        <Upload /> Import events
      </Button>
    </>
  );
}

/** The outcome of the last import: the summary, an error when it stopped, and the first problems. */
export function ImportOutcome(props: { result: ImportResult | null; error?: string }) {
  const hidden = () => (props.result ? props.result.problems.length - SHOWN + props.result.problems_omitted : 0);
  return (
    <div class="grid gap-2 rounded-lg border p-3 text-sm" role="status" data-testid="import-outcome">
      <Show when={props.error}>
        <p class="text-destructive">{props.error}</p>
      </Show>
      <Show when={props.result}>
        {(r) => (
          <>
            <p class="font-medium" data-testid="import-summary">
              {importSummary(r())}
            </p>
            <Show when={r().problems.length > 0}>
              <ul class="grid gap-1 text-muted-foreground" data-testid="import-problems">
                <For each={r().problems.slice(0, SHOWN)}>
                  {(p) => (
                    <li>
                      Line {p.line}
                      <Show when={p.event_id}>{(id) => <span class="font-mono"> ({id().slice(0, 12)}…)</span>}</Show>:{" "}
                      {p.message}
                    </li>
                  )}
                </For>
              </ul>
              <Show when={hidden() > 0}>
                <p class="text-muted-foreground">and {hidden()} more.</p>
              </Show>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
