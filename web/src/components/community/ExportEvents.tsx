// The Moderation page's export: everything the relay holds as a JSON-lines file (the format its import takes back),
// saved where the person picks.
import { createSignal } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { community } from "~/lib/community";
import { browserDownload, saveFile, type SavePicker } from "~/lib/save-file";
import { Download } from "../icons";
import { Button } from "../ui/button";

/**
 * Downloads the export with the session's token (a plain link would not carry it), through the save picker where the
 * browser has one (lib/save-file.ts). The picker is called as window's method: taken off window on its own it throws
 * "Illegal invocation", which once made every export end silently.
 */
async function download(relayId: string, subdomain: string) {
  const name = `${subdomain}-events.jsonl`;
  const w = window as unknown as { showSaveFilePicker?: SavePicker };
  const outcome = await saveFile(name, () => community.exportEvents(relayId), {
    picker: w.showSaveFilePicker ? (o) => w.showSaveFilePicker!(o) : undefined,
    notify: (m) => toast.error(m),
    download: browserDownload,
  });
  if (outcome === "saved") toast.success(`Saved ${name}.`);
}

export function ExportButton(props: { relayId: string; subdomain: string }) {
  const [exporting, setExporting] = createSignal(false);
  return (
    <Button
      variant="outline"
      loading={exporting()}
      onClick={async () => {
        setExporting(true);
        try {
          await download(props.relayId, props.subdomain);
        } catch (e) {
          toast.error(`Couldn't export: ${errorMessage(e)}`);
        } finally {
          setExporting(false);
        }
      }}
      data-testid="export"
    >
      <Download /> Export all events
    </Button>
  );
}
