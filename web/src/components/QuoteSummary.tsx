// What a plan change (or a new relay) will cost, from GET /relays/:id/quote or GET /quote, shown before confirming.
// On card the card is charged through Stripe: no Lightning figure, no autopay, and never "nothing to pay".
import { Show } from "solid-js";
import { formatDate, formatMoney, formatSats, planName, planPrice } from "~/lib/format";
import type { Plan, Quote } from "~/lib/types";

/** @param plans the catalog, to name the plans (their ids, capitalized, without it) */
export function quoteSentence(q: Quote, plans?: readonly Plan[] | null): string {
  const planLabel = (id: string) => planName(id, plans);
  const c = q.charge_now;
  if (q.change === "none") return "Nothing changes.";
  if (q.change === "cancel") return "The scheduled plan change is cancelled; nothing is charged.";
  if (q.change === "downgrade" && q.takes_effect === "next_renewal")
    return `The relay moves to ${planLabel(q.plan)} on ${formatDate(q.effective_at)}; nothing is charged now.`;
  if (q.rail === "card") return cardSentence(q, planLabel);
  if (!c || c.amount_due === 0) return `Moves to ${planLabel(q.plan)} now; nothing to pay.`;
  const period =
    c.period_start && c.period_end ? ` for ${formatDate(c.period_start)} – ${formatDate(c.period_end)}` : "";
  const credit =
    c.credit_applied > 0 ? ` (${formatSats(c.credit_applied)} of ${formatSats(c.amount)} paid from your credit)` : "";
  const when =
    q.change === "upgrade"
      ? ` The relay stays on ${q.current_plan ? planLabel(q.current_plan) : "its current plan"} until it is paid.`
      : " The relay is served once it is paid.";
  return `You pay ${formatSats(c.amount_due)} now${period}${credit}.${when}`;
}

/** A plan change or a new relay on card: Stripe charges the card before it is served. */
function cardSentence(q: Quote, planLabel: (id: string) => string): string {
  const price = q.card_price
    ? ` (${planLabel(q.plan)} is ${formatMoney(q.card_price.amount, q.card_price.currency.toUpperCase())} a month by card: the card price is set in Stripe, while Lightning invoices follow the day's bitcoin rate, so the two can differ)`
    : "";
  if (q.takes_effect !== "on_payment") return `Moves to ${planLabel(q.plan)} now; nothing is charged to your card.`;
  if (q.change === "upgrade")
    return `Your card is charged the difference for the rest of this period through Stripe${price}. The relay stays on ${q.current_plan ? planLabel(q.current_plan) : "its current plan"} until it is paid.`;
  return `Your card is charged for it through Stripe${price}. The relay is served once it is paid.`;
}

export function QuoteSummary(props: { quote: Quote; plans?: readonly Plan[] | null }) {
  const q = () => props.quote;
  const fiatPlan = () =>
    q().rail !== "card" && (q().change === "upgrade" || q().change === "new")
      ? props.plans?.find((p) => p.id === q().plan && p.currency !== "SAT" && p.price > 0)
      : undefined;
  return (
    <div class="grid gap-2 text-sm" data-testid="quote">
      <p data-testid="quote-charge">{quoteSentence(q(), props.plans)}</p>
      {/* the quote is in sats; a plan priced in fiat says its own price, which is what the sats were worked out from */}
      <Show when={fiatPlan()}>
        {(p) => (
          <p class="text-muted-foreground" data-testid="quote-plan-price">
            {p().name} is {planPrice(p()).figure} a month, charged in sats at the bitcoin price when the invoice is
            made.
          </p>
        )}
      </Show>
      <Show when={q().next_renewal.at && q().rail !== "card"}>
        <p class="text-muted-foreground" data-testid="quote-renewal">
          Next renewal: {formatSats(q().next_renewal.amount)} on {formatDate(q().next_renewal.at)}.
        </p>
      </Show>
      <Show when={q().autopay === "pays"}>
        <p class="text-muted-foreground">Autopay pays this from your wallet (within your budget).</p>
      </Show>
      <Show when={q().autopay === "needs_confirmation"}>
        <p class="text-muted-foreground">
          This is over your autopay budget: you will confirm the payment with your signature.
        </p>
      </Show>
    </div>
  );
}
