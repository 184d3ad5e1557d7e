// "/admin/insight" — the relays across the platform: the platform's events a day over 30 days, the largest relays
// (members), the busiest (events over 7 days), the fastest growing (members gained over 30 days) and those near
// their plan's member cap. A chart where a trend is easier seen than read, beside tables of the same figures.
import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { Chart } from "~/components/charts/Chart";
import { PageHeader } from "~/components/PageHeader";
import { Async, ErrorState } from "~/components/states";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { api } from "~/lib/api";
import { formatNumber, planLabel } from "~/lib/format";
import { dayLabel, formatBytes, type InsightOverview } from "~/lib/insight";
import { ReportSection as Section } from "~/components/ReportCards";

type Figure = InsightOverview["largest"][number];

function RelayLink(props: { id: string; name: string }) {
  return (
    <A href={`/admin/relays/${props.id}/insight`} class="underline-offset-4 hover:underline">
      {props.name}
    </A>
  );
}

function Ranking(props: { title: string; description: string; rows: Figure[]; value: string; testId: string }) {
  return (
    <Section title={props.title} description={props.description} testId={props.testId}>
      <Show when={props.rows.length > 0} fallback={<p class="text-sm text-muted-foreground">None yet.</p>}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Relay</TableHead>
              <TableHead>Plan</TableHead>
              <TableHead class="text-right">{props.value}</TableHead>
              <TableHead class="text-right">Events stored</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            <For each={props.rows}>
              {(r) => (
                <TableRow>
                  <TableCell>
                    <RelayLink id={r.relay_id} name={r.name} />
                  </TableCell>
                  <TableCell>{planLabel(r.plan)}</TableCell>
                  <TableCell class="text-right tabular-nums">{formatNumber(r.value)}</TableCell>
                  <TableCell class="text-right tabular-nums">{formatBytes(r.event_bytes)}</TableCell>
                </TableRow>
              )}
            </For>
          </TableBody>
        </Table>
      </Show>
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
        <Show when={events() > 0} fallback={<p class="text-sm text-muted-foreground">Nothing counted yet.</p>}>
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
        <Show
          when={o().near_limits.length > 0}
          fallback={<p class="text-sm text-muted-foreground">No relay is near its cap.</p>}
        >
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Relay</TableHead>
                <TableHead>Plan</TableHead>
                <TableHead class="text-right">Members</TableHead>
                <TableHead class="text-right">Used</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              <For each={o().near_limits}>
                {(r) => (
                  <TableRow>
                    <TableCell>
                      <RelayLink id={r.relay_id} name={r.name} />
                    </TableCell>
                    <TableCell>{planLabel(r.plan)}</TableCell>
                    <TableCell class="text-right tabular-nums">
                      {formatNumber(r.members)} of {formatNumber(r.cap)}
                    </TableCell>
                    <TableCell class="text-right tabular-nums">{Math.round(r.used * 100)} %</TableCell>
                  </TableRow>
                )}
              </For>
            </TableBody>
          </Table>
        </Show>
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
  const [overview, { refetch }] = createResource(() => api.adminInsight());
  return (
    <div class="grid grid-cols-1 gap-8">
      <PageHeader
        title="Insight"
        description="The relays across the platform: the largest, the busiest, the fastest growing, and those near their limits."
      />
      <Async
        resource={overview}
        refetch={refetch}
        loading={<Skeleton class="h-64 w-full rounded-xl" />}
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load insight" />}
      >
        {(o) => <Overview o={o()} />}
      </Async>
    </div>
  );
}
