// A relay's insight (GET /relays/:id/insight) and the admin's view across relays (GET /admin/insight): their types
// and the figures the pages derive from them (chart series, labels, sizes). Where each figure comes from and how
// exact it is: docs/insight.md.
import type { components } from "./api-schema";
import { formatBytes, formatNumber, MONTHS } from "./format";

export type InsightReport = components["schemas"]["InsightReport"];
export type InsightDay = components["schemas"]["InsightDay"];
export type InsightOverview = components["schemas"]["InsightOverview"];

/** "2026-11-05" → "Nov 5" (a chart's axis, the table's rows). */
export function dayLabel(date: string): string {
  const [, m, d] = date.split("-");
  const name = MONTHS[Number(m) - 1];
  return name && d ? `${name} ${Number(d)}` : date;
}

/** Nostr kinds a person recognises by name; the others by number. */
const KIND_NAMES: Record<number, string> = {
  0: "Profiles",
  1: "Notes",
  3: "Follow lists",
  5: "Deletions",
  6: "Reposts",
  7: "Reactions",
  9: "Chat messages",
  11: "Threads",
  1111: "Comments",
  1984: "Reports",
  8000: "Members added",
  8001: "Members removed",
  9735: "Zaps",
  10002: "Relay lists",
  13534: "Member lists",
  30023: "Articles",
};

export function kindLabel(kind: number): string {
  const name = KIND_NAMES[kind];
  return name ? `${name} (${kind})` : `Kind ${kind}`;
}

/** The kinds to show: the `top` largest, the rest summed as "Other kinds" (a chart of 40 bars reads as noise). */
export function topKinds(
  kinds: readonly { kind: number; events: number }[],
  top = 8,
): { label: string; events: number }[] {
  const sorted = [...kinds].sort((a, b) => b.events - a.events || a.kind - b.kind);
  const shown = sorted.slice(0, top).map((k) => ({ label: kindLabel(k.kind), events: k.events }));
  const rest = sorted.slice(top).reduce((n, k) => n + k.events, 0);
  return rest > 0 ? [...shown, { label: "Other kinds", events: rest }] : shown;
}

/** The 30 days' posts and other events as two stacked-looking series (posts, and events that are not posts). */
export function activitySeries(days: readonly InsightDay[]): { labels: string[]; posts: number[]; other: number[] } {
  return {
    labels: days.map((d) => dayLabel(d.date)),
    posts: days.map((d) => d.posts),
    other: days.map((d) => Math.max(0, d.events - d.posts)),
  };
}

/** Members against the plan's cap: "42 of 100 (42 %)", "42 (no cap)", or null when no member list was seen yet. */
export function membersAgainstCap(m: InsightReport["members"]): { text: string; used: number | null } | null {
  if (m.count == null) return null;
  if (m.cap == null) return { text: `${formatNumber(m.count)} (no cap on this plan)`, used: null };
  const used = m.cap > 0 ? m.count / m.cap : 1;
  return { text: `${formatNumber(m.count)} of ${formatNumber(m.cap)} (${Math.round(used * 100)} %)`, used };
}

/** Sums of a window of days (the page's headline figures). */
export function totals(days: readonly InsightDay[]) {
  return days.reduce(
    (t, d) => ({
      events: t.events + d.events,
      posts: t.posts + d.posts,
      joins: t.joins + d.joins,
      leaves: t.leaves + d.leaves,
      reports: t.reports + d.reports,
      refused: t.refused + d.refused_joins,
    }),
    { events: 0, posts: 0, joins: 0, leaves: 0, reports: 0, refused: 0 },
  );
}

/** The CSV's file name: "<subdomain>-insight.csv" (what the server's Content-Disposition says too). */
export function insightCsvName(subdomain: string | null | undefined): string {
  return `${subdomain || "relay"}-insight.csv`;
}

/**
 * What is known of the relay's media, in a line: zooid reports no per-relay figure, so it is what the relay's last
 * backup counted ("media 1.2 GB in 40 files, counted Nov 5"), or where the figure will come from.
 */
export function mediaLine(s: InsightReport["storage"]): string {
  if (!s.media_allowed && s.media_bytes == null) return "no media on this plan";
  if (s.media_bytes == null || s.media_counted_at == null) return "media counted by the next backup";
  const files = s.media_files ?? 0;
  const date = new Date(s.media_counted_at * 1000).toISOString().slice(0, 10);
  return `media ${formatBytes(s.media_bytes)} in ${formatNumber(files)} ${files === 1 ? "file" : "files"}, counted ${dayLabel(date)}`;
}
