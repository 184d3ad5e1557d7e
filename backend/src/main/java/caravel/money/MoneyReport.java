package caravel.money;

import java.util.List;

/**
 * The operator's money view (GET /admin/money): what the platform earned and is owed, as of {@code asOf}. Sats are
 * what Lightning received; fiat figures are in the minor unit (cents) of {@code fiatCurrency}, the plans' currency
 * or the configured bitcoin price's (null when neither is set and nothing was paid in a currency).
 */
public record MoneyReport(
        long asOf,
        String fiatCurrency,
        People people,
        Recurring recurring,
        List<Month> months,
        List<WayTotal> byWay,
        List<Open> open,
        List<Overdue> overdue,
        Failures failedAutopays,
        List<Churn> churn) {

    /** People with at least one relay (the platform's tenants), and everyone who ever signed in. */
    public record People(long withRelays, long signedIn, long withoutRelays) {}

    /**
     * Recurring revenue: the relays in service on a paid plan, each at its plan's monthly price today (sats at
     * today's bitcoin price when plans are priced in a currency: null when no price is known).
     */
    public record Recurring(long paidRelays, Long sats, Long fiat, List<PlanLine> byPlan) {}

    /** One paid plan's relays in service and what they bring in a month. */
    public record PlanLine(String plan, String name, long relays, Long sats, Long fiat) {}

    /** A month's payments ("2026-11", UTC), all ways together and each way apart. */
    public record Month(String month, long invoices, long sats, long fiat, List<WayTotal> byWay) {}

    /**
     * Payments made one way: lightning (a Lightning request paid by hand), autopay (from the tenant's own wallet),
     * card (a card-rail invoice), card_checkout (a Lightning invoice paid by card), credit (covered by credit).
     */
    public record WayTotal(String way, long invoices, long sats, long fiat) {}

    /**
     * The unpaid invoices of one rail and currency ("sat" for Lightning: amounts in sats; a card currency: in its
     * minor unit), and those overdue among them: for service already given and unpaid past their grace.
     */
    public record Open(
            String rail, String currency, long invoices, long amount, long overdueInvoices, long overdueAmount) {}

    /** An overdue invoice, the longest overdue first. */
    public record Overdue(String invoice, String tenant, String rail, String currency, long amount, long dueAt) {}

    /** Invoices whose automatic payment failed or was held back ({@code total}; {@code unpaid} of them still are). */
    public record Failures(long total, long unpaid, List<FailedPayment> items) {}

    /**
     * One failed or held automatic payment: {@code kind} autopay_failed (the tenant's wallet did not pay),
     * card_declined (Stripe's charge failed) or autopay_held (over the tenant's autopay budget); {@code reason} the
     * words recorded with it; {@code at} when the attempt was made (the invoice's creation for a card charge).
     */
    public record FailedPayment(
            String invoice,
            String tenant,
            String rail,
            String currency,
            long amount,
            String status,
            String kind,
            String reason,
            long at) {}

    /**
     * A month's paid relays: in service on a paid plan at its start, gained (new or back in service, or up from a
     * free plan), lost (deactivated, suspended or down to a free plan: the churn), moved up or down between paid
     * plans; {@code rate} lost / at start. {@code recorded} is false for months before moves were recorded (V80),
     * whose moves are unknown (zero here).
     */
    public record Churn(
            String month,
            long paidAtStart,
            long gained,
            long lost,
            long upgraded,
            long downgraded,
            Double rate,
            boolean recorded) {}
}
