// The Backups section's words and numbers (lib/backups.ts): sizes, what a backup holds, a restore's progress and
// its line, a preview's summary, and when the list is read again.
import { describe, expect, test } from "bun:test";
import { formatBytes } from "../src/lib/format";
import {
  backupSummary,
  previewLines,
  type RelayBackup,
  type RelayBackups,
  type RelayRestore,
  reasonLabel,
  restoreLine,
  restorePercent,
  takeUnderWay,
  underWay,
} from "../src/lib/backups";

const backup = (over: Partial<RelayBackup> = {}): RelayBackup => ({
  id: "b1",
  reason: "scheduled",
  status: "done",
  storage: "local",
  events: 1204,
  blobs: 3,
  media_bytes: 4_200_000,
  members: 12,
  bans: 1,
  names: 0,
  bytes: 5_000_000,
  media_note: null,
  error: null,
  attempts: 1,
  created_at: 1,
  finished_at: 2,
  ...over,
});

const restore = (over: Partial<RelayRestore> = {}): RelayRestore => ({
  id: "r1",
  relay_id: "x",
  backup_id: "b1",
  mode: "merge",
  status: "running",
  step: "media",
  cursor: 1,
  events_total: 10,
  events_done: 10,
  events_refused: 0,
  blobs_total: 4,
  blobs_done: 2,
  members_done: 0,
  bans_done: 0,
  names_done: 0,
  problems: [],
  error: null,
  created_at: 1,
  updated_at: 1,
  ...over,
});

describe("backups", () => {
  test("sizes read at a glance", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(4_200_000)).toBe("4.2 MB");
    expect(formatBytes(1_000_000_000)).toBe("1.0 GB");
  });

  test("what a backup holds, in one line, bans and names only when there are any", () => {
    expect(backupSummary(backup())).toBe("1,204 events · 3 media files (4.2 MB) · 12 members · 1 ban");
    expect(backupSummary(backup({ blobs: 0, bans: 0, names: 2, events: 1, members: 1 }))).toBe(
      "1 event · 0 media files · 1 member · 2 names",
    );
    expect(reasonLabel("final")).toBe("Before deletion");
  });

  test("a restore's progress moves forward through its steps and ends at 100", () => {
    const steps = ["settings.json", "members.json", "names.json", "bans.json", "events.jsonl"].map((step) =>
      restorePercent(restore({ step })),
    );
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]);
    const half = restorePercent(restore({ step: "media", blobs_done: 2, blobs_total: 4 }));
    expect(half).toBeGreaterThan(steps[steps.length - 1]);
    expect(restorePercent(restore({ step: "media", blobs_done: 4, blobs_total: 4 }))).toBeLessThan(100);
    expect(restorePercent(restore({ status: "done", step: "done" }))).toBe(100);
  });

  test("a restore in words: where it is, the refused events, why it stopped", () => {
    expect(restoreLine(restore())).toBe("Uploading media: 2 of 4…");
    expect(restoreLine(restore({ status: "done", step: "done", blobs_done: 4, events_refused: 2 }))).toBe(
      "Restored: 10 events of 10, 4 media files of 4; 2 events refused by the relay.",
    );
    expect(restoreLine(restore({ status: "failed", error: 'Stopped at the step "media"' }))).toContain("media");
    expect(restoreLine(restore({ step: "members.json" }))).toBe("Applying members…");
  });

  test("a preview lists only what changes", () => {
    const lines = previewLines({
      backup_id: "b1",
      mode: "replace",
      events_total: 10,
      events_present: 7,
      events_to_add: 3,
      events_erased: 4,
      items_erased: 2,
      blobs_total: 2,
      blobs_present: 2,
      blobs_to_add: 0,
      media_bytes: 5,
      parts: { members: { add: 2, replace: 0, remove: 1 }, settings: { add: 0, replace: 0, remove: 0 } },
      refusals: [],
    });
    expect(lines).toEqual([
      "3 events to add (7 already here)",
      "0 media files to upload (2 already here)",
      "members: 2 to add, 1 to remove",
      "Left out, being of people erased from the relay: 4 events, 2 members, names or team entries",
    ]);
  });

  test("the list is read again only while something is under way", () => {
    const l = (items: RelayBackup[], restores: RelayRestore[]): RelayBackups => ({
      schedule: "daily",
      kept: 7,
      storage: "local",
      items,
      restores,
    });
    expect(underWay(l([backup()], [restore({ status: "done" })]))).toBe(false);
    expect(underWay(l([backup({ status: "running" })], []))).toBe(true);
    expect(underWay(l([], [restore({ status: "queued" })]))).toBe(true);
    // "Take a backup now" waits only for a backup taken now or on schedule, never for an upload or a restore
    expect(takeUnderWay(l([backup({ status: "queued", reason: "manual" })], []))).toBe(true);
    expect(takeUnderWay(l([backup({ status: "running" })], []))).toBe(true);
    expect(takeUnderWay(l([backup({ status: "running", reason: "upload" })], []))).toBe(false);
    expect(takeUnderWay(l([backup()], [restore({ status: "running" })]))).toBe(false);
  });
});
