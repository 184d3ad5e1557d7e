import { describe, expect, test } from "bun:test";
import { formatInvoiceAmount } from "~/lib/format";
import { checkoutReturnNotice } from "~/components/PaymentRail";

describe("card payments", () => {
  test("card invoices show their currency, Lightning ones sats", () => {
    expect(formatInvoiceAmount({ amount: 900, rail: "card", card: { currency: "usd" } })).toBe("$9.00");
    expect(formatInvoiceAmount({ amount: 2900, rail: "card", card: { currency: "eur" } })).toBe("€29.00");
    expect(formatInvoiceAmount({ amount: 10000, rail: "lightning" })).toContain("10,000");
  });

  test("coming back from Checkout says what happens next, and nothing for other visits", () => {
    expect(checkoutReturnNotice("success")?.text).toContain("as soon as Stripe confirms");
    expect(checkoutReturnNotice("cancelled")?.text).toContain("stay awaiting payment");
    expect(checkoutReturnNotice(null)).toBeNull();
  });
});
