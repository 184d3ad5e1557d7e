package caravel.api;

import caravel.config.ZooidNodes;
import caravel.domain.Plan;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.nostr.Nip19;
import caravel.relays.RelaySettingsRules;
import caravel.store.Activity;
import caravel.store.Relay;
import caravel.store.Tenant;
import caravel.zooid.RelayAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes (snake_case on the wire). Secrets never appear here. */
public final class Views {
    private Views() {}

    /**
     * price in the minor unit of currency (PRICE_CURRENCY: "SAT", or e.g. "USD" in cents); priceSats what Lightning
     * would charge for it today (null when plans are in fiat and the bitcoin price is not known right now).
     */
    public record PlanView(
            String id,
            String name,
            Long priceSats,
            Integer maxMembers,
            boolean blossom,
            boolean livekit,
            String currency,
            long price,
            boolean hidden,
            boolean names,
            boolean customDomain) {}

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

    /**
     * Where the relay's config with zooid stands. state: synced, pending (a sync is on its way) or failed (the last
     * attempt failed). retry: while the state is failed, the attempt Caravel will make next; null when it will not try
     * again by itself (zooid refused the config, or the attempts ran out), so "failed" without a retry is final.
     */
    public record SyncView(String state, String lastError, int attempts, Long syncedAt, RetryView retry) {}

    /**
     * A failed relay's next attempt: its number of {@code maxAttempts}, and when it is due (epoch seconds; null while
     * it runs).
     */
    public record RetryView(int attempt, int maxAttempts, Long nextAttemptAt) {
        static RetryView of(caravel.jobs.JobQueue.Pending p) {
            return p == null
                    ? null
                    : new RetryView(
                            p.nextAttempt(), p.maxAttempts(), p.runAtMs() == null ? null : (p.runAtMs() + 999) / 1000);
        }
    }

    /**
     * hold: what an inactive relay still owes underneath ("suspended", "awaiting_payment" or null); accountHold: the
     * relay is inactive only because its account is suspended, and comes back when that is lifted; upgradePlan and
     * upgradeInvoice: an upgrade served once that invoice is paid; actions: what the caller may do now (from the
     * relay state machine; null in lists). settings: every setting by its wire name, as the relay really has it
     * (stored value, the plan includes it, the platform offers it); settingsLocked: the settings that cannot be
     * switched now, with the code and sentence a change would be refused with.
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
            boolean accountHold,
            String upgradePlan,
            String upgradeInvoice,
            List<String> actions,
            Map<String, Boolean> settings,
            Map<String, SettingLockView> settingsLocked,
            String node,
            CustomDomainView customDomain,
            String publicUrl,
            DeletionView deletion,
            String role,
            List<String> may) {

        /**
         * The view as {@code r} sees it: its role, what the role may do ({@link RelayRole#may}, by action name), and
         * only the offered actions the role may take (an admin edits; plans, payments, deactivation are the owner's).
         */
        public RelayView forRole(RelayRole r) {
            List<String> offered = actions == null
                    ? null
                    : actions.stream().filter(a -> r.may(offeredAction(a))).toList();
            return new RelayView(
                    id,
                    tenant,
                    name,
                    subdomain,
                    schema,
                    host,
                    url,
                    icon,
                    description,
                    plan,
                    pendingPlan,
                    status,
                    awaitingPaymentInvoice,
                    sync,
                    createdAt,
                    updatedAt,
                    hold,
                    accountHold,
                    upgradePlan,
                    upgradeInvoice,
                    offered,
                    settings,
                    settingsLocked,
                    node,
                    customDomain,
                    publicUrl,
                    deletion,
                    r.wire(),
                    r.allowed().stream()
                            .map(x -> x.name().toLowerCase(java.util.Locale.ROOT))
                            .toList());
        }

        /** What an offered action (RelayStateMachine.offered) does, as far as roles are concerned. */
        private static RelayAction offeredAction(String offered) {
            return switch (offered) {
                case "edit" -> RelayAction.SETTINGS;
                case "deactivate", "reactivate", "unsuspend", "retry_provisioning", "delete", "undo_delete" ->
                    RelayAction.LIFECYCLE;
                case "pay" -> RelayAction.BILLING;
                default -> RelayAction.PLAN; // plan:<id>, cancel_plan_change
            };
        }
    }

    /**
     * A deleted relay (openapi RelayDeletion; null on one not deleted): when, until when its owner can undo it, and when
     * it was removed for good (null until the purge).
     */
    public record DeletionView(long deletedAt, long undoUntil, Long purgedAt) {
        static DeletionView of(Relay r) {
            return r.deletion() == null
                    ? null
                    : new DeletionView(
                            r.deletion().at(),
                            r.deletion().undoUntil(),
                            r.deletion().purgedAt());
        }
    }

    /** The relay's own domain (openapi CustomDomain): its state, the records to create and what the last check found. */
    public record CustomDomainView(
            String domain,
            String state,
            List<caravel.domains.CustomDomains.DnsRecord> records,
            String problem,
            long createdAt,
            Long checkedAt,
            Long verifiedAt,
            Long nextCheckAt,
            boolean inUse,
            String notRouted) {}

    /** What a relay view says about its domain: the domain (null when none) and the address to share. */
    public record DomainPart(CustomDomainView customDomain, String publicUrl) {}

    /** @param d the relay's row, null when it has none */
    public static DomainPart domain(caravel.domains.CustomDomains domains, Relay r, caravel.domains.RelayDomain d) {
        return new DomainPart(d == null ? null : customDomain(domains, r, d), domains.publicUrl(r, d));
    }

    public static CustomDomainView customDomain(
            caravel.domains.CustomDomains domains, Relay r, caravel.domains.RelayDomain d) {
        return new CustomDomainView(
                d.domain(),
                d.state(),
                domains.records(r, d),
                d.problem(),
                d.createdAt(),
                d.checkedAt(),
                d.verifiedAt(),
                d.nextCheckAt(),
                domains.inUse(r, d),
                domains.notRoutedSentence(r, d));
    }

    /** Why a setting cannot be switched now: code setting_not_supported, setting_required, not_offered or not_in_plan. */
    public record SettingLockView(String code, String message) {}

    /**
     * An activity entry; {@code actor}: who did it (a key, or "system" for Caravel's own steps).
     *
     * @param viaToken the API token the actor acted with (its id), null otherwise
     */
    public record ActivityView(
            long id,
            String relay,
            String tenant,
            String kind,
            String message,
            String actor,
            long createdAt,
            String viaToken) {}

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

    public static PlanView plan(Plan p, caravel.billing.PlanPrices prices) {
        return new PlanView(
                p.id(),
                p.name(),
                prices.satsNow(p).orElse(null),
                p.maxMembers(),
                p.blossom(),
                p.livekit(),
                prices.currency().code(),
                p.price(),
                p.hidden(),
                p.names(),
                p.customDomain());
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

    /**
     * @param nodes   the zooid nodes: the relay's address is under the domain it was placed with, and admins see its node
     * @param admin   false → sync.last_error is the tenant's sentence (SyncErrors), never zooid's or the network's text,
     *                and no node (the platform's inside)
     * @param actions what the caller may do now (the relay state machine's offer), null in lists
     * @param domain  its custom domain and public URL ({@link #domain}; a list reads a page's domains in one query)
     * @param retry   the attempt Caravel makes next after a failed one ({@code relays.Relays#retries}), else null
     */
    public static RelayView relay(
            Relay r,
            ZooidNodes nodes,
            RelaySettingsRules rules,
            boolean admin,
            List<String> actions,
            DomainPart domain,
            caravel.jobs.JobQueue.Pending retry) {
        RelaySettingsRules.Described settings = rules.describe(r);
        Map<String, Boolean> values = new LinkedHashMap<>();
        settings.effective().forEach((s, v) -> values.put(s.wireName(), v));
        Map<String, SettingLockView> locked = new LinkedHashMap<>();
        settings.locked().forEach((s, l) -> locked.put(s.wireName(), new SettingLockView(l.code(), l.message())));
        RelayAddress address = RelayAddress.of(r, nodes);
        String error = admin ? r.syncError() : caravel.relays.Hosting.syncErrorForTenant(r.syncError());
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
                r.status().wire(),
                r.awaitingPaymentInvoice(),
                new SyncView(r.syncState(), error, r.syncAttempts(), r.syncedAt(), RetryView.of(retry)),
                r.createdAt(),
                r.updatedAt(),
                r.hold().wire(),
                r.accountHold(),
                r.upgradePlan(),
                r.upgradeInvoice(),
                actions,
                values,
                locked,
                admin ? nodes.of(r.zooidNode()).name() : null,
                domain.customDomain(),
                domain.publicUrl(),
                DeletionView.of(r),
                null,
                null);
    }

    /** Where Blossom media goes (GET /admin/platform): the state and its sentences, never the bucket's settings. */
    public static Map<String, Object> mediaStorage(caravel.zooid.MediaStorage.Status s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", s.state().wire);
        out.put("s3_configured", s.s3Configured());
        out.put("zooid_line", s.zooidLine().wire);
        out.put("checked_at", s.checkedAt().orElse(null));
        out.put("message", s.message());
        out.put("action", s.action().orElse(null));
        return out;
    }

    /**
     * The bitcoin price (GET /admin/platform): where it comes from, the rate in use and when it was accepted, whether
     * it is too old to charge with, and the feed's last refused answer with when and why; never the feed's address.
     */
    public static Map<String, Object> priceStatus(caravel.billing.PriceStatus s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", s.source());
        out.put("currency", s.rate().map(caravel.config.FiatRate::currency).orElse(null));
        out.put("per_bitcoin", s.rate().map(r -> r.perBitcoin().toPlainString()).orElse(null));
        out.put(
                "accepted_at",
                s.acceptedAt().map(java.time.Instant::getEpochSecond).orElse(null));
        out.put("stale", s.stale());
        out.put(
                "refused_at",
                s.refusedAt().map(java.time.Instant::getEpochSecond).orElse(null));
        out.put("refusal", s.refusal().orElse(null));
        return out;
    }

    /** A zooid node's use (GET /admin/nodes): its name, domain, counts and whether it answers; no URL, no key. */
    public static Map<String, Object> nodeUse(caravel.zooid.NodeClients.Use u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", u.node().name());
        out.put("default", u.isDefault());
        out.put("relay_domain", u.node().relayDomain());
        out.put(
                "capacity",
                u.node().capacity().isPresent() ? u.node().capacity().getAsLong() : null);
        out.put("relays", u.relays());
        out.put("room", u.room().isPresent() ? u.room().getAsLong() : null);
        out.put("reachable", u.problem().isEmpty());
        out.put("problem", u.problem().orElse(null));
        return out;
    }

    public static ActivityView activity(Activity a) {
        return new ActivityView(
                a.id(), a.relay(), a.tenant(), a.kind(), a.message(), a.actor(), a.createdAt(), a.viaToken());
    }

    public static <T> CursorPageView<T> cursorPage(caravel.store.Page<T> p) {
        return new CursorPageView<>(
                p.items(), p.total(), p.page(), p.perPage(), p.totalExact(), p.nextCursor(), p.prevCursor());
    }

    public static <T> PageView<T> page(caravel.store.Page<T> p) {
        return new PageView<>(p.items(), p.total(), p.page(), p.perPage(), p.totalExact());
    }
}
