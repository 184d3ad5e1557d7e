// Plans priced in a fiat currency and invoices with a stored fiat figure, as the pages show them.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, render, screen, waitFor, within } from "@solidjs/testing-library";
import { PlanBadge } from "../src/components/badges";
import { QuoteSummary } from "../src/components/QuoteSummary";
import { InvoiceTable } from "../src/components/InvoiceTable";
import { featuredPlan, PlanPicker, PricingCards } from "../src/components/plans";
import { configureApi } from "../src/lib/api";
import type { Invoice, Plan, Quote } from "../src/lib/types";

afterEach(() => {
  cleanup();
  // the API client's options are shared by every test file run in this process
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const plan = (over: Partial<Plan>): Plan => ({
  id: "basic",
  name: "Basic",
  currency: "USD",
  price: 1000,
  price_sats: 10_000,
  max_members: 100,
  blossom: true,
  livekit: true,
  hidden: false,
  names: true,
  custom_domain: true,
  ...over,
});

const USD_PLANS: Plan[] = [
  plan({ id: "free", name: "Free", price: 0, price_sats: 0, max_members: 10, blossom: false, livekit: false }),
  plan({ id: "starter", name: "Starter" }),
  plan({ id: "team", name: "Team", price: 4900, price_sats: null, max_members: null }),
];

function invoice(over: Partial<Invoice>): Invoice {
  return {
    id: "inv1",
    tenant: "t",
    amount: 10_000,
    status: "pending",
    kind: "initial",
    created_at: 1_800_000_000,
    due_at: 1_800_600_000,
    paid_at: null,
    bolt11: "lnbc1",
    payment_hash: "h",
    expires_at: null,
    autopay_started_at: null,
    autopay_error: null,
    items: [
      {
        id: "it1",
        relay: "r1",
        relay_name: "Book club",
        plan: "starter",
        amount: 10_000,
        period_start: 1_800_000_000,
        period_end: 1_802_592_000,
        fiat: 1000,
      },
    ],
    autopay_hold: null,
    credit_applied: 0,
    gated: true,
    paid_hash: null,
    waived_at: null,
    rail: "lightning",
    period_start: 1_800_000_000,
    period_end: 1_802_592_000,
    card: null,
    fiat: { currency: "USD", amount: 1000, btc_price: "100000" },
    ...over,
  };
}

describe("plans priced in USD", () => {
  test("the pricing cards show each plan's own price, and today's sats when the bitcoin price is known", () => {
    render(() => <PricingCards plans={USD_PLANS} />);
    const starter = within(screen.getByTestId("plan-starter"));
    expect(starter.getByTestId("plan-price").textContent).toContain("$10.00/ month");
    expect(starter.getByText("≈ 10,000 sats today")).toBeTruthy();
    const team = screen.getByTestId("plan-team").textContent!;
    expect(team).toContain("$49.00");
    expect(team).not.toContain("sats");
    expect(screen.getByTestId("plan-free").textContent).toContain("$0.00");
  });
  test("the plan picker names each plan with its price for screen readers", () => {
    render(() => <PlanPicker plans={USD_PLANS} value="starter" onChange={() => {}} />);
    expect(screen.getByRole("radio", { name: "Starter, $10.00 (≈ 10,000 sats today) per month" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Team, $49.00 per month" })).toBeTruthy();
    expect(screen.getByRole("radio", { name: "Free, free" })).toBeTruthy();
  });
  test("plans in sats keep the sats display", () => {
    render(() => <PricingCards plans={[plan({ id: "basic", currency: "SAT", price: 10_000, price_sats: 10_000 })]} />);
    expect(screen.getByTestId("plan-price").textContent).toContain("10,000sats / month");
  });
  test("the plan singled out is the cheapest paid one, only when there is a choice", () => {
    expect(featuredPlan(USD_PLANS)).toBe("starter");
    expect(featuredPlan(USD_PLANS.slice(0, 2))).toBeNull();
  });
});

describe("a quote for a plan priced in USD", () => {
  const quote: Quote = {
    plan: "starter",
    current_plan: "free",
    change: "upgrade",
    charge_now: {
      amount: 10_000,
      credit_applied: 0,
      amount_due: 10_000,
      period_start: null,
      period_end: null,
      kind: "upgrade",
    },
    takes_effect: "on_payment",
    effective_at: null,
    next_renewal: { at: null, amount: 10_000 },
    autopay: null,
    rail: "lightning",
    card_price: null,
    free_relays_left: null,
  };
  test("names the plans from the catalog and says the plan's own price", () => {
    render(() => <QuoteSummary quote={quote} plans={USD_PLANS} />);
    expect(screen.getByTestId("quote-charge").textContent).toBe(
      "You pay 10,000 sats now. The relay stays on Free until it is paid.",
    );
    expect(screen.getByTestId("quote-plan-price").textContent).toContain("Starter is $10.00 a month");
  });
  test("no price line for plans in sats", () => {
    const sats = USD_PLANS.map((p) => ({ ...p, currency: "SAT" }));
    render(() => <QuoteSummary quote={quote} plans={sats} />);
    expect(screen.queryByTestId("quote-plan-price")).toBeNull();
  });
});

describe("invoices with a fiat figure", () => {
  test("the invoice list shows the stored fiat figure beside the sats", () => {
    render(() => <InvoiceTable invoices={[invoice({})]} />);
    const row = within(screen.getByTestId("invoice-row"));
    expect(row.getByTestId("invoice-amount").textContent).toBe("10,000 sats");
    expect(row.getByTestId("invoice-fiat").textContent).toBe("$10.00 at $100,000/BTC");
  });
  test("an invoice without one shows the sats alone", () => {
    render(() => <InvoiceTable invoices={[invoice({ fiat: null })]} />);
    expect(screen.queryByTestId("invoice-fiat")).toBeNull();
  });
});

describe("a hidden plan", () => {
  test("a relay still on it shows the plan's name, fetched by id", async () => {
    const asked: string[] = [];
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
    configureApi({
      baseUrl: "http://api.test",
      token: () => null,
      fetch: async (input) => {
        const path = new URL(String(input)).pathname;
        asked.push(path);
        if (path === "/plans") return json({ items: USD_PLANS });
        if (path === "/plans/early-bird") return json(plan({ id: "early-bird", name: "Early bird", hidden: true }));
        return new Response(JSON.stringify({ error: "not_found", message: "no" }), { status: 404 });
      },
    });
    render(() => <PlanBadge plan="early-bird" />);
    await waitFor(() => expect(screen.getByTestId("relay-plan").textContent).toBe("Early bird"));
    expect(asked).toContain("/plans/early-bird");
  });
});
