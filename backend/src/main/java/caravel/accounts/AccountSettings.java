package caravel.accounts;

import caravel.auth.Principal;
import caravel.billing.Autopay;
import caravel.billing.NwcUrlField;
import caravel.crypto.SecretBox;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.net.OutboundPolicy;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.Relays;
import caravel.store.ActivityLog;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import java.time.Clock;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What an account's owner (and administrators) change on the account itself: the autopay wallet connection, the
 * autopay budget, and (administrators only) the account's status. Each change commits with its activity entry.
 */
public final class AccountSettings {
    public static final Set<String> STATUSES = Set.of("active", "suspended");
    /** Longer than any page address a hosting app returns to. */
    static final int MAX_RETURN_URL = 2048;

    /**
     * One request's changes; a {@code *Given} flag false leaves that setting alone.
     *
     * @param nwcUrl null or blank turns autopay off
     * @param autopayBudget null follows the monthly total
     */
    public record Change(
            boolean nwcGiven,
            String nwcUrl,
            boolean budgetGiven,
            Long autopayBudget,
            boolean statusGiven,
            String status) {}

    private final Jdbi jdbi;
    private final Clock clock;
    private final TenantStore tenants;
    private final ActivityLog activity;
    private final SecretBox box;
    private final Relays relays;
    private final Autopay billing;
    private final OutboundPolicy walletRelays;

    /** @param box seals a tenant's wallet connection before it is stored */
    public AccountSettings(
            Jdbi jdbi,
            Clock clock,
            TenantStore tenants,
            ActivityLog activity,
            SecretBox box,
            Relays relays,
            Autopay billing,
            boolean outboundAllowLocal) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.tenants = tenants;
        this.activity = activity;
        this.box = box;
        this.relays = relays;
        this.billing = billing;
        this.walletRelays = OutboundPolicy.of(outboundAllowLocal);
    }

    /**
     * Opens the caller's account if it has none (idempotent: a second call changes nothing but the return URL), and
     * keeps {@code returnUrl} — where a hosting app wants its user sent back after a payment page — only when its
     * origin is one of {@code allowedOrigins}: any other is dropped, so no one can make the platform redirect to a
     * site of their choosing. A dropped URL leaves an earlier allowed one in place.
     *
     * @return the account as it is now
     */
    public Tenant open(String pubkey, String returnUrl, java.util.Collection<String> allowedOrigins) {
        long now = Epoch.seconds(clock);
        String kept = allowedReturnUrl(returnUrl, allowedOrigins);
        jdbi.useTransaction(h -> {
            tenants.ensure(h, pubkey, now);
            if (kept != null) tenants.setReturnUrl(h, pubkey, kept, now);
        });
        return tenants.find(pubkey).orElseThrow();
    }

    /** Opens the caller's account if it has none; whether this call opened it. */
    public boolean open(String pubkey) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> tenants.ensure(h, pubkey, now));
    }

    /** The URL when it is an http(s) URL whose origin is allowed; null otherwise. */
    static String allowedReturnUrl(String url, java.util.Collection<String> allowedOrigins) {
        if (url == null || url.isBlank() || url.length() > MAX_RETURN_URL) return null;
        String origin = origin(url.trim());
        if (origin == null) return null;
        for (String allowed : allowedOrigins) if (origin.equals(origin(allowed))) return url.trim();
        return null;
    }

    /** scheme://host[:port] in lower case, or null for anything that is not an absolute http(s) URL. */
    static String origin(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return null;
            if (u.getHost() == null || u.getRawUserInfo() != null) return null;
            return scheme + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT)
                    + (u.getPort() == -1 ? "" : ":" + u.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** Applies the changes {@code p} asked for on tenant {@code t}; returns the account as it is now. */
    public Tenant update(Principal p, Tenant t, Change c) {
        if (c.budgetGiven()) checkBudgetChange(p, t, c.autopayBudget());
        String status = c.status();
        if (c.statusGiven()) {
            if (!p.admin()) throw Failure.forbidden("only administrators can change an account's status");
            if (status == null || !STATUSES.contains(status))
                throw Failure.invalidField("status", "status must be active or suspended");
        }
        String nwc = c.nwcUrl() == null ? null : c.nwcUrl().trim();
        if (nwc != null && !nwc.isEmpty()) checkWallet(nwc);
        if (c.nwcGiven()) {
            String sealed = nwc == null || nwc.isEmpty() ? null : box.sealString(nwc, Autopay.nwcContext(t.pubkey()));
            long now = Epoch.seconds(clock);
            jdbi.useTransaction(h -> {
                tenants.setNwcUrl(h, t.pubkey(), sealed, now);
                activity.add(
                        h,
                        t.pubkey(),
                        null,
                        sealed == null ? "autopay_off" : "autopay_on",
                        sealed == null ? "Autopay turned off" : "Autopay turned on with a wallet connection",
                        p.actor(),
                        now);
            });
        }
        if (c.budgetGiven()) {
            Long budget = c.autopayBudget();
            long now = Epoch.seconds(clock);
            jdbi.useTransaction(h -> {
                tenants.setAutopayBudget(h, t.pubkey(), budget, now);
                activity.add(
                        h,
                        t.pubkey(),
                        null,
                        "autopay_budget",
                        budget == null
                                ? "Autopay budget set to the monthly total"
                                : "Autopay budget set to " + String.format("%,d sats", budget) + " per cycle",
                        p.actor(),
                        now);
            });
        }
        if (status != null && !status.equals(t.status())) {
            if (status.equals("suspended")) relays.suspendTenant(t.pubkey(), Actor.admin(p.pubkey()));
            else relays.reinstateTenant(t.pubkey(), Actor.admin(p.pubkey()));
        }
        return tenants.find(t.pubkey()).orElseThrow();
    }

    /**
     * Raising the budget is what a stolen session would do first, so a raise needs the owner's fresh NIP-98
     * signature; lowering it works with a session too, and an administrator may lower it.
     */
    private void checkBudgetChange(Principal p, Tenant t, Long budget) {
        long current = jdbi.withHandle(h -> billing.autopayBudget(h, t));
        long wanted = budget != null ? budget : jdbi.withHandle(h -> billing.monthlyTotal(h, t.pubkey()));
        boolean raise = wanted > current;
        if (raise && !p.pubkey().equals(t.pubkey()))
            throw Failure.forbidden("only the account's owner can raise its autopay budget");
        if (raise && !p.freshSignature())
            throw Failure.forbidden(
                    "raising the autopay budget needs a fresh signature (NIP-98), not a session or a reusable token");
    }

    /** A wallet connection is saved only when it is well formed, reachable over wss:// and answers get_info. */
    private void checkWallet(String nwc) {
        NwcUrlField.parse(nwc, walletRelays);
        billing.checkTenantWallet(nwc);
    }
}
