import { describe, expect, test } from "bun:test";
import { formatBytes, monthLabel } from "../src/lib/format";
import {
  activitySeries,
  dayLabel,
  type InsightDay,
  insightCsvName,
  kindLabel,
  mediaLine,
  membersAgainstCap,
  topKinds,
  totals,
} from "../src/lib/insight";

const day = (date: string, events: number, posts: number, extra: Partial<InsightDay> = {}): InsightDay => ({
  date,
  events,
  posts,
  bytes: 0,
  joins: 0,
  leaves: 0,
  authors: 0,
  reports: 0,
  refused_joins: 0,
  ...extra,
});

describe("insight's figures", () => {
  test("days and months read as people write them", () => {
    expect(dayLabel("2026-11-05")).toBe("Nov 5");
    expect(dayLabel("2026-01-31")).toBe("Jan 31");
    expect(dayLabel("garbage")).toBe("garbage");
    expect(monthLabel("2026-11")).toBe("Nov 2026");
    expect(monthLabel("2026-11", true)).toBe("Nov");
  });

  test("bytes in powers of 1000, never negative", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(4_200)).toBe("4.2 KB");
    expect(formatBytes(1_500_000)).toBe("1.5 MB");
    expect(formatBytes(250_000_000)).toBe("250 MB");
    expect(formatBytes(3_100_000_000)).toBe("3.1 GB");
    expect(formatBytes(-5)).toBe("0 B");
    expect(formatBytes(Number.NaN)).toBe("0 B");
  });

  test("posts and the other events are two series of the same days", () => {
    const s = activitySeries([day("2026-11-01", 10, 4), day("2026-11-02", 0, 0), day("2026-11-03", 3, 3)]);
    expect(s.labels).toEqual(["Nov 1", "Nov 2", "Nov 3"]);
    expect(s.posts).toEqual([4, 0, 3]);
    expect(s.other).toEqual([6, 0, 0]);
  });

  test("the largest kinds by name, the rest summed", () => {
    const kinds = [
      { kind: 7, events: 50 },
      { kind: 1, events: 80 },
      { kind: 30000, events: 1 },
      { kind: 4, events: 2 },
    ];
    expect(topKinds(kinds, 2)).toEqual([
      { label: "Notes (1)", events: 80 },
      { label: "Reactions (7)", events: 50 },
      { label: "Other kinds", events: 3 },
    ]);
    expect(topKinds(kinds).length).toBe(4);
    expect(kindLabel(31234)).toBe("Kind 31234");
    expect(topKinds([])).toEqual([]);
  });

  test("members against the plan's cap", () => {
    expect(membersAgainstCap({ count: 42, cap: 100, joins30: 0, leaves30: 0 })).toEqual({
      text: "42 of 100 (42 %)",
      used: 0.42,
    });
    expect(membersAgainstCap({ count: 42, cap: null, joins30: 0, leaves30: 0 })?.used).toBeNull();
    expect(membersAgainstCap({ count: null, cap: 10, joins30: 0, leaves30: 0 })).toBeNull();
    expect(membersAgainstCap({ count: 3, cap: 0, joins30: 0, leaves30: 0 })?.used).toBe(1);
  });

  test("the window's sums", () => {
    const t = totals([
      day("2026-11-01", 10, 4, { joins: 2, leaves: 1, reports: 1, refused_joins: 3 }),
      day("2026-11-02", 5, 1, { joins: 1 }),
    ]);
    expect(t).toEqual({ events: 15, posts: 5, joins: 3, leaves: 1, reports: 1, refused: 3 });
  });

  test("the CSV's name", () => {
    expect(insightCsvName("town")).toBe("town-insight.csv");
    expect(insightCsvName("")).toBe("relay-insight.csv");
  });

  test("media is what the last backup counted, or says where the figure comes from", () => {
    const storage = {
      event_bytes: 0,
      event_bytes30: 0,
      media_allowed: true,
      media_note: "",
      media_bytes: null,
      media_files: null,
      media_counted_at: null,
    };
    expect(mediaLine(storage)).toBe("media counted by the next backup");
    expect(mediaLine({ ...storage, media_allowed: false })).toBe("no media on this plan");
    // 2026-11-05T10:00:00Z
    const counted = { ...storage, media_bytes: 1_234_000_000, media_files: 40, media_counted_at: 1_793_872_800 };
    expect(mediaLine(counted)).toBe("media 1.2 GB in 40 files, counted Nov 5");
    expect(mediaLine({ ...counted, media_files: 1, media_bytes: 812 })).toBe("media 812 B in 1 file, counted Nov 5");
  });
});
