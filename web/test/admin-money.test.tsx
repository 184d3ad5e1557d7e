// The operator's money view (/admin/money): the figures of GET /admin/money shown as people read them — tenants are
// the people with relays (sign-ins apart), revenue by month in fiat and sats, payments by way, recurring revenue,
// churn, open and overdue invoices, failed autopays with their reasons — and the months exported as CSV with the
// session's token. The overview's Tenants card counts people with relays too.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import AdminMoney from "../src/pages/admin/AdminMoney";
import AdminHome from "../src/pages/admin/AdminHome";
import { configureApi } from "../src/lib/api";
import { monthLabel } from "../src/lib/format";
import { openAmount, rateLabel, revenueSeries, satsAndFiat, type MoneyReport } from "../src/lib/money";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const TENANT = "b".repeat(64);
// Dec 2025 to Nov 2026, oldest first, as the API sends them
const months = Array.from({ length: 12 }, (_, i) => (i === 0 ? "2025-12" : `2026-${String(i).padStart(2, "0")}`));

const REPORT: MoneyReport = {
  as_of: Date.UTC(2026, 10, 20) / 1000,
  fiat_currency: "USD",
  people: { with_relays: 1, signed_in: 6, without_relays: 5 },
  recurring: {
    paid_relays: 3,
    sats: 30_000,
    fiat: 3_000,
    by_plan: [{ plan: "basic", name: "Basic", relays: 3, sats: 30_000, fiat: 3_000 }],
  },
  months: months.map((month, i) =>
    i === 11
      ? {
          month,
          invoices: 3,
          sats: 20_000,
          fiat: 2_900,
          by_way: [
            { way: "lightning", invoices: 1, sats: 10_000, fiat: 1_000 },
            { way: "autopay", invoices: 1, sats: 10_000, fiat: 1_000 },
            { way: "card", invoices: 1, sats: 0, fiat: 900 },
          ],
        }
      : { month, invoices: 0, sats: 0, fiat: 0, by_way: [] },
  ),
  by_way: [
    { way: "lightning", invoices: 1, sats: 10_000, fiat: 1_000 },
    { way: "autopay", invoices: 1, sats: 10_000, fiat: 1_000 },
    { way: "card", invoices: 1, sats: 0, fiat: 900 },
  ],
  open: [
    { rail: "lightning", currency: "sat", invoices: 2, amount: 20_000, overdue_invoices: 1, overdue_amount: 10_000 },
  ],
  overdue: [
    {
      invoice: "inv1",
      tenant: TENANT,
      rail: "lightning",
      currency: "sat",
      amount: 10_000,
      due_at: Date.UTC(2026, 9, 1) / 1000,
    },
  ],
  failed_autopays: {
    total: 1,
    unpaid: 1,
    items: [
      {
        invoice: "inv2",
        tenant: TENANT,
        rail: "lightning",
        currency: "sat",
        amount: 10_000,
        status: "pending",
        kind: "autopay_failed",
        reason: "wallet unreachable: check the connection string",
        at: Date.UTC(2026, 10, 2) / 1000,
      },
    ],
  },
  churn: months.map((month, i) => ({
    month,
    paid_at_start: i === 11 ? 4 : 0,
    gained: 0,
    lost: i === 11 ? 1 : 0,
    upgraded: 0,
    downgraded: 0,
    rate: i === 11 ? 0.25 : null,
    recorded: i === 11,
  })),
};

function serve(asked: string[]) {
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const url = String(input);
      asked.push(`${url} ${new Headers(init?.headers).get("authorization")}`);
      if (url.endsWith("/admin/money")) return Response.json(REPORT);
      if (url.endsWith("/admin/money.csv"))
        return new Response("month,way,invoices,sats,fiat_currency,fiat_minor_units\r\n", {
          headers: { "Content-Type": "text/csv" },
        });
      if (url.includes("/tenants?"))
        return Response.json({ items: [], total: 6, page: 1, per_page: 1, next_cursor: null });
      if (url.includes("/relays?"))
        return Response.json({ items: [], total: 0, page: 1, per_page: 1, next_cursor: null });
      if (url.endsWith("/admin/nodes")) return Response.json({ items: [] });
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
}

const inRouter = (page: () => ReturnType<typeof AdminMoney>) =>
  render(() => (
    <Router>
      <Route path="*" component={page} />
    </Router>
  ));

describe("the money view's figures", () => {
  test("months, rates and amounts read as people write them", () => {
    expect(monthLabel("2026-11")).toBe("Nov 2026");
    expect(monthLabel("2026-01", true)).toBe("Jan");
    expect(rateLabel(0.025)).toBe("2.5 %");
    expect(rateLabel(0.25)).toBe("25 %");
    expect(rateLabel(null)).toBe("–");
    expect(rateLabel(0)).toBe("0 %");
    expect(openAmount({ currency: "sat", amount: 12_000 })).toBe("12,000 sats");
    expect(openAmount({ currency: "usd", amount: 900 })).toBe("$9.00");
    expect(satsAndFiat(REPORT, 10_000, 1_000)).toBe("10,000 sats · $10.00");
    expect(satsAndFiat({ fiat_currency: null }, 10_000, 1_000)).toBe("10,000 sats");
  });

  test("the revenue chart adds the ways up in fiat (dollars, not cents) when there is a fiat currency", () => {
    const s = revenueSeries(REPORT);
    expect(s.unit).toBe("fiat");
    expect(s.ways).toEqual(["lightning", "autopay", "card"]);
    expect(s.values.map((v) => v[11])).toEqual([10, 10, 9]);
    expect(s.values[0]!.slice(0, 11).every((v) => v === 0)).toBe(true);
    const sats = revenueSeries({ ...REPORT, fiat_currency: null });
    expect(sats.unit).toBe("sats");
    expect(sats.values.map((v) => v[11])).toEqual([10_000, 10_000, 0]);
  });
});

describe("/admin/money", () => {
  test("shows the people with relays as tenants, the revenue, recurring revenue, churn, overdue and failed autopays", async () => {
    const asked: string[] = [];
    serve(asked);
    inRouter(() => <AdminMoney />);
    const people = await screen.findByTestId("money-people");
    expect(people.textContent).toContain("1");
    expect(people.textContent).toContain("6 signed in, 5 without a relay");
    expect(screen.getByTestId("money-this-month").textContent).toContain("$29.00");
    expect(screen.getByTestId("money-this-month").textContent).toContain("20,000 sats over Lightning");
    expect(screen.getByTestId("money-recurring").textContent).toContain("$30.00");
    expect(screen.getByTestId("money-recurring").textContent).toContain("3 paid relays");
    expect(screen.getByTestId("money-open").textContent).toContain("1 overdue");
    // the months table, newest first, beside the chart
    const rows = within(screen.getByTestId("money-months")).getAllByRole("row");
    expect(rows).toHaveLength(13);
    expect(rows[1]!.textContent).toContain("Nov 2026");
    expect(rows[1]!.textContent).toContain("$29.00");
    expect(screen.getByTestId("money-revenue-chart").getAttribute("role")).toBe("img");
    expect(screen.getByTestId("money-way-autopay").textContent).toContain("Autopay (NWC)");
    expect(screen.getByTestId("money-way-card").textContent).toContain("33 %");
    expect(screen.getByTestId("money-churn-table").textContent).toContain("25 %");
    expect(within(screen.getByTestId("money-overdue")).getByRole("link").getAttribute("href")).toBe(
      `/admin/tenants/${TENANT}`,
    );
    const failure = screen.getByTestId("money-failure");
    expect(failure.textContent).toContain("Autopay failed");
    expect(failure.textContent).toContain("Wallet unreachable: check the connection string.");
    expect(asked).toContain("http://api.test/admin/money Bearer tok");
  });

  test("Export CSV fetches the months with the session's token and hands them over as a file", async () => {
    const asked: string[] = [];
    serve(asked);
    const saved: { name: string; text: string }[] = [];
    inRouter(() => (
      <>
        <Toaster />
        <AdminMoney download={(blob, name) => void blob.text().then((text) => saved.push({ name, text }))} />
      </>
    ));
    fireEvent.click(screen.getByTestId("money-csv"));
    await waitFor(() => expect(saved.length).toBe(1));
    expect(asked).toContain("http://api.test/admin/money.csv Bearer tok");
    expect(saved[0]).toEqual({
      name: "caravel-revenue.csv",
      text: "month,way,invoices,sats,fiat_currency,fiat_minor_units\r\n",
    });
  });
});

test("the overview counts the people with relays as tenants, sign-ins apart", async () => {
  serve([]);
  inRouter(() => <AdminHome />);
  const card = await screen.findByRole("link", { name: /Tenants/ });
  expect(card.textContent).toContain("Tenants1people with relays · 6 signed in");
});
