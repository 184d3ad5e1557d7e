import { describe, expect, test } from "bun:test";
import { fiatHint } from "../src/lib/format";

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
