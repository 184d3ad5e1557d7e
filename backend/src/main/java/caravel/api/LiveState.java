package caravel.api;

import caravel.auth.Principal;
import caravel.billing.AccountSummary;
import caravel.billing.InvoiceStore;
import caravel.domain.Epoch;
import caravel.live.ChangeStore;
import caravel.relayaccess.CommunityStore;
import caravel.store.ActivityLog;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * One tenant's live state as GET /live sends it ({@link LiveRoutes}): its relays as GET /relays/:id shows them, its open
 * and just-paid invoices, the newest activity id, the member counts, its billing summary and its relays' newest
 * refused joins.
 */
public record LiveState(
        Clock clock,
        Jdbi jdbi,
        TenantStore tenants,
        AccountSummary accounts,
        InvoiceStore invoices,
        ActivityLog activity,
        CommunityStore community,
        RelayViews views) {
    /** Paid invoices stay in the state this long, so a page open during the payment sees it turn paid. */
    static final long RECENTLY_PAID_SECONDS = 3600;

    record InvoiceState(String id, String status, long amount, String kind, Long paidAt) {}

    record State(
            long version,
            List<Views.RelayView> relays,
            List<InvoiceState> invoices,
            long activityId,
            Map<String, Integer> members,
            AccountSummary.Summary billing,
            // relay id → its newest refused join's id: the members card reads the refusals again when it moves
            Map<String, Long> memberRefusals) {}

    /**
     * One snapshot. Not in a transaction: write transactions here are IMMEDIATE (they take the write lock), and a
     * change landing between the reads bumps the version again, so the next event carries the settled state.
     */
    State of(String tenant, Supplier<Map<String, Integer>> members, Principal p) {
        long now = Epoch.seconds(clock);
        // what the account page says about money, pushed with the rest so every card on it agrees after any change (its
        // own handle, read before this one: a second connection is never taken while one is held)
        var billing = tenants.find(tenant).isPresent() ? accounts.of(tenant) : null;
        return jdbi.withHandle(h -> {
            long version = new ChangeStore(jdbi).version(h, tenant);
            // each relay exactly as GET /relays/:id shows it to this caller: errors worded for tenants, offered actions
            List<Views.RelayView> relays = views.ofTenant(h, tenant, p);
            List<InvoiceState> open = invoices.openOrPaidSince(h, tenant, now - RECENTLY_PAID_SECONDS).stream()
                    .map(i -> new InvoiceState(i.id(), i.status().wire(), i.amount(), i.kind(), i.paidAt()))
                    .toList();
            long activityId = activity.latestId(h, tenant);
            var refusals = community.newestRefusals(
                    h, relays.stream().map(Views.RelayView::id).toList());
            return new State(version, relays, open, activityId, members.get(), billing, refusals);
        });
    }
}
