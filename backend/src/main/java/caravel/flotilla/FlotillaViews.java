package caravel.flotilla;

import caravel.domain.Setting;
import caravel.relays.RelaySettingsRules;
import caravel.store.Activity;
import caravel.store.Relay;
import caravel.store.Tenant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shapes Flotilla reads (snake_case on the wire): whole seconds, string ids, 0/1 flags, US cents, and "" rather
 * than null wherever Flotilla calls a string method without checking (status, plan_id, sync_error, info_*).
 */
final class FlotillaViews {
    private FlotillaViews() {}

    /** A relay's status while it is deleted and may still be brought back (Flotilla's Reactivate does it). */
    static final String DELETED = "deleted";

    /**
     * What an import did, as Flotilla reads it: imported, invalid (every line not stored because of a problem: not a
     * valid event, or refused by the relay) and the problems by line; the rest of Caravel's counts ride along.
     */
    static java.util.Map<String, Object> imported(caravel.archive.Importer.Result r) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("imported", r.imported());
        out.put("invalid", r.invalid() + r.refused());
        out.put(
                "problems",
                r.problems().stream()
                        .map(p -> java.util.Map.of(
                                "line",
                                p.line(),
                                "event_id",
                                p.eventId() == null ? "" : p.eventId(),
                                "message",
                                p.message()))
                        .toList());
        out.put("already_present", r.alreadyPresent());
        out.put("duplicates", r.duplicates());
        out.put("problems_omitted", r.problemsOmitted());
        return out;
    }

    /** members null = unlimited; amount in US cents per month. */
    record Plan(
            String id, String name, long amount, boolean hidden, Integer members, boolean blossom, boolean livekit) {}

    /**
     * An account. nwc_is_set: autopay from a Lightning wallet is on. churned_at: set while the account is suspended
     * (the time of that change). nwc_error: why the wallet last failed to pay an invoice that is still open (failures
     * are kept on invoices here), null when none did.
     */
    record TenantView(
            String pubkey,
            String returnUrl,
            boolean nwcIsSet,
            long createdAt,
            Long billingAnchor,
            String stripeCustomerId,
            String stripePaymentMethodId,
            String nwcError,
            String stripeError,
            Long churnedAt) {}

    static TenantView tenant(Tenant t, String nwcError) {
        return new TenantView(
                t.pubkey(),
                nonNull(t.returnUrl()),
                t.nwcUrlEnc() != null,
                t.createdAt(),
                t.billingAnchor(),
                nonNull(t.stripeCustomerId()),
                null,
                t.nwcUrlEnc() == null ? null : nwcError,
                null,
                t.suspended() ? t.updatedAt() : null);
    }

    /**
     * A hosted relay. zooid_domain is the domain the relay's address is under, so Flotilla derives the address the relay is
     * really served at; custom_domain is the relay's own domain ("" none), custom_domain_verified 1 while it is
     * verified and routed by the proxy (the relay's address then); the flags are what the relay really has (stored choice, plan and platform together); sync_error is the
     * tenant's sentence, never zooid's text, and while sync is fine and the custom domain is pending or lost, what the
     * owner still has to do about its DNS records (verified but not routed: why, and that the old address stays) (Flotilla shows only the CNAME; the TXT record is in the sentence).
     *
     * @param domain the relay's custom domain row, null when none
     */
    static Map<String, Object> relay(
            Relay r,
            String relayDomain,
            RelaySettingsRules rules,
            caravel.domains.CustomDomains domains,
            caravel.domains.RelayDomain domain) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("tenant_pubkey", r.tenant());
        out.put("subdomain", r.subdomain());
        out.put("zooid_domain", relayDomain);
        out.put("plan_id", nonNull(r.plan()));
        // a deleted relay (in its undo window: listed past it by no route) is "deleted", so Flotilla's badge says so
        // and
        // its menu offers Reactivate, which undoes the deletion; its sync and domain notes are no longer the owner's
        // to act on (Flotilla would show "Failed to sync" over the badge)
        out.put("status", r.deleted() ? DELETED : r.status().wire());
        boolean failed = !r.deleted() && "failed".equals(r.syncState()) && r.syncError() != null;
        String domainTodo = domain == null
                ? null
                : domain.verified() ? domains.notRoutedSentence(r, domain) : domains.instruction(r, domain);
        out.put(
                "sync_error",
                failed
                        ? nonNull(caravel.relays.Hosting.syncErrorForTenant(r.syncError()))
                        : domainTodo == null || r.deleted() ? "" : domainTodo);
        out.put("synced", "synced".equals(r.syncState()) ? 1 : 0);
        out.put("custom_domain", domain == null ? "" : domain.domain());
        // 1 only while the domain is the relay's address (verified and routed): Flotilla then shows wss://<domain>
        out.put("custom_domain_verified", domain != null && domains.inUse(r, domain) ? 1 : 0);
        out.put("info_name", nonNull(r.name()));
        out.put("info_icon", nonNull(r.icon()));
        out.put("info_description", nonNull(r.description()));
        Map<Setting, Boolean> effective = rules.effective(r);
        for (Setting s : Setting.values()) out.put(s.wireName(), effective.get(s) ? 1 : 0);
        return out;
    }

    record ActivityView(
            String id,
            String tenantPubkey,
            long createdAt,
            String activityType,
            String resourceType,
            String resourceId) {}

    static ActivityView activity(Activity a) {
        boolean relay = a.relay() != null;
        return new ActivityView(
                Long.toString(a.id()),
                a.tenant(),
                a.createdAt(),
                activityType(a.kind(), relay),
                relay ? "relay" : "tenant",
                relay ? a.relay() : a.tenant());
    }

    /**
     * Our activity kinds in Flotilla's words where one corresponds (its feed names these; any other kind is shown
     * as its words with "_" read as spaces, so it is passed on as it is).
     */
    static String activityType(String kind, boolean aboutRelay) {
        return switch (kind) {
            case "created" -> aboutRelay ? "create_relay" : "create_tenant";
            case "updated",
                    "settings_changed",
                    "info_adopted",
                    "upgrade",
                    "downgrade",
                    "cancel_plan_change",
                    "apply_upgrade",
                    "apply_downgrade",
                    "drop_upgrade" -> "update_relay";
            case "deactivate", "suspend_unpaid", "suspend_account" -> "deactivate_relay";
            case "reactivate",
                    "reactivate_pay_first",
                    "first_payment",
                    "lift_suspension",
                    "admin_unsuspend",
                    "lift_account_suspension",
                    "lift_account_suspension_pay_first" -> "activate_relay";
            case "provisioned", "sync_recovered" -> "complete_relay_sync";
            case "sync_failed", "provisioning_failed" -> "fail_relay_sync";
            case "autopay_on", "autopay_off", "autopay_budget" -> "update_tenant";
            default -> kind;
        };
    }

    static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
