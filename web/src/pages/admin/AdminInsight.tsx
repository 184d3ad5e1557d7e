// "/admin/insight" — the relays across the platform: the platform's events a day over 30 days, the largest relays
// (members), the busiest (events over 7 days), the fastest growing (members gained over 30 days) and those near
// their plan's member cap. A chart where a trend is easier seen than read, beside tables of the same figures.
import { A } from "@solidjs/router";
import { Show } from "solid-js";
import { Chart } from "~/components/charts/Chart";
import { PageHeader } from "~/components/PageHeader";
import { Async, ErrorState } from "~/components/states";
import { Skeleton } from "~/components/ui/skeleton";
import { type Column, DataTable } from "~/components/DataTable";
import { adminInsight } from "~/lib/admin-queries";
import { readQuery } from "~/lib/read-query";
import { formatBytes, formatNumber, planLabel } from "~/lib/format";
import { dayLabel, type InsightOverview } from "~/lib/insight";
import { ReportNote, ReportSection as Section } from "~/components/ReportCards";

type Figure = InsightOverview["largest"][number];
type NearLimit = InsightOverview["near_limits"][number];

/** The columns every table here starts with: the relay, linked to its insight, and its plan. */
function relayAndPlan<T extends { relay_id: string; name: string; plan: string }>(): Column<T>[] {
  return [
    {
      header: "Relay",
      cell: (r) => (
        <A href={`/admin/relays/${r.relay_id}/insight`} class="underline-offset-4 hover:underline">
          {r.name}
        </A>
      ),
    },
    { header: "Plan", cell: (r) => planLabel(r.plan) },
  ];
}

function Ranking(props: { title: string; description: string; rows: Figure[]; value: string; testId: string }) {
  return (
    <Section title={props.title} description={props.description} testId={props.testId}>
      <DataTable
        rows={props.rows}
        empty={<ReportNote>None yet.</ReportNote>}
        columns={[
          ...relayAndPlan<Figure>(),
          { header: props.value, figures: true, cell: (r) => formatNumber(r.value) },
          { header: "Events stored", figures: true, cell: (r) => formatBytes(r.event_bytes) },
        ]}
      />
    </Section>
  );
}

function Overview(props: { o: InsightOverview }) {
  const o = () => props.o;
  const events = () => o().days.reduce((n, d) => n + d.events, 0);
  return (
    <div class="grid grid-cols-1 gap-8">
      <Section
        title="Events on the platform, 30 days"
        description={`${formatNumber(events())} events, ${formatNumber(o().days.reduce((n, d) => n + d.posts, 0))} of them posts; ${formatNumber(
          o().days.reduce((n, d) => n + d.joins, 0),
        )} joins.`}
        testId="admin-insight-days"
      >
        <Show when={events() > 0} fallback={<ReportNote>Nothing counted yet.</ReportNote>}>
          <Chart
            label={`Events a day on the platform, the last 30 days: ${formatNumber(events())} in all`}
            spec={{
              labels: o().days.map((d) => dayLabel(d.date)),
              series: [
                { label: "Posts", values: o().days.map((d) => d.posts), color: "#6366f1" },
                { label: "Other events", values: o().days.map((d) => d.events - d.posts), color: "#a1a1aa" },
              ],
              kind: "bars",
              format: (v) => formatNumber(Math.round(v)),
              height: 220,
              xLabel: "Day",
            }}
          />
        </Show>
      </Section>
      <Section
        title="Near their limits"
        description="Active relays at 80 % or more of their plan's member cap. Media against a quota: zooid reports no per-relay media figure."
        testId="admin-insight-limits"
      >
        <DataTable
          rows={o().near_limits}
          empty={<ReportNote>No relay is near its cap.</ReportNote>}
          columns={[
            ...relayAndPlan<NearLimit>(),
            { header: "Members", figures: true, cell: (r) => `${formatNumber(r.members)} of ${formatNumber(r.cap)}` },
            { header: "Used", figures: true, cell: (r) => `${Math.round(r.used * 100)} %` },
          ]}
        />
      </Section>
      <div class="grid grid-cols-1 gap-8 lg:grid-cols-2">
        <Ranking
          title="Largest"
          description="The most members, as each relay's member list says."
          rows={o().largest}
          value="Members"
          testId="admin-insight-largest"
        />
        <Ranking
          title="Busiest"
          description="The most events in the last 7 days."
          rows={o().busiest}
          value="Events"
          testId="admin-insight-busiest"
        />
        <Ranking
          title="Fastest growing"
          description="The most members gained (joins less leaves) in 30 days."
          rows={o().growing}
          value="Gained"
          testId="admin-insight-growing"
        />
      </div>
    </div>
  );
}

export default function AdminInsight() {
  const [overview, refresh] = readQuery(
    () => adminInsight(),
    () => adminInsight.key,
  );
  return (
    <div class="grid grid-cols-1 gap-8">
      <PageHeader
        title="Insight"
        description="The relays across the platform: the largest, the busiest, the fastest growing, and those near their limits."
      />
      <Async
        resource={overview}
        refetch={refresh}
        loading={<Skeleton class="h-64 w-full rounded-xl" />}
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load insight" />}
      >
        {(o) => <Overview o={o()} />}
      </Async>
    </div>
  );
}
