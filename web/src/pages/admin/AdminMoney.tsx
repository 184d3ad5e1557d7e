// "/admin/money" — the operator's money view: revenue by month (sats and fiat) and by way of payment, recurring
// revenue, open and overdue invoices, failed autopays with their reasons, paid relays gained and lost (churn), and
// the people with relays apart from those who only signed in. Charts where a trend is easier seen than read, each
// beside a table of the same figures; the months as CSV.
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { fetchCsv } from "~/lib/api";
import { adminMoney } from "~/lib/admin-queries";
import { formatDate, formatNumber, formatSats, monthLabel, sentence, shortKey } from "~/lib/format";
import {
  FAILURE_LABELS,
  fiatOf,
  newestFirst,
  openAmount,
  rateLabel,
  revenueSeries,
  satsAndFiat,
  WAY_LABELS,
  type MoneyMonth,
  type MoneyReport,
} from "~/lib/money";
import { readQuery } from "~/lib/read-query";
import { browserDownload, saveFile } from "~/lib/save-file";
import { Badge } from "~/components/ui/badge";
import { Skeletons } from "~/components/ui/skeleton";
import { Async, ErrorState } from "~/components/states";
import { PageHeader } from "~/components/PageHeader";
import { Chart } from "~/components/charts/Chart";
import { type Column, DataTable } from "~/components/DataTable";
import { DownloadButton } from "~/components/DownloadButton";
import { ReportNote, ReportSection as Section, Stat } from "~/components/ReportCards";

/** One colour per way of payment, the same in every chart and share bar. */
const WAY_COLORS: Record<string, string> = {
  lightning: "#6366f1",
  autopay: "#10b981",
  card: "#0ea5e9",
  card_checkout: "#f59e0b",
  credit: "#a1a1aa",
};

/** Downloads every month's payments as CSV with the session's token (a plain link would not carry it). */
export async function downloadMoneyCsv(download = browserDownload) {
  await saveFile("caravel-revenue.csv", () => fetchCsv("/admin/money.csv"), {
    notify: (m) => toast.error(m),
    download,
  });
}

/** A tenant's key, linked to their page in the admin area. */
function TenantLink(props: { pubkey: string }) {
  return (
    <A href={`/admin/tenants/${props.pubkey}`} class="font-mono text-xs underline-offset-4 hover:underline">
      {shortKey(props.pubkey, 8, 4)}
    </A>
  );
}

function Overview(props: { r: MoneyReport }) {
  const r = () => props.r;
  const current = () => r().months[r().months.length - 1];
  const open = () => r().open.reduce((n, o) => n + o.invoices, 0);
  const overdue = () => r().open.reduce((n, o) => n + o.overdue_invoices, 0);
  return (
    <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <Stat
        label="Revenue this month"
        testId="money-this-month"
        value={fiatOf(r(), current()?.fiat) ?? formatSats(current()?.sats ?? 0)}
        sub={`${formatNumber(current()?.invoices ?? 0)} ${current()?.invoices === 1 ? "payment" : "payments"}${
          r().fiat_currency ? ` · ${formatSats(current()?.sats ?? 0)} over Lightning` : ""
        }`}
      />
      <Stat
        label="Recurring revenue"
        testId="money-recurring"
        value={
          (r().recurring.fiat != null ? fiatOf(r(), r().recurring.fiat) : null) ??
          (r().recurring.sats != null ? formatSats(r().recurring.sats ?? 0) : "–")
        }
        sub={`a month, from ${formatNumber(r().recurring.paid_relays)} paid relays`}
      />
      <Stat
        label="Open invoices"
        testId="money-open"
        value={formatNumber(open())}
        sub={`${formatNumber(overdue())} overdue · ${formatNumber(r().failed_autopays.unpaid)} failed ${
          r().failed_autopays.unpaid === 1 ? "autopay" : "autopays"
        } unpaid`}
      />
      <Stat
        label="Tenants"
        testId="money-people"
        value={formatNumber(r().people.with_relays)}
        sub={`people with relays · ${formatNumber(r().people.signed_in)} signed in, ${formatNumber(
          r().people.without_relays,
        )} without a relay`}
      />
    </div>
  );
}

function Revenue(props: { r: MoneyReport }) {
  const r = () => props.r;
  const series = () => revenueSeries(r());
  const total = () => series().values[0]?.map((_, i) => series().values.reduce((s, v) => s + (v[i] ?? 0), 0)) ?? [];
  const format = (v: number) =>
    series().unit === "sats"
      ? formatNumber(Math.round(v))
      : new Intl.NumberFormat("en-US", {
          style: "currency",
          currency: r().fiat_currency ?? "USD",
          maximumFractionDigits: 0,
        }).format(v);
  const columns = (): Column<MoneyMonth>[] => [
    { header: "Month", cell: (m) => monthLabel(m.month) },
    { header: "Payments", figures: true, cell: (m) => formatNumber(m.invoices) },
    { header: "Sats", figures: true, cell: (m) => formatNumber(m.sats) },
    ...(r().fiat_currency
      ? [{ header: r().fiat_currency, figures: true, cell: (m: MoneyMonth) => fiatOf(r(), m.fiat) }]
      : []),
  ];
  return (
    <Section
      title="Revenue by month"
      description={
        r().fiat_currency
          ? `What was received, in ${r().fiat_currency} (Lightning at the price each invoice was made at) and in sats over Lightning.`
          : "What was received over Lightning, in sats."
      }
      testId="money-revenue"
    >
      <Show when={total().some((v) => v > 0)} fallback={<ReportNote>No payments in the last 12 months.</ReportNote>}>
        <Chart
          label={`Revenue by month, the last ${r().months.length} months`}
          testId="money-revenue-chart"
          spec={{
            labels: r().months.map((m) => monthLabel(m.month, true)),
            series: [{ label: "Revenue", values: total(), color: WAY_COLORS.lightning }],
            kind: "bars",
            format,
            height: 220,
          }}
        />
      </Show>
      <DataTable testId="money-months" columns={columns()} rows={newestFirst(r().months)} />
    </Section>
  );
}

function Ways(props: { r: MoneyReport }) {
  const r = () => props.r;
  const count = () => r().by_way.reduce((n, w) => n + w.invoices, 0);
  return (
    <Section title="Payments by rail" description="How the last 12 months' invoices were paid." testId="money-ways">
      <Show when={count() > 0} fallback={<ReportNote>No payments in the last 12 months.</ReportNote>}>
        <div class="flex h-3 w-full overflow-hidden rounded-full bg-muted" aria-hidden="true">
          <For each={r().by_way}>
            {(w) => <div style={{ width: `${(100 * w.invoices) / count()}%`, background: WAY_COLORS[w.way] }} />}
          </For>
        </div>
        <DataTable
          rows={r().by_way}
          rowTestId={(w) => `money-way-${w.way}`}
          columns={[
            {
              header: "Way",
              cell: (w) => (
                <span class="inline-flex items-center gap-2">
                  <span class="size-2.5 rounded-full" style={{ background: WAY_COLORS[w.way] }} aria-hidden="true" />
                  {WAY_LABELS[w.way]}
                </span>
              ),
            },
            { header: "Payments", figures: true, cell: (w) => formatNumber(w.invoices) },
            { header: "Share", figures: true, cell: (w) => `${Math.round((100 * w.invoices) / count())} %` },
            { header: "Received", figures: true, cell: (w) => satsAndFiat(r(), w.sats, w.fiat) },
          ]}
        />
      </Show>
    </Section>
  );
}

function Recurring(props: { r: MoneyReport }) {
  const r = () => props.r;
  return (
    <Section
      title="Recurring revenue"
      description="The relays in service on a paid plan, each at its plan's monthly price today."
      testId="money-plans"
    >
      <DataTable
        rows={r().recurring.by_plan}
        empty={<ReportNote>No relay on a paid plan is in service.</ReportNote>}
        columns={[
          { header: "Plan", cell: (p) => p.name },
          { header: "Relays", figures: true, cell: (p) => formatNumber(p.relays) },
          {
            header: "A month",
            figures: true,
            cell: (p) => (p.sats != null ? satsAndFiat(r(), p.sats, p.fiat ?? null) : (fiatOf(r(), p.fiat) ?? "–")),
          },
        ]}
      />
    </Section>
  );
}

function Churn(props: { r: MoneyReport }) {
  const r = () => props.r;
  const recorded = () => r().churn.filter((c) => c.recorded);
  return (
    <Section
      title="Paid relays gained and lost"
      description="Lost: deactivated, suspended for an unpaid invoice, or moved to a free plan (the churn). Rate: lost against those paid at the month's start. Counted since this view was added."
      testId="money-churn"
    >
      <Show when={recorded().length > 0}>
        <Chart
          label="Paid relays gained and lost by month"
          testId="money-churn-chart"
          spec={{
            labels: recorded().map((c) => monthLabel(c.month, true)),
            series: [
              { label: "Gained", values: recorded().map((c) => c.gained), color: "#10b981" },
              { label: "Lost", values: recorded().map((c) => c.lost), color: "#f43f5e" },
            ],
            kind: "lines",
            format: (v) => formatNumber(Math.round(v)),
            height: 180,
          }}
        />
      </Show>
      <DataTable
        testId="money-churn-table"
        rows={newestFirst(recorded())}
        columns={[
          { header: "Month", cell: (c) => monthLabel(c.month) },
          { header: "At start", figures: true, cell: (c) => formatNumber(c.paid_at_start) },
          { header: "Gained", figures: true, cell: (c) => formatNumber(c.gained) },
          { header: "Lost", figures: true, cell: (c) => formatNumber(c.lost) },
          {
            header: "Up / down",
            figures: true,
            cell: (c) => `${formatNumber(c.upgraded)} / ${formatNumber(c.downgraded)}`,
          },
          { header: "Churn", figures: true, cell: (c) => rateLabel(c.rate) },
        ]}
      />
    </Section>
  );
}

function OpenInvoices(props: { r: MoneyReport }) {
  const r = () => props.r;
  return (
    <Section
      title="Open and overdue invoices"
      description="Unpaid invoices; overdue ones are for service already given and unpaid past their 7-day grace."
      testId="money-open-invoices"
    >
      <DataTable
        rows={r().open}
        empty={<ReportNote>Every invoice is paid.</ReportNote>}
        columns={[
          { header: "Rail", cell: (o) => (o.rail === "card" ? `Card (${o.currency.toUpperCase()})` : "Lightning") },
          { header: "Open", figures: true, cell: (o) => formatNumber(o.invoices) },
          { header: "Amount", figures: true, cell: (o) => openAmount(o) },
          { header: "Overdue", figures: true, cell: (o) => formatNumber(o.overdue_invoices) },
          {
            header: "Overdue amount",
            figures: true,
            cell: (o) => openAmount({ currency: o.currency, amount: o.overdue_amount }),
          },
        ]}
      />
      <Show when={r().overdue.length > 0}>
        <h3 class="text-sm font-medium">Longest overdue</h3>
        <DataTable
          testId="money-overdue"
          rows={r().overdue}
          columns={[
            { header: "Tenant", cell: (o) => <TenantLink pubkey={o.tenant} /> },
            { header: "Due", cell: (o) => formatDate(o.due_at) },
            { header: "Amount", figures: true, cell: (o) => openAmount(o) },
          ]}
        />
      </Show>
    </Section>
  );
}

function FailedAutopays(props: { r: MoneyReport }) {
  const f = () => props.r.failed_autopays;
  return (
    <Section
      title="Failed autopays"
      description={`Automatic payments that failed or were held back: ${formatNumber(f().total)} in all, ${formatNumber(
        f().unpaid,
      )} still unpaid. The newest are listed.`}
      testId="money-failures"
    >
      <DataTable
        rows={f().items}
        rowTestId="money-failure"
        empty={<ReportNote>No automatic payment has failed.</ReportNote>}
        columns={[
          { header: "Tenant", cell: (x) => <TenantLink pubkey={x.tenant} /> },
          { header: "When", cell: (x) => formatDate(x.at) },
          {
            header: "What",
            cell: (x) => (
              <span class="inline-flex flex-wrap items-center gap-1">
                {FAILURE_LABELS[x.kind]}
                <Show when={x.status !== "pending"}>
                  <Badge variant="outline">{x.status === "paid" ? "paid since" : x.status}</Badge>
                </Show>
              </span>
            ),
          },
          {
            header: "Reason",
            cellClass: "max-w-80 whitespace-normal break-words text-muted-foreground",
            cell: (x) => sentence(x.reason),
          },
          { header: "Amount", figures: true, cell: (x) => openAmount(x) },
        ]}
      />
    </Section>
  );
}

/** The page; download is how the CSV reaches the person (the browser's download; a test's stand-in). */
export default function AdminMoney(props: { download?: (blob: Blob, name: string) => void }) {
  const [report, refresh] = readQuery(
    () => adminMoney(),
    () => adminMoney.key,
  );
  return (
    <div class="grid grid-cols-1 gap-8">
      <PageHeader
        title="Money"
        description="What the platform earned and is owed."
        actions={
          <DownloadButton save={() => downloadMoneyCsv(props.download)} testId="money-csv">
            Export CSV
          </DownloadButton>
        }
      />
      <Async
        resource={report}
        refetch={refresh}
        loading={
          <Skeletons count={4} class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4" each="h-28 rounded-xl" />
        }
        error={(e, retry) => <ErrorState error={e} retry={retry} title="Couldn't load the money view" />}
      >
        {(r) => (
          <div class="grid grid-cols-1 gap-8">
            <Overview r={r()} />
            <Revenue r={r()} />
            <div class="grid grid-cols-1 gap-8 lg:grid-cols-2">
              <Ways r={r()} />
              <Recurring r={r()} />
            </div>
            <Churn r={r()} />
            <OpenInvoices r={r()} />
            <FailedAutopays r={r()} />
          </div>
        )}
      </Async>
    </div>
  );
}
