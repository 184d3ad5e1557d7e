// Display helpers.

const nf = new Intl.NumberFormat("en-US");

export function formatSats(n: number): string {
  return `${nf.format(n)} sats`;
}

/**
 * "≈ $6.50": what an amount of sats is worth at the current bitcoin price (GET /config's fiat, from FIAT_RATE or
 * FIAT_RATE_URL), or null when there is none. A hint only: Lightning charges in sats.
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

/**
 * An amount in a currency's minor unit (cents; yen have none), formatted in that currency: formatMoney(1000, "USD") is
 * "$10.00", formatMoney(1000, "JPY") "¥1,000". The minor unit's size comes from Intl, the same table ISO 4217 gives the
 * backend. An unknown code still shows, as "1000 XYZ".
 */
export function formatMoney(minor: number, currency: string): string {
  let money: Intl.NumberFormat;
  try {
    money = new Intl.NumberFormat("en-US", { style: "currency", currency });
  } catch {
    return `${nf.format(minor)} ${currency}`;
  }
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  return money.format(minor / 10 ** digits);
}

/** A price as it is shown: the figure, what it is per, and a hint in the other unit (null when there is none). */
export interface PriceParts {
  /** "10,000" (sats) or "$10.00" */
  amount: string;
  /** "sats" or "" (the amount names its currency) */
  unit: string;
  /** the amount with its unit: "10,000 sats" or "$10.00" */
  figure: string;
  /** "≈ $6.50" beside sats at the operator's bitcoin price, "≈ 10,000 sats today" beside a fiat price */
  hint: string | null;
  /** the whole in one line, for text and screen readers: "$10.00 (≈ 10,000 sats today)" */
  text: string;
}

/**
 * A plan's price (or anything priced like one: the next renewal) in the currency the operator set it in. Sats prices
 * keep the fiat hint at GET /config's bitcoin price; fiat prices show what Lightning would charge today, from the
 * API's price_sats (null while the bitcoin price is unknown: no hint then).
 */
export function planPrice(
  p: { currency: string; price: number; price_sats: number | null },
  fiat?: { currency: string; per_bitcoin: number } | null,
): PriceParts {
  if (p.currency === "SAT") {
    const amount = nf.format(p.price);
    const hint = fiatHint(p.price, fiat);
    const figure = `${amount} sats`;
    return { amount, unit: "sats", figure, hint, text: hint ? `${figure} (${hint})` : figure };
  }
  const amount = formatMoney(p.price, p.currency);
  const hint = p.price > 0 && p.price_sats !== null ? `≈ ${nf.format(p.price_sats)} sats today` : null;
  return { amount, unit: "", figure: amount, hint, text: hint ? `${amount} (${hint})` : amount };
}

/**
 * The next renewal (GET /tenants/{pubkey}/billing) priced like a plan: "$20.00" with "≈ 20,000 sats today" for plans in
 * fiat, where the sats are today's conversion (0 while the bitcoin price is unknown: no hint then); "20,000 sats" and
 * no hint for plans in sats.
 */
export function renewalPrice(r: { amount: number; price: number; currency: string }): PriceParts {
  if (r.currency === "SAT") return planPrice({ currency: "SAT", price: r.amount, price_sats: r.amount });
  return planPrice({ currency: r.currency, price: r.price, price_sats: r.amount > 0 ? r.amount : null });
}

/**
 * What a Lightning invoice was priced at in fiat when it was made: "$10.00 at $100,000/BTC", or null when it has no
 * such figure. The figures are the ones stored with the invoice, never a conversion at today's price.
 */
export function invoiceFiat(
  fiat: { currency: string; amount: number; btc_price: string } | null | undefined,
): string | null {
  if (!fiat) return null;
  const btc = Number(fiat.btc_price);
  const rate = Number.isFinite(btc) ? formatMoneyMajor(btc, fiat.currency) : `${fiat.btc_price} ${fiat.currency}`;
  return `${formatMoney(fiat.amount, fiat.currency)} at ${rate}/BTC`;
}

/** A whole-ish amount in a currency's major unit (a bitcoin price): no fraction from 1,000 up. */
function formatMoneyMajor(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      maximumFractionDigits: value >= 1000 ? 0 : 2,
      minimumFractionDigits: 0,
    }).format(value);
  } catch {
    return `${nf.format(value)} ${currency}`;
  }
}

export function formatNumber(n: number): string {
  return nf.format(n);
}

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "22 Dec 2026": the one way a day is written, here and in the server's sentences (the backend's Messages.day, which
 * says "Autopay will pay the renewal … on 22 Dec 2026" beside this). Days are UTC days, as billing counts them, so a
 * renewal reads the same date in both places wherever the reader is. Months are spelled out here rather than by Intl,
 * whose en-GB says "Sept" where Java says "Sep".
 */
export function formatDate(unix: number | null | undefined): string {
  if (!unix) return "—";
  const d = new Date(unix * 1000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "22 Dec 2026, 14:05": a moment in the reader's own time zone, its day written as formatDate writes one. */
export function formatDateTime(unix: number | null | undefined): string {
  if (!unix) return "—";
  const d = new Date(unix * 1000);
  const time = `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${time}`;
}

/** "2026-11" → "Nov 2026"; with short, "Nov" (a chart's axis). */
export function monthLabel(month: string, short = false): string {
  const [y, m] = month.split("-");
  const name = MONTHS[Number(m) - 1] ?? month;
  return short ? name : `${name} ${y}`;
}

/** Bytes as people read them: "0 B", "812 B", "4.2 KB", "1.5 MB", "3.1 GB" (powers of 1000, as disks are sold). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1000) return `${Math.max(0, Math.round(n || 0))} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
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

/** A plan id made readable ("basic" → "Basic"), for when the plan itself is not at hand. */
export function planLabel(plan: string): string {
  return plan ? plan[0]!.toUpperCase() + plan.slice(1) : plan;
}

/** A plan's name from the catalog (GET /plans) when it is in it, else its id made readable (a hidden plan). */
export function planName(id: string, plans?: readonly { id: string; name: string }[] | null): string {
  return plans?.find((p) => p.id === id)?.name ?? planLabel(id);
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

/**
 * A server message as a sentence people read: a capital first letter and a full stop. The API words its errors for
 * the field they are about ("subdomain 'abc' is already taken"); shown beside a "Taken" badge or in a toast they
 * read as a sentence. A first word with anything but lower-case letters (npub1…, wss://…, a relay's name) is left as
 * it is.
 */
export function sentence(message: string): string {
  const t = message.trim();
  if (!t) return t;
  const first = /^[a-z]+(?=[\s,;']|:(?!\/)|$)/.exec(t);
  const capped = first ? t[0]!.toUpperCase() + t.slice(1) : t;
  return /[.!?…]$/.test(capped) ? capped : `${capped}.`;
}
