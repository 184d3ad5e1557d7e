// Prices in the plans' own currency (sats, or a fiat currency's minor unit) and the fiat figures stored with invoices.
import { describe, expect, test } from "bun:test";
import { fiatHint, formatMoney, invoiceFiat, planName, planPrice, renewalPrice } from "../src/lib/format";

const USD_RATE = { currency: "USD", per_bitcoin: 100_000 };

describe("fiatHint", () => {
  test("no rate configured: no hint", () => {
    expect(fiatHint(10_000, null)).toBeNull();
    expect(fiatHint(10_000, undefined)).toBeNull();
  });
  test("sats at the operator's rate, cents below ten, whole units above", () => {
    expect(fiatHint(10_000, { currency: "USD", per_bitcoin: 65_000 })).toBe("≈ $6.50");
    expect(fiatHint(1_000_000, { currency: "EUR", per_bitcoin: 60_000 })).toBe("≈ €600");
  });
  test("nothing to pay: no hint", () => {
    expect(fiatHint(0, { currency: "USD", per_bitcoin: 65_000 })).toBeNull();
  });
});

describe("formatMoney", () => {
  test("minor units by the currency's own size: cents, none for yen, mils for dinars", () => {
    expect(formatMoney(1000, "USD")).toBe("$10.00");
    expect(formatMoney(999, "EUR")).toBe("€9.99");
    expect(formatMoney(0, "USD")).toBe("$0.00");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
    expect(formatMoney(1234, "KWD")).toMatch(/^KWD\s1\.234$/);
  });
  test("a code Intl refuses still shows", () => {
    expect(formatMoney(1000, "dollars")).toBe("1,000 dollars");
  });
});

describe("planPrice", () => {
  test("a sats plan: sats, with the hint at the bitcoin price when there is one", () => {
    const basic = { currency: "SAT", price: 10_000, price_sats: 10_000 };
    expect(planPrice(basic, USD_RATE)).toEqual({
      amount: "10,000",
      unit: "sats",
      figure: "10,000 sats",
      hint: "≈ $10",
      text: "10,000 sats (≈ $10)",
    });
    expect(planPrice(basic, null).hint).toBeNull();
    expect(planPrice(basic).text).toBe("10,000 sats");
  });
  test("a USD plan: its own price, and what Lightning charges today", () => {
    const p = planPrice({ currency: "USD", price: 1000, price_sats: 10_000 }, USD_RATE);
    expect(p.amount).toBe("$10.00");
    expect(p.unit).toBe("");
    expect(p.figure).toBe("$10.00");
    expect(p.hint).toBe("≈ 10,000 sats today");
    expect(p.text).toBe("$10.00 (≈ 10,000 sats today)");
  });
  test("a fiat plan while the bitcoin price is unknown: no sats at all", () => {
    const p = planPrice({ currency: "USD", price: 1000, price_sats: null });
    expect(p.hint).toBeNull();
    expect(p.text).toBe("$10.00");
  });
  test("a JPY plan has no minor unit", () => {
    expect(planPrice({ currency: "JPY", price: 1500, price_sats: 9_870 }).text).toBe("¥1,500 (≈ 9,870 sats today)");
  });
  test("a free fiat plan has no hint", () => {
    expect(planPrice({ currency: "USD", price: 0, price_sats: 0 }).text).toBe("$0.00");
  });
});

describe("renewalPrice", () => {
  test("plans in sats: the sats", () => {
    expect(renewalPrice({ amount: 20_000, price: 20_000, currency: "SAT" }).text).toBe("20,000 sats");
  });
  test("plans in fiat: the price it will be made at, sats as today's figure", () => {
    const r = renewalPrice({ amount: 20_000, price: 2000, currency: "USD" });
    expect(r.figure).toBe("$20.00");
    expect(r.hint).toBe("≈ 20,000 sats today");
  });
  test("plans in fiat with no bitcoin price (amount 0): the price alone", () => {
    expect(renewalPrice({ amount: 0, price: 2000, currency: "USD" }).text).toBe("$20.00");
  });
});

describe("invoiceFiat", () => {
  test("no figure stored: nothing", () => {
    expect(invoiceFiat(null)).toBeNull();
    expect(invoiceFiat(undefined)).toBeNull();
  });
  test("the stored amount at the stored bitcoin price", () => {
    expect(invoiceFiat({ currency: "USD", amount: 1000, btc_price: "100000" })).toBe("$10.00 at $100,000/BTC");
    expect(invoiceFiat({ currency: "EUR", amount: 999, btc_price: "61234.56" })).toBe("€9.99 at €61,235/BTC");
    expect(invoiceFiat({ currency: "JPY", amount: 1500, btc_price: "15000000" })).toBe("¥1,500 at ¥15,000,000/BTC");
  });
  test("a bitcoin price that is not a number shows as it came", () => {
    expect(invoiceFiat({ currency: "USD", amount: 1000, btc_price: "n/a" })).toBe("$10.00 at n/a USD/BTC");
  });
});

describe("planName", () => {
  const plans = [{ id: "pro", name: "Professional" }];
  test("the catalog's name, else the id made readable (a hidden plan)", () => {
    expect(planName("pro", plans)).toBe("Professional");
    expect(planName("legacy", plans)).toBe("Legacy");
    expect(planName("legacy")).toBe("Legacy");
  });
});
