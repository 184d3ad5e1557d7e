import { describe, expect, test } from "bun:test";
import { formatInvoiceAmount } from "~/lib/format";
import { checkoutReturnNotice } from "~/components/PaymentRail";
import { chargedNothing } from "~/components/InvoiceTable";
import { quoteSentence } from "~/components/QuoteSummary";
import { nextPayment } from "./next-payment-fixture";
import type { Invoice, Quote } from "~/lib/types";

describe("card payments", () => {
  test("card invoices show their currency, Lightning ones sats", () => {
    expect(formatInvoiceAmount({ amount: 900, rail: "card", card: { currency: "usd" } })).toBe("$9.00");
    expect(formatInvoiceAmount({ amount: 2900, rail: "card", card: { currency: "eur" } })).toBe("€29.00");
    expect(formatInvoiceAmount({ amount: 10000, rail: "lightning" })).toContain("10,000");
  });

  test("coming back from a switch's Checkout says the card is saved, not charged", () => {
    const saved = checkoutReturnNotice(
      "success",
      nextPayment({ rail_switch: { to: "card", at: 1_800_000_000, ready: true }, method: "card" }),
    );
    expect(saved?.text).toContain("Nothing was charged today");
    expect(saved?.text).toContain("$9.00 a month");
    expect(saved?.text).not.toMatch(/took your card payment/);
    // its webhook not yet in: still no charge claimed
    const confirming = checkoutReturnNotice(
      "success",
      nextPayment({ rail_switch: { to: "card", at: 1_800_000_000, ready: false }, card_due: true }),
    );
    expect(confirming?.text).toContain("Nothing is charged to it today");
  });

  test("coming back on card says the payment is being confirmed, then confirmed", () => {
    expect(
      checkoutReturnNotice("success", nextPayment({ rail: "card", method: "card", card_due: true }))?.text,
    ).toContain("Stripe is confirming your card payment");
    expect(checkoutReturnNotice("success", nextPayment({ rail: "card", method: "card" }))?.text).toContain("confirmed");
  });

  test("nothing is said before the account is known, nor for other visits; a cancel charged nothing", () => {
    expect(checkoutReturnNotice("success", null)).toBeNull();
    expect(checkoutReturnNotice(null, nextPayment({}))).toBeNull();
    expect(checkoutReturnNotice("cancelled")?.text).toContain("nothing was charged");
    expect(checkoutReturnNotice("cancelled")?.text).toContain("stay awaiting payment");
  });

  test("a paid card invoice of nothing is left out of the history; a real one is not", () => {
    const inv = { rail: "card", amount: 0, status: "paid" } as Invoice;
    expect(chargedNothing(inv)).toBe(true);
    expect(chargedNothing({ ...inv, amount: 900 })).toBe(false);
    expect(chargedNothing({ ...inv, rail: "lightning" })).toBe(false);
  });

  test("on card a quote speaks of the card: its price, never sats nor nothing to pay", () => {
    const q: Quote = {
      plan: "growth",
      current_plan: "basic",
      change: "upgrade",
      charge_now: null,
      takes_effect: "on_payment",
      effective_at: null,
      next_renewal: { at: 1_800_000_000, amount: 50_000 },
      autopay: null,
      rail: "card",
      card_price: { amount: 2900, currency: "usd" },
      free_relays_left: null,
    };
    const text = quoteSentence(q);
    expect(text).toContain("Your card is charged the difference");
    expect(text).toContain("$29.00 a month by card");
    expect(text).not.toMatch(/sats|nothing to pay/);
    expect(quoteSentence({ ...q, change: "new", current_plan: null })).toContain("served once it is paid");
  });
});
