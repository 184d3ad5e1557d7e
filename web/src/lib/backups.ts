// A relay's backups and restores: the API calls (the archive's upload streams, like the events import) and the few
// rules the Backups section shows them by (what a backup holds in words, a restore's progress, a preview's summary).
import { download, fillPath, request, upload } from "./api";
import type { components } from "./api-schema";
import { formatBytes } from "./format";
import type { Id } from "./types";

type Schemas = components["schemas"];
export type RelayBackup = Schemas["RelayBackup"];
export type RelayRestore = Schemas["RelayRestore"];
export type RelayBackups = Schemas["RelayBackups"];
export type RestorePreview = Schemas["RestorePreview"];
export type Schedule = RelayBackups["schedule"];
export type RestoreMode = RestorePreview["mode"];

const rid = (id: Id) => ({ id: String(id) });

export const backups = {
  list: (id: Id) => request("GET", "/relays/{id}/backups", { path: rid(id) }),
  setSchedule: (id: Id, every: Schedule) =>
    request("PUT", "/relays/{id}/backups/schedule", { path: rid(id), body: { every } }),
  takeNow: (id: Id) => request("POST", "/relays/{id}/backups", { path: rid(id) }),
  preview: (id: Id, backup: string, mode: RestoreMode) =>
    request("GET", "/relays/{id}/backups/{backup}/preview", { path: { ...rid(id), backup }, query: { mode } }),
  restore: (id: Id, backup: string, mode: RestoreMode) =>
    request("POST", "/relays/{id}/restores", { path: rid(id), body: { backup, mode } }),
  restoreNew: (id: Id, backup: string, body: { name: string; subdomain: string; plan: string }) =>
    request("POST", "/relays/{id}/backups/{backup}/restore-into-new", { path: { ...rid(id), backup }, body }),
  restoreStatus: (id: Id, restore: string) =>
    request("GET", "/relays/{id}/restores/{restore}", { path: { ...rid(id), restore } }),
  /** The archive, to stream to disk. */
  download: (id: Id, backup: string) =>
    download(
      fillPath("/relays/{id}/backups/{backup}/download", { ...rid(id), backup }),
      "application/zip",
      "Download failed",
    ),
};

/** Sends a backup archive (a zip a download gave) to be checked and kept as a backup of the relay. */
export function uploadBackup(id: Id, file: Blob): Promise<RelayBackup> {
  return upload(fillPath("/relays/{id}/backups/upload", rid(id)), file, "application/zip", "upload");
}

const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

/** What a finished backup holds, in one line: "1,204 events · 3 media files (4.2 MB) · 12 members · 1 ban". */
export function backupSummary(b: RelayBackup): string {
  const parts = [
    n(b.events, "event"),
    `${n(b.blobs, "media file")}${b.blobs > 0 ? ` (${formatBytes(b.media_bytes)})` : ""}`,
  ];
  parts.push(n(b.members, "member"));
  if (b.bans > 0) parts.push(n(b.bans, "ban"));
  if (b.names > 0) parts.push(n(b.names, "name"));
  return parts.join(" · ");
}

/** Why the backup was taken, in words. */
export function reasonLabel(reason: RelayBackup["reason"]): string {
  return { scheduled: "Scheduled", manual: "Taken now", final: "Before deletion", upload: "Uploaded" }[reason];
}

/** Whether the list should be read again soon: a backup or a restore is still under way. */
export function underWay(b: RelayBackups): boolean {
  return (
    b.items.some((x) => x.status === "queued" || x.status === "running") ||
    b.restores.some((r) => r.status === "queued" || r.status === "running")
  );
}

/** Whether a backup taken now or on schedule is queued or running: "Take a backup now" waits for it (the server
 * answers a second take with the same one). */
export function takeUnderWay(b: RelayBackups): boolean {
  return b.items.some(
    (x) => (x.status === "queued" || x.status === "running") && (x.reason === "manual" || x.reason === "scheduled"),
  );
}

/** A restore's progress from 0 to 100: the parts before the events count for a tenth, events and media share the rest. */
export function restorePercent(r: RelayRestore): number {
  if (r.status === "done") return 100;
  const before = ["settings.json", "members.json", "names.json", "bans.json"];
  const at = before.indexOf(r.step);
  if (at >= 0) return Math.round((at / before.length) * 10);
  if (r.step === "events.jsonl") return 10;
  if (r.step === "media") {
    const media = r.blobs_total > 0 ? r.blobs_done / r.blobs_total : 1;
    return Math.min(99, Math.round(55 + media * 45));
  }
  return 0;
}

/** A restore in words: where it is, or how it ended. */
export function restoreLine(r: RelayRestore): string {
  if (r.status === "failed") return r.error ?? "The restore stopped.";
  if (r.status === "queued") return "Waiting to start (a new relay first has to be set up).";
  if (r.status === "done") {
    const refused = r.events_refused > 0 ? `; ${n(r.events_refused, "event")} refused by the relay` : "";
    return `Restored: ${n(r.events_done, "event")} of ${r.events_total.toLocaleString("en")}, ${n(r.blobs_done, "media file")} of ${r.blobs_total.toLocaleString("en")}${refused}.`;
  }
  if (r.step === "events.jsonl") return `Restoring ${n(r.events_total, "event")}…`;
  if (r.step === "media") return `Uploading media: ${r.blobs_done} of ${r.blobs_total}…`;
  return `Applying ${r.step.replace(".json", "")}…`;
}

/** The preview as the lines a person confirms: what will be added, replaced or removed, and any refusal. */
export function previewLines(p: RestorePreview): string[] {
  const lines = [
    `${n(p.events_to_add, "event")} to add (${p.events_present.toLocaleString("en")} already here)`,
    `${n(p.blobs_to_add, "media file")} to upload (${p.blobs_present.toLocaleString("en")} already here)`,
  ];
  for (const [part, c] of Object.entries(p.parts)) {
    const bits = [];
    if (c.add > 0) bits.push(`${c.add} to add`);
    if (c.replace > 0) bits.push(`${c.replace} to change`);
    if (c.remove > 0) bits.push(`${c.remove} to remove`);
    if (bits.length > 0) lines.push(`${part}: ${bits.join(", ")}`);
  }
  if (p.events_erased > 0 || p.items_erased > 0)
    lines.push(
      `Left out, being of people erased from the relay: ${n(p.events_erased, "event")}, ${n(p.items_erased, "member, name or team entry", "members, names or team entries")}`,
    );
  return lines;
}
