// Saving the relay export: closing the save dialog is quiet; any other failure of the dialog or of the writing says
// why and still gives the file, as an ordinary download.
import { describe, expect, test } from "bun:test";
import { WritableStream } from "node:stream/web";
import { saveFile, type SavePicker } from "../src/lib/save-file";

function harness(picker?: SavePicker) {
  const notes: string[] = [];
  const downloads: { name: string; text: Promise<string> }[] = [];
  let fetches = 0;
  const fetchFile = async () => {
    fetches++;
    return new Response('{"id":"1"}\n');
  };
  const deps = {
    picker,
    notify: (m: string) => notes.push(m),
    download: (blob: Blob, name: string) => downloads.push({ name, text: blob.text() }),
  };
  return { notes, downloads, fetchFile, deps, fetches: () => fetches };
}

const named = (name: string, message = "") => Object.assign(new Error(message), { name });

describe("saveFile", () => {
  test("the person closing the picker (AbortError) is a quiet cancel: nothing fetched, nothing said", async () => {
    const h = harness(async () => {
      throw named("AbortError", "The user aborted a request.");
    });
    expect(await saveFile("club-events.jsonl", h.fetchFile, h.deps)).toBe("cancelled");
    expect(h.notes).toEqual([]);
    expect(h.fetches()).toBe(0);
  });

  test("any other picker error says why and falls back to a download", async () => {
    const h = harness(async () => {
      throw named("TypeError", "Illegal invocation");
    });
    expect(await saveFile("club-events.jsonl", h.fetchFile, h.deps)).toBe("downloaded");
    expect(h.notes).toHaveLength(1);
    expect(h.notes[0]).toContain("Illegal invocation");
    expect(h.notes[0]).toContain("downloaded instead");
    expect(h.downloads.map((d) => d.name)).toEqual(["club-events.jsonl"]);
    expect(await h.downloads[0]!.text).toBe('{"id":"1"}\n');
  });

  test("a failed write says why and downloads a fresh copy", async () => {
    const h = harness(async () => ({
      createWritable: async () => {
        throw named("NotAllowedError", "The request is not allowed.");
      },
    }));
    expect(await saveFile("club-events.jsonl", h.fetchFile, h.deps)).toBe("downloaded");
    expect(h.notes[0]).toContain("The request is not allowed");
    expect(h.fetches()).toBe(2);
    expect(await h.downloads[0]!.text).toBe('{"id":"1"}\n');
  });

  test("a working picker streams the file to disk", async () => {
    const chunks: Uint8Array[] = [];
    const h = harness(async () => ({
      // the runtime's own stream (the test DOM replaces the global one, which its fetch's bodies cannot pipe to)
      createWritable: async () =>
        new WritableStream<Uint8Array>({
          write: (c) => void chunks.push(c),
        }) as unknown as globalThis.WritableStream<Uint8Array>,
    }));
    const outcome = await saveFile("club-events.jsonl", h.fetchFile, h.deps);
    expect(h.notes).toEqual([]);
    expect(outcome).toBe("saved");
    expect(new TextDecoder().decode(chunks[0])).toBe('{"id":"1"}\n');
    expect(h.notes).toEqual([]);
    expect(h.downloads).toEqual([]);
  });

  test("without a picker the file is downloaded", async () => {
    const h = harness();
    expect(await saveFile("club-events.jsonl", h.fetchFile, h.deps)).toBe("downloaded");
    expect(h.notes).toEqual([]);
  });

  test("a failed export is the caller's to report (nothing downloaded)", async () => {
    const h = harness();
    const failing = async (): Promise<Response> => {
      throw new Error("Export failed (503)");
    };
    await expect(saveFile("x.jsonl", failing, h.deps)).rejects.toThrow("503");
    expect(h.downloads).toEqual([]);
  });
});
