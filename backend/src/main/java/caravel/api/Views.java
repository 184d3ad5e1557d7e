package caravel.api;

import caravel.domain.Plan;
import caravel.nostr.Nip19;
import caravel.store.Activity;
import caravel.store.Relay;
import caravel.store.Tenant;
import caravel.zooid.RelayAddress;
import java.util.List;

/** The API's JSON shapes (snake_case on the wire). Secrets never appear here. */
public final class Views {
    private Views() {}

    public record PlanView(
            String id, String name, long priceSats, Integer maxMembers, boolean blossom, boolean livekit) {}

    /** autopayBudget: the tenant's own setting (null: its monthly total; GET /tenants/:pubkey/billing has the figure). */
    public record TenantView(
            String pubkey,
            String npub,
            String status,
            boolean autopay,
            Long billingAnchor,
            String stripeCustomerId,
            int relayCount,
            long createdAt,
            long updatedAt,
            Long autopayBudget) {}

    public record SyncView(String state, String lastError, int attempts, Long syncedAt) {}

    /**
     * hold: what an inactive relay still owes underneath ("suspended", "awaiting_payment" or null); upgradePlan and
     * upgradeInvoice: an upgrade served once that invoice is paid; actions: what the caller may do now (from the
     * relay state machine; null in lists).
     */
    public record RelayView(
            String id,
            String tenant,
            String name,
            String subdomain,
            String schema,
            String host,
            String url,
            String icon,
            String description,
            String plan,
            String pendingPlan,
            String status,
            String awaitingPaymentInvoice,
            SyncView sync,
            long createdAt,
            long updatedAt,
            String hold,
            String upgradePlan,
            String upgradeInvoice,
            List<String> actions) {}

    public record ActivityView(long id, String relay, String tenant, String kind, String message, long createdAt) {}

    public record PageView<T>(List<T> items, long total, int page, int perPage, boolean totalExact) {}

    /** A page of a list that pages by cursor too: page is null on a page asked for by cursor. */
    public record CursorPageView<T>(
            List<T> items,
            long total,
            Integer page,
            int perPage,
            boolean totalExact,
            String nextCursor,
            String prevCursor) {}

    public record Items<T>(List<T> items) {}

    public static PlanView plan(Plan p) {
        return new PlanView(p.id, p.displayName, p.priceSats, p.maxMembers, p.blossom, p.livekit);
    }

    public static TenantView tenant(Tenant t) {
        return new TenantView(
                t.pubkey(),
                Nip19.npub(t.pubkey()),
                t.status(),
                t.nwcUrlEnc() != null,
                t.billingAnchor(),
                t.stripeCustomerId(),
                t.relayCount(),
                t.createdAt(),
                t.updatedAt(),
                t.autopayBudget());
    }

    /** An administrator's view: sync.last_error as stored, with zooid's own words. */
    public static RelayView relay(Relay r, String relayDomain) {
        return relay(r, relayDomain, true, null);
    }

    public static RelayView relay(Relay r, String relayDomain, boolean admin) {
        return relay(r, relayDomain, admin, null);
    }

    /**
     * @param admin   false → sync.last_error is the tenant's sentence (SyncErrors), never zooid's or the network's text
     * @param actions what the caller may do now (the relay state machine's offer), null in lists
     */
    public static RelayView relay(Relay r, String relayDomain, boolean admin, List<String> actions) {
        RelayAddress address = RelayAddress.of(r.subdomain(), relayDomain);
        String error = admin ? r.syncError() : caravel.zooid.SyncErrors.forTenant(r.syncError());
        return new RelayView(
                r.id(),
                r.tenant(),
                r.name(),
                r.subdomain(),
                r.schema(),
                address.host(),
                address.url(),
                r.icon(),
                r.description(),
                r.plan(),
                r.pendingPlan(),
                r.status(),
                r.awaitingPaymentInvoice(),
                new SyncView(r.syncState(), error, r.syncAttempts(), r.syncedAt()),
                r.createdAt(),
                r.updatedAt(),
                r.hold(),
                r.upgradePlan(),
                r.upgradeInvoice(),
                actions);
    }

    public static ActivityView activity(Activity a) {
        return new ActivityView(a.id(), a.relay(), a.tenant(), a.kind(), a.message(), a.createdAt());
    }

    public static <T> CursorPageView<T> cursorPage(caravel.store.Page<T> p) {
        return new CursorPageView<>(
                p.items(), p.total(), p.page(), p.perPage(), p.totalExact(), p.nextCursor(), p.prevCursor());
    }

    public static <T> PageView<T> page(caravel.store.Page<T> p) {
        return new PageView<>(p.items(), p.total(), p.page(), p.perPage(), p.totalExact());
    }
}
