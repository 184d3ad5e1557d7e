// The relay's insight (/relays/:id/insight): is the community alive? Posts and other events a day over 30 days and a
// month over 12, active members, joins and leaves, the kinds of events, top posters, reports and refused joins,
// storage against the plan — charts (uPlot, loaded on first use) each beside the same figures in words or a table,
// and every day of the last year as CSV. Where each figure comes from: docs/insight.md.
import { createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { Chart } from "~/components/charts/Chart";
import { Download } from "~/components/icons";
import { Async } from "~/components/states";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { fetchCsv } from "~/lib/api";
import { formatBytes, formatNumber, monthLabel, shortKey } from "~/lib/format";
import {
  activitySeries,
  dayLabel,
  type InsightReport,
  insightCsvName,
  mediaLine,
  membersAgainstCap,
  topKinds,
  totals,
} from "~/lib/insight";
import { browserDownload, saveFile } from "~/lib/save-file";
import { useRelayPage } from "../page-context";
import { ReportSection as Section, Stat } from "~/components/ReportCards";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";

const POSTS = "#6366f1";
const OTHER = "#a1a1aa";
const JOINS = "#10b981";
const LEAVES = "#f43f5e";

const count = (n: number) => formatNumber(Math.round(n));

function Insight(props: { r: InsightReport }) {
  const r = () => props.r;
  const sum = () => totals(r().days);
  const series = () => activitySeries(r().days);
  const members = () => membersAgainstCap(r().members);
  const kinds = () => topKinds(r().kinds);
  return (
    <div class="grid grid-cols-1 gap-6">
      <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Posts, 30 days"
          testId="insight-posts"
          value={count(sum().posts)}
          sub={`${count(sum().events)} events in all`}
        />
        <Stat
          label="Active members"
          testId="insight-active"
          value={count(r().active.days7)}
          sub={`wrote in the last 7 days · ${count(r().active.days30)} in 30 days`}
        />
        <Stat
          label="Members"
          testId="insight-members"
          value={members()?.text ?? "–"}
          sub={`${count(r().members.joins30)} joined, ${count(r().members.leaves30)} left in 30 days`}
        />
        <Stat
          label="Events stored (estimate)"
          testId="insight-storage"
          value={formatBytes(r().storage.event_bytes)}
          sub={`${formatBytes(r().storage.event_bytes30)} in 30 days · ${mediaLine(r().storage)}`}
        />
      </div>

      <Section
        title="Activity, 30 days"
        description="Posts (notes, chat, threads, comments, articles) and every other event the relay accepted, by the day Caravel saw them."
        testId="insight-days"
      >
        <Show
          when={sum().events > 0}
          fallback={<p class="text-sm text-muted-foreground">Nothing was written in the last 30 days.</p>}
        >
          <Chart
            label={`Posts and other events a day, the last 30 days: ${count(sum().posts)} posts, ${count(sum().events)} events`}
            testId="insight-days-chart"
            spec={{
              labels: series().labels,
              series: [
                { label: "Posts", values: series().posts, color: POSTS },
                { label: "Other events", values: series().other, color: OTHER },
              ],
              kind: "bars",
              format: count,
              height: 200,
              xLabel: "Day",
            }}
          />
        </Show>
      </Section>

      <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title="Joins and leaves, 30 days" testId="insight-members-chart-card">
          <Show
            when={sum().joins + sum().leaves > 0}
            fallback={<p class="text-sm text-muted-foreground">No one joined or left in the last 30 days.</p>}
          >
            <Chart
              label={`Joins and leaves a day: ${count(sum().joins)} joined, ${count(sum().leaves)} left`}
              spec={{
                labels: series().labels,
                series: [
                  { label: "Joined", values: r().days.map((d) => d.joins), color: JOINS },
                  { label: "Left or removed", values: r().days.map((d) => d.leaves), color: LEAVES },
                ],
                kind: "lines",
                format: count,
                height: 180,
                xLabel: "Day",
              }}
            />
          </Show>
          <p class="text-sm text-muted-foreground">
            {count(sum().reports)} {sum().reports === 1 ? "report" : "reports"} and {count(sum().refused)} refused{" "}
            {sum().refused === 1 ? "join" : "joins"} (over the plan's member cap) in 30 days.
          </p>
        </Section>
        <Section title="Events by kind, 30 days" testId="insight-kinds">
          <Show
            when={kinds().length > 0}
            fallback={<p class="text-sm text-muted-foreground">No events in the last 30 days.</p>}
          >
            <EventCounts rows={kinds()} name={(k) => k.label} />
          </Show>
        </Section>
      </div>

      <div class="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title="Events by month" description="The last 12 months." testId="insight-months">
          <Show
            when={r().months.some((m) => m.events > 0)}
            fallback={<p class="text-sm text-muted-foreground">Nothing counted yet.</p>}
          >
            <Chart
              label="Events a month, the last 12 months"
              spec={{
                labels: r().months.map((m) => monthLabel(m.month, true)),
                series: [{ label: "Events", values: r().months.map((m) => m.events), color: POSTS }],
                kind: "bars",
                format: count,
                height: 180,
              }}
            />
          </Show>
        </Section>
        <Section title="Top posters, 30 days" testId="insight-top">
          <Show
            when={r().top_posters.length > 0}
            fallback={<p class="text-sm text-muted-foreground">No one wrote in the last 30 days.</p>}
          >
            <EventCounts
              rows={r().top_posters}
              head="Member"
              nameClass="font-mono text-xs"
              name={(p) => shortKey(p.pubkey, 10, 6)}
            />
          </Show>
        </Section>
      </div>

      <p class="text-xs text-muted-foreground" data-testid="insight-note">
        Counted by Caravel from what the relay sends it
        {r().watched_since ? ` since ${dayLabel(r().watched_since ?? "")}` : ""}: events written while Caravel was not
        listening are missing, sizes are the events' own (not the relay's disk), and {r().storage.media_note}
      </p>
    </div>
  );
}

export default function InsightSection() {
  const page = useRelayPage();
  const [report] = createQuery(() => page.relay().id, relayQueries.insight);
  const refetch = () => refresh(relayQueries.insight.key(page.relay().id));
  const [exporting, setExporting] = createSignal(false);
  const download = async () => {
    setExporting(true);
    try {
      const path = `/relays/${page.relay().id}/insight.csv`;
      await saveFile(insightCsvName(page.relay().subdomain), () => fetchCsv(path), {
        notify: (m) => toast.error(m),
        download: browserDownload,
      });
    } finally {
      setExporting(false);
    }
  };
  return (
    <div class="grid grid-cols-1 gap-6" data-testid="insight-section">
      <div class="flex flex-wrap items-center justify-between gap-2">
        <p class="text-sm text-muted-foreground">How the community is doing: activity, members and storage.</p>
        <Button variant="outline" size="sm" onClick={download} disabled={exporting()} data-testid="insight-csv">
          <Download /> Download CSV
        </Button>
      </div>
      <Async resource={report} refetch={refetch} loading={<Skeleton class="h-64 w-full" />}>
        {(r) => <Insight r={r()} />}
      </Async>
    </div>
  );
}

/** Events counted by what wrote them (a kind, a member): one row each, the count right-aligned; `head` names a header. */
function EventCounts<T extends { events: number }>(props: {
  rows: T[];
  head?: string;
  nameClass?: string;
  name: (row: T) => string;
}) {
  return (
    <Table>
      <Show when={props.head}>
        <TableHeader>
          <TableRow>
            <TableHead>{props.head}</TableHead>
            <TableHead class="text-right">Events</TableHead>
          </TableRow>
        </TableHeader>
      </Show>
      <TableBody>
        <For each={props.rows}>
          {(row) => (
            <TableRow>
              <TableCell class={props.nameClass}>{props.name(row)}</TableCell>
              <TableCell class="text-right tabular-nums">{count(row.events)}</TableCell>
            </TableRow>
          )}
        </For>
      </TableBody>
    </Table>
  );
}
