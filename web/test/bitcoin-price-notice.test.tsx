// The admin overview's bitcoin price notice: an alert when the feed's rate is stale or its last answer was refused
// (with when and why), nothing when the feed is fresh and believed or no feed is configured.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen } from "@solidjs/testing-library";
import { BitcoinPriceNotice } from "../src/components/BitcoinPriceNotice";
import type { BitcoinPriceStatus } from "../src/lib/types";

afterEach(cleanup);

const FRESH: BitcoinPriceStatus = {
  source: "feed",
  currency: "USD",
  per_bitcoin: "100000",
  accepted_at: 1_764_000_000,
  stale: false,
  refused_at: null,
  refusal: null,
};

describe("BitcoinPriceNotice", () => {
  test("a refused answer after the last accepted one: an alert with the rate kept and why", () => {
    render(() => (
      <BitcoinPriceNotice
        price={{
          ...FRESH,
          refused_at: 1_764_000_060,
          refusal: "1E-30 USD per bitcoin is outside the plausible band of 100 to 10000000000",
        }}
      />
    ));
    const notice = screen.getByRole("alert");
    expect(notice.dataset.testid).toBe("bitcoin-price-notice");
    expect(notice.textContent).toContain("last answer was refused");
    expect(notice.textContent).toContain("100000 USD per bitcoin");
    expect(notice.textContent).toContain("outside the plausible band");
  });

  test("a stale rate: says invoices wait, even with no refusal recorded", () => {
    render(() => <BitcoinPriceNotice price={{ ...FRESH, stale: true }} />);
    expect(screen.getByRole("alert").textContent).toContain("stale");
  });

  test("no rate ever accepted: says so", () => {
    render(() => (
      <BitcoinPriceNotice
        price={{
          ...FRESH,
          currency: null,
          per_bitcoin: null,
          accepted_at: null,
          stale: true,
          refused_at: 5,
          refusal: "the feed answered HTTP 503",
        }}
      />
    ));
    expect(screen.getByRole("alert").textContent).toContain("No price has been accepted");
  });

  test("fresh and believed (an old refusal since followed by a good answer), fixed or none: nothing", () => {
    render(() => <BitcoinPriceNotice price={{ ...FRESH, refused_at: 1, refusal: "old" }} />);
    render(() => <BitcoinPriceNotice price={{ ...FRESH, source: "fixed", accepted_at: null }} />);
    render(() => (
      <BitcoinPriceNotice price={{ ...FRESH, source: "none", currency: null, per_bitcoin: null, accepted_at: null }} />
    ));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
