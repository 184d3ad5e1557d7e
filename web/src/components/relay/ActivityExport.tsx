// The activity export's choices (docs/api-tokens.md#the-activity-export): the days (UTC, both included; the last 30 by
// default) and the format, CSV or JSON lines. The file comes from the API with the session's own authorization (a
// plain link would carry none), streamed to disk where the browser can, downloaded otherwise.
import { createSignal } from "solid-js";
import { toast } from "solid-sonner";
import { download, fillPath } from "~/lib/api";
import { browserDownload, saveFile } from "~/lib/save-file";
import type { Relay } from "~/lib/types";
import { DownloadButton } from "../DownloadButton";
import { Input, Label } from "../ui/input";
import { Select } from "../ui/select";

const FORMATS = [
  { value: "csv", label: "CSV", accept: "text/csv" },
  { value: "jsonl", label: "JSON lines", accept: "application/x-ndjson" },
];

/** A day as the API takes it, YYYY-MM-DD in UTC. */
const day = (d: Date) => d.toISOString().slice(0, 10);

export function ActivityExport(props: { relay: Relay; download?: (blob: Blob, name: string) => void }) {
  const today = new Date();
  const [from, setFrom] = createSignal(day(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = createSignal(day(today));
  const [format, setFormat] = createSignal("csv");
  const save = () => {
    const f = FORMATS.find((x) => x.value === format()) ?? FORMATS[0];
    const query = new URLSearchParams({ from: from(), to: to(), format: f.value });
    const path = `${fillPath("/relays/{id}/activity/export", { id: props.relay.id })}?${query}`;
    return saveFile(
      `${props.relay.subdomain}-activity-${from()}_${to()}.${f.value}`,
      () => download(path, f.accept, "The export failed"),
      { notify: (m) => toast.error(m), download: props.download ?? browserDownload },
    );
  };
  return (
    <div class="flex flex-wrap items-end gap-2 pt-2" data-testid="activity-export-form">
      <div class="grid gap-1">
        <Label for="activity-from">From</Label>
        <Input
          id="activity-from"
          type="date"
          class="w-40"
          value={from()}
          onInput={(e) => setFrom(e.currentTarget.value)}
          data-testid="activity-export-from"
        />
      </div>
      <div class="grid gap-1">
        <Label for="activity-to">To</Label>
        <Input
          id="activity-to"
          type="date"
          class="w-40"
          value={to()}
          onInput={(e) => setTo(e.currentTarget.value)}
          data-testid="activity-export-to"
        />
      </div>
      <Select
        label="Format"
        options={FORMATS}
        value={format()}
        onChange={setFormat}
        triggerClass="w-36"
        testId="activity-export-format"
      />
      <DownloadButton size="sm" testId="activity-export" disabled={!from() || !to()} save={save}>
        Export
      </DownloadButton>
    </div>
  );
}
