// The account page's one answer to "what you pay next, when and how", for each combination that made it contradict
// itself: autopay on and off, a switch to card (its card set up or not), on card, back to Lightning, nothing to pay.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { NextPayment, nextPaymentSentence, railSwitchSentence } from "../src/components/NextPayment";
import { formatDate } from "../src/lib/format";
import type { BillingSummary } from "../src/lib/types";
import { NEXT_AT, nextPayment } from "./next-payment-fixture";

afterEach(cleanup);

const AT = NEXT_AT;

function summary(next: Partial<BillingSummary["next_payment"]>, over: Partial<BillingSummary> = {}): BillingSummary {
  return {
    next_renewal: {
      at: AT,
      amount: 10_000,
      items: [{ relay: "r1", relay_name: "Night Market", plan: "basic", amount: 10_000, price: 10_000 }],
      price: 10_000,
      currency: "SAT",
    },
    overdue: [],
    awaiting_payment: [],
    credit: 0,
    autopay: {
      enabled: true,
      budget: 10_000,
      budget_is_default: true,
      spent_this_cycle: 0,
      remaining: 10_000,
      next: "",
    },
    next_payment: nextPayment(next),
    ...over,
  };
}

const day = formatDate(AT);

describe("the next payment", () => {
  test("autopay on: the wallet pays the renewal", () => {
    expect(nextPaymentSentence(summary({}))).toBe(`Autopay pays 10,000 sats on ${day} from your wallet.`);
  });

  test("autopay off: an invoice to pay by hand, and no word of autopay paying", () => {
    const text = nextPaymentSentence(summary({ method: "invoice" }));
    expect(text).toStartWith(`You pay 10,000 sats on ${day}`);
    expect(text).not.toContain("Autopay");
  });

  test("credit lowers what is paid and says so", () => {
    expect(nextPaymentSentence(summary({ sats: 4_000 }, { credit: 6_000 }))).toContain(
      "4,000 sats (after 6,000 sats of credit)",
    );
  });

  test("a switch to card not set up: Lightning still pays, and the note says what is missing", () => {
    const s = summary({ rail_switch: { to: "card", at: AT, ready: false }, card_due: true });
    expect(nextPaymentSentence(s)).toContain("Autopay pays");
    expect(railSwitchSentence(s.next_payment)).toContain("Finish setting up your card");
  });

  test("a switch to card set up: the card pays the renewal, autopay is not promised it", () => {
    const s = summary({
      method: "card",
      card_amount: 900,
      card_currency: "usd",
      rail_switch: { to: "card", at: AT, ready: true },
    });
    expect(nextPaymentSentence(s)).toBe(`Your card is charged $9.00 on ${day}.`);
    expect(railSwitchSentence(s.next_payment)).toContain("this period stays paid over Lightning");
    render(() => <NextPayment summary={s} />);
    expect(screen.getByTestId("billing-next-renewal").textContent).toBe(`$9.00 on ${day}`);
    expect(document.body.textContent).not.toContain("Autopay pays");
  });

  test("on card, with Stripe's price not known yet: no invented figure", () => {
    const s = summary({ method: "card", rail: "card", per_period: null });
    expect(nextPaymentSentence(s)).toBe(`Your card is charged through Stripe on ${day}.`);
    expect(railSwitchSentence(s.next_payment)).toBeNull();
  });

  test("back to Lightning: the card is not charged again", () => {
    const s = summary({ method: "invoice", rail: "card", rail_switch: { to: "lightning", at: AT, ready: true } });
    expect(railSwitchSentence(s.next_payment)).toBe(
      `Your card is not charged again: from ${day} you pay over Lightning.`,
    );
  });

  test("nothing to pay: one sentence and no rows", () => {
    const s = summary({ method: "none", at: null, sats: 0 });
    render(() => <NextPayment summary={s} />);
    expect(screen.getByTestId("next-payment").textContent).toBe("Nothing to pay: you have no paid relays that renew.");
    expect(screen.queryByTestId("renewal-relays")).toBeNull();
    expect(screen.queryByTestId("billing-next-renewal")).toBeNull();
  });

  test("one sentence says what, when and how; the only row says what for", () => {
    render(() => <NextPayment summary={summary({ method: "invoice" })} />);
    expect(screen.getByTestId("billing-next-renewal").textContent).toBe(`10,000 sats on ${day}`);
    expect(screen.getByTestId("next-payment").textContent).toContain("(autopay is off)");
    expect(screen.getByTestId("renewal-relays").textContent).toBe("Night Market");
    expect(document.querySelectorAll("dt").length).toBe(1);
  });
});
