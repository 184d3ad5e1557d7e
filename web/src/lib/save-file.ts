// Saving a file the server streams (a relay's export). Where the browser can write a file as it arrives (File System
// Access API's save picker), the stream goes straight to disk; elsewhere, or when the picker or the writing fails, it
// is collected and handed to the browser as an ordinary download. Only the person closing the picker is quiet: any
// other failure says why, so an export never ends with nothing happening.

export type SavePicker = (o: {
  suggestedName: string;
}) => Promise<{ createWritable: () => Promise<WritableStream<Uint8Array>> }>;

export interface SaveDeps {
  /** window.showSaveFilePicker where the browser has it */
  picker?: SavePicker;
  /** tells the person what went wrong and what happens instead (a toast) */
  notify: (message: string) => void;
  /** hands the collected file to the browser as a download */
  download: (blob: Blob, name: string) => void;
}

export type SaveOutcome = "saved" | "downloaded" | "cancelled";

function reason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e ?? "");
  return m.trim().replace(/\.$/, "") || "no reason given";
}

/** `fetchFile` answers the file or throws the API's error (then nothing is saved, and the caller says so). */
export async function saveFile(name: string, fetchFile: () => Promise<Response>, deps: SaveDeps): Promise<SaveOutcome> {
  let handle: Awaited<ReturnType<SavePicker>> | null = null;
  if (deps.picker) {
    try {
      handle = await deps.picker({ suggestedName: name });
    } catch (e) {
      // AbortError: the person closed the dialog. Anything else (a blocked folder, a policy, a browser bug) is not
      // their choice: download the file the ordinary way instead.
      if ((e as Error)?.name === "AbortError") return "cancelled";
      deps.notify(`The save dialog failed (${reason(e)}), so ${name} is downloaded instead.`);
    }
  }
  let res = await fetchFile();
  if (handle && res.body) {
    try {
      await res.body.pipeTo(await handle.createWritable());
      return "saved";
    } catch (e) {
      deps.notify(`Couldn't write ${name} (${reason(e)}), so it is downloaded instead.`);
      res = await fetchFile(); // the first answer's body is spent
    }
  }
  deps.download(await res.blob(), name);
  return "downloaded";
}

/** The browser's download of an in-memory file. */
export function browserDownload(blob: Blob, name: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
