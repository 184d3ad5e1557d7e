package caravel.billing;

import caravel.domain.Epoch;
import caravel.store.TenantStore;
import java.util.List;
import java.util.Optional;

/**
 * The charges that will make the account's next renewal invoice, before it exists (Flotilla's "draft" invoice:
 * "charges accruing this period"). Nothing here can be paid: the renewal invoice is made at the cycle's end and paid
 * then. Computed from the account summary, so it never drifts from what the renewal really bills.
 */
public final class DraftInvoices {
    /**
     * @param periodStart the cycle the renewal pays for begins (the current cycle's end)
     * @param amount      sats, the sum of the lines (before any credit), at today's price for fiat plans
     * @param price       the same in the plans' currency ({@code currency}): the figure the renewal will be made at
     * @param asOf        when it was computed (it changes as relays and plans change until the renewal is made)
     */
    public record Draft(
            long periodStart,
            long periodEnd,
            long amount,
            long price,
            String currency,
            List<AccountSummary.Line> lines,
            long asOf) {}

    private final AccountSummary summary;
    private final TenantStore tenants;
    private final java.time.Clock clock;

    public DraftInvoices(AccountSummary summary, TenantStore tenants, java.time.Clock clock) {
        this.summary = summary;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Empty when nothing will be billed at the next renewal (no paid relay that renews, or no billing cycle yet). */
    public Optional<Draft> of(String tenant) {
        AccountSummary.NextRenewal next = summary.of(tenant).nextRenewal();
        Long anchor = tenants.find(tenant).orElseThrow().billingAnchor();
        if (next.at() == null || anchor == null || next.items().isEmpty()) return Optional.empty();
        long end = Cycles.at(anchor, next.at()).end();
        return Optional.of(new Draft(
                next.at(), end, next.amount(), next.price(), next.currency(), next.items(), Epoch.seconds(clock)));
    }
}
