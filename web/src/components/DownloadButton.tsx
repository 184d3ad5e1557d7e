// A button that saves a file the app fetches (a CSV, an export): busy while it runs, a toast when it fails. The save
// itself (lib/save-file.ts) says where the file goes; saveStreamed is that save for the large files the server streams.
import { createSignal, type JSX } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import { browserDownload, saveFile, type SavePicker } from "~/lib/save-file";
import { Download } from "./icons";
import { Button } from "./ui/button";

export function DownloadButton(props: {
  save: () => Promise<unknown>;
  children: JSX.Element;
  testId: string;
  size?: "sm";
  disabled?: boolean;
}) {
  const [saving, setSaving] = createSignal(false);
  return (
    <Button
      variant="outline"
      size={props.size}
      loading={saving()}
      disabled={props.disabled}
      onClick={async () => {
        setSaving(true);
        try {
          await props.save();
        } catch (e) {
          toast.error(`Couldn't export: ${errorMessage(e)}`);
        } finally {
          setSaving(false);
        }
      }}
      data-testid={props.testId}
    >
      <Download /> {props.children}
    </Button>
  );
}

/**
 * Saves a file the server streams (an export, a backup) with the session's token (a plain link would not carry it),
 * through the save picker where the browser has one, and says when it is saved. The picker is called as window's
 * method: taken off window on its own it throws "Illegal invocation", which once made every export end silently.
 */
export async function saveStreamed(name: string, fetchFile: () => Promise<Response>) {
  const w = window as unknown as { showSaveFilePicker?: SavePicker };
  const outcome = await saveFile(name, fetchFile, {
    picker: w.showSaveFilePicker ? (o) => w.showSaveFilePicker!(o) : undefined,
    notify: (m) => toast.error(m),
    download: browserDownload,
  });
  if (outcome === "saved") toast.success(`Saved ${name}.`);
}
