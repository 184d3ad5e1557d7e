// One "next payment" as the billing summary gives it (autopay over Lightning, card price $9.00 a month), for the tests
// of the pieces that render it; each test overrides what it is about.
import type { NextPaymentInfo } from "../src/components/NextPayment";

export const NEXT_AT = 1_800_000_000;

export const nextPayment = (over: Partial<NextPaymentInfo> = {}): NextPaymentInfo => ({
  method: "autopay",
  at: NEXT_AT,
  sats: 10_000,
  card_amount: null,
  card_currency: null,
  rail: "lightning",
  rail_switch: null,
  per_period: { amount: 900, currency: "usd" },
  card_due: false,
  checkout_charge: null,
  ...over,
});
