// Display helpers.

const nf = new Intl.NumberFormat("en-US");

export function formatSats(n: number): string {
  return `${nf.format(n)} sats`;
}

/**
 * "≈ $6.50": what an amount of sats is worth at the operator's display rate (GET /config's fiat, from FIAT_RATE),
 * or null when there is no rate. A hint only: prices are charged in sats.
 */
export function fiatHint(
  sats: number,
  fiat: { currency: string; per_bitcoin: number } | null | undefined,
): string | null {
  if (!fiat || sats <= 0) return null;
  const value = (sats / 100_000_000) * fiat.per_bitcoin;
  const money = new Intl.NumberFormat("en", {
    style: "currency",
    currency: fiat.currency,
    maximumFractionDigits: value < 10 ? 2 : 0,
  });
  return `≈ ${money.format(value)}`;
}

export function formatNumber(n: number): string {
  return nf.format(n);
}

export function formatDate(unix: number | null | undefined): string {
  if (!unix) return "—";
  return new Date(unix * 1000).toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric" });
}

export function formatDateTime(unix: number | null | undefined): string {
  if (!unix) return "—";
  return new Date(unix * 1000).toLocaleString("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  });
}

const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
export function timeAgo(unix: number | null | undefined, now = Date.now()): string {
  if (!unix) return "—";
  const diff = unix - Math.floor(now / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return diff <= 0 ? "just now" : "in a few seconds";
  if (abs < 3600) return rtf.format(Math.round(diff / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), "hour");
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), "day");
  return formatDate(unix);
}

/** "npub1abcd…wxyz" */
export function shortKey(key: string, head = 10, tail = 6): string {
  if (key.length <= head + tail + 1) return key;
  return `${key.slice(0, head)}…${key.slice(-tail)}`;
}

export function planLabel(plan: string): string {
  return plan ? plan[0]!.toUpperCase() + plan.slice(1) : plan;
}

/** An invoice's amount in its own unit: sats on Lightning, the Stripe currency on card (minor unit → major). */
export function formatInvoiceAmount(inv: {
  amount: number;
  rail?: string;
  card?: { currency: string } | null;
}): string {
  if (inv.rail !== "card" || !inv.card) return formatSats(inv.amount);
  const currency = (inv.card.currency || "usd").toUpperCase();
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(inv.amount / 100);
  } catch {
    return `${(inv.amount / 100).toFixed(2)} ${currency}`;
  }
}
