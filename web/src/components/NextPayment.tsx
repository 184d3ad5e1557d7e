// "What you pay next, when and how": the account page's one answer, rendered from the billing summary's next_payment
// (GET /tenants/:pk/billing, also pushed on /live). Every card on the page that speaks of the next payment uses these
// words, so none can say autopay pays a renewal the card pays, or the reverse.
import { For, Show } from "solid-js";
import { formatDate, formatMoney, formatSats, renewalPrice } from "~/lib/format";
import type { BillingSummary } from "~/lib/types";
import { DescriptionList } from "./DescriptionList";

export type NextPaymentInfo = BillingSummary["next_payment"];

/** "$9.00", or null while Stripe's price is not known. */
export function cardCharge(n: NextPaymentInfo): string | null {
  return n.card_amount != null && n.card_currency ? formatMoney(n.card_amount, n.card_currency.toUpperCase()) : null;
}

/** What the card would charge a month for the relays that renew: "$9.00 a month", or null when unknown. */
export function cardPricePerMonth(n: NextPaymentInfo): string | null {
  return n.per_period ? `${formatMoney(n.per_period.amount, n.per_period.currency.toUpperCase())} a month` : null;
}

/** The Lightning amount of the renewal: the plan's figure, or what is left after credit. */
function lightningFigure(s: BillingSummary): string {
  if (s.credit > 0) return `${formatSats(s.next_payment.sats)} (after ${formatSats(s.credit)} of credit)`;
  return renewalPrice(s.next_renewal).figure;
}

/**
 * The headline in three parts: before, "what on when" (the figure and the day, shown together), after. One sentence
 * says what is paid next, when, and how, so no row beside it repeats a part of it.
 */
export function nextPaymentParts(s: BillingSummary): [string, string, string] {
  const n = s.next_payment;
  const when = formatDate(n.at);
  switch (n.method) {
    case "autopay":
      return ["Autopay pays ", `${lightningFigure(s)} on ${when}`, " from your wallet."];
    case "invoice":
      return [
        "You pay ",
        `${lightningFigure(s)} on ${when}`,
        " by invoice, from any Lightning wallet (autopay is off).",
      ];
    case "card": {
      const charge = cardCharge(n);
      return charge
        ? ["Your card is charged ", `${charge} on ${when}`, "."]
        : ["Your card is charged through Stripe ", `on ${when}`, "."];
    }
    default:
      return ["Nothing to pay: you have no paid relays that renew.", "", ""];
  }
}

/** The headline as one string. */
export function nextPaymentSentence(s: BillingSummary): string {
  return nextPaymentParts(s).join("");
}

/** A switch between rails asked for, as it stands; null without one. */
export function railSwitchSentence(n: NextPaymentInfo): string | null {
  const sw = n.rail_switch;
  if (!sw) return null;
  const when = formatDate(sw.at);
  if (sw.to === "card" && !sw.ready)
    return n.at
      ? `You asked to pay by card from ${when}. Finish setting up your card with Stripe first: until then this renewal is paid over Lightning.`
      : "You asked to pay by card. Finish setting up your card with Stripe to start.";
  if (sw.to === "card")
    return n.at
      ? `Card payments start on ${when}: this period stays paid over Lightning, and nothing is charged to the card before then.`
      : "Card payments start at your next renewal.";
  return n.at
    ? `Your card is not charged again: from ${when} you pay over Lightning.`
    : "You switch to Lightning at the end of the card period.";
}

/** The next payment, with what it is for. Renders the summary as given: the page keeps it current. */
export function NextPayment(props: { summary: BillingSummary }) {
  const s = () => props.summary;
  const n = () => s().next_payment;
  const parts = () => nextPaymentParts(s());
  return (
    <div class="grid grid-cols-1 gap-4">
      <p class="text-base" data-testid="next-payment" data-method={n().method}>
        {parts()[0]}
        <Show when={parts()[1]}>
          <strong class="font-semibold" data-testid="billing-next-renewal">
            {parts()[1]}
          </strong>
        </Show>
        {parts()[2]}
      </p>
      <Show when={railSwitchSentence(n())}>
        {(text) => (
          <p
            class="rounded-lg border border-sky-500/40 bg-sky-500/5 p-3 text-sm"
            role="status"
            data-testid="rail-switch-note"
          >
            {text()}
          </p>
        )}
      </Show>
      <Show when={n().method !== "none"}>
        <DescriptionList
          items={[
            [
              "For",
              <span data-testid="renewal-relays">
                <For each={s().next_renewal.items}>
                  {(line, i) => (
                    <>
                      {i() > 0 ? ", " : ""}
                      {line.relay_name}
                    </>
                  )}
                </For>
              </span>,
            ],
            ...(s().credit > 0 && n().method !== "card"
              ? ([["Credit", formatSats(s().credit)]] as [string, string][])
              : []),
          ]}
        />
      </Show>
    </div>
  );
}
