// The operator's money view (GET /admin/money): its types and the figures the page derives from them. Amounts come in
// sats (what Lightning received) and in the minor unit of the report's fiat currency.
import type { components } from "./api-schema";
import { formatMoney, formatSats } from "./format";

export type MoneyReport = components["schemas"]["MoneyReport"];
export type MoneyMonth = components["schemas"]["MoneyMonth"];
export type MoneyChurn = components["schemas"]["MoneyChurn"];
export type MoneyWay = components["schemas"]["MoneyWayTotal"]["way"];
export type MoneyFailedPayment = components["schemas"]["MoneyFailedPayment"];
export type MoneyOpen = components["schemas"]["MoneyOpen"];

/** How a payment was made, as the page names it. */
export const WAY_LABELS: Record<MoneyWay, string> = {
  lightning: "Lightning",
  autopay: "Autopay (NWC)",
  card: "Card",
  card_checkout: "Card checkout",
  credit: "Credit",
};

/** Why an automatic payment did not go through, as the page names it. */
export const FAILURE_LABELS: Record<MoneyFailedPayment["kind"], string> = {
  autopay_failed: "Autopay failed",
  card_declined: "Card declined",
  autopay_held: "Held: over budget",
};

/** A fiat amount of the report, or null when the report has no fiat currency. */
export function fiatOf(report: Pick<MoneyReport, "fiat_currency">, minor: number | null | undefined): string | null {
  if (!report.fiat_currency || minor == null) return null;
  return formatMoney(minor, report.fiat_currency);
}

/** "12,000 sats · $7.80", or just the sats when there is no fiat figure. */
export function satsAndFiat(report: Pick<MoneyReport, "fiat_currency">, sats: number, fiat: number | null): string {
  const f = fiat ? fiatOf(report, fiat) : null;
  return f ? `${formatSats(sats)} · ${f}` : formatSats(sats);
}

/** An open invoice line's amount in its own unit: sats for Lightning, the card currency's minor unit otherwise. */
export function openAmount(line: Pick<MoneyOpen, "currency" | "amount">): string {
  return line.currency.toLowerCase() === "sat"
    ? formatSats(line.amount)
    : formatMoney(line.amount, line.currency.toUpperCase());
}

/** A churn rate as a percentage ("2.5 %"), or "–" when nothing was paid at the month's start. */
export function rateLabel(rate: number | null | undefined): string {
  if (rate == null) return "–";
  if (rate === 0) return "0 %";
  return `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)} %`;
}

/**
 * The revenue chart's series: one value per month for each way that has any payment in the months shown, in sats
 * when the report has no fiat currency, else in fiat (major units: dollars, not cents) so card and Lightning add up.
 */
export function revenueSeries(report: MoneyReport): { unit: "sats" | "fiat"; ways: MoneyWay[]; values: number[][] } {
  const unit = report.fiat_currency ? "fiat" : "sats";
  const ways = report.by_way.map((w) => w.way);
  const digits = report.fiat_currency ? fractionDigits(report.fiat_currency) : 0;
  const values = ways.map((way) =>
    report.months.map((m) => {
      const w = m.by_way.find((x) => x.way === way);
      if (!w) return 0;
      return unit === "fiat" ? w.fiat / 10 ** digits : w.sats;
    }),
  );
  return { unit, ways, values };
}

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 0;
  }
}

/** The rows of the months table, newest first (the chart reads oldest first). */
export function newestFirst<T extends { month: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.month.localeCompare(a.month));
}
