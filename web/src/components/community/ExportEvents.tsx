// The Moderation page's export: everything the relay holds as a JSON-lines file (the format its import takes back),
// saved where the person picks.
import { toast } from "solid-sonner";
import { community } from "~/lib/community";
import { browserDownload, saveFile, type SavePicker } from "~/lib/save-file";
import { DownloadButton } from "../DownloadButton";

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
  return (
    <DownloadButton save={() => download(props.relayId, props.subdomain)} testId="export">
      Export all events
    </DownloadButton>
  );
}
