package caravel.api;

import caravel.domain.Failure;

import caravel.auth.Principal;
import caravel.billing.InvoiceStore;
import caravel.crypto.SecretBox;
import caravel.relays.Relays;
import caravel.store.ActivityLog;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** /tenants routes. A tenant sees only itself; other tenants answer 404 so pubkeys cannot be probed. */
final class TenantRoutes {
    static final Set<String> TENANT_STATUSES = Set.of("active", "suspended");

    private final Jdbi jdbi;
    private final TenantStore tenants;
    private final ActivityLog activity;
    private final Relays relays;
    private final InvoiceStore invoices;
    private final SecretBox box;
    private final Clock clock;
    private final caravel.billing.Autopay autopay;
    private final caravel.billing.AccountSummary accounts;
    private final Server server;

    TenantRoutes(Jdbi jdbi, TenantStore tenants, ActivityLog activity, Relays relays, InvoiceStore invoices, SecretBox box, Clock clock,
                 caravel.billing.Autopay autopay, caravel.billing.AccountSummary accounts, Server server) {
        this.accounts = accounts;
        this.jdbi = jdbi;
        this.tenants = tenants;
        this.activity = activity;
        this.relays = relays;
        this.invoices = invoices;
        this.box = box;
        this.clock = clock;
        this.autopay = autopay;
        this.server = server;
    }

    void register(Javalin app, Server.Auth auth) {
        app.get("/tenants", auth.admin(ctx -> ctx.json(Views.page(tenants.list(pubkeyPrefix(Http.searchParam(ctx)),
                Http.enumParam(ctx, "status", TENANT_STATUSES), Http.pageRequest(ctx)).map(Views::tenant)))));
        app.post("/tenants", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            boolean created = jdbi.inTransaction(h -> tenants.ensure(h, p.pubkey(), clock.millis() / 1000));
            ctx.status(created ? 201 : 200).json(Views.tenant(tenants.find(p.pubkey()).orElseThrow()));
        }));
        app.get("/tenants/{pubkey}", auth.required(ctx -> ctx.json(Views.tenant(visibleTenant(ctx)))));
        app.put("/tenants/{pubkey}", auth.required(this::update));
        app.get("/tenants/{pubkey}/relays", auth.required(ctx -> {
            Tenant t = visibleTenant(ctx);
            ctx.json(server.relayPage(ctx, t.pubkey()));
        }));
        app.get("/tenants/{pubkey}/invoices", auth.required(ctx -> {
            Tenant t = visibleTenant(ctx);
            ctx.json(Views.page(invoices.forTenant(t.pubkey(),
                    Http.enumParam(ctx, "status", Set.of("pending", "paid", "expired", "void")), Http.pageRequest(ctx))));
        }));
        app.get("/tenants/{pubkey}/billing", auth.required(ctx -> ctx.json(accounts.of(visibleTenant(ctx).pubkey()))));
    }

    /**
     * The requested autopay budget (null: follow the monthly total). Raising it is what a stolen session would do
     * first, so a raise needs a fresh NIP-98 signature; lowering it works with a session too.
     */
    private Long autopayBudget(Body body, Principal p, Tenant t) {
        if (!body.has("autopay_budget")) return null;
        Long budget = body.isNull("autopay_budget") ? null : body.longValue("autopay_budget");
        if (budget != null && (budget < 0 || budget > 100_000_000L))
            throw Failure.invalidField("autopay_budget", "autopay_budget must be from 0 to 100,000,000 sats, or null (the monthly total)");
        long current = jdbi.withHandle(h -> autopay.autopayBudget(h, t));
        long wanted = budget != null ? budget : jdbi.withHandle(h -> autopay.monthlyTotal(h, t.pubkey()));
        boolean raise = wanted > current;
        // more of the tenant's money: only the tenant, and only with a fresh signature (an administrator may lower it)
        if (raise && !p.pubkey().equals(t.pubkey()))
            throw Failure.forbidden("only the account's owner can raise its autopay budget");
        if (raise && p.sessionHash() != null)
            throw Failure.forbidden("raising the autopay budget needs a fresh signature (NIP-98), not a session");
        return budget;
    }

    /** A search term for tenants: a hex prefix, or an npub (complete or its start). */
    static String pubkeyPrefix(String q) {
        if (q == null || q.isBlank()) return null;
        String t = q.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.startsWith("npub1")) {
            try {
                return caravel.nostr.Nip19.npubPrefixToHex(t);
            } catch (IllegalArgumentException e) {
                throw Failure.invalidField("q", "q: " + e.getMessage());
            }
        }
        if (!t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            throw Failure.invalidField("q", "q must be a hex public key prefix or an npub");
        return t;
    }

    /** The path's tenant if the caller may see it; 404 otherwise (also for a tenant that has no row yet). */
    private Tenant visibleTenant(Context ctx) {
        Principal p = Http.principal(ctx);
        String pubkey = Http.pubkeyParam(ctx);
        if (!p.canAccessTenant(pubkey)) throw Failure.notFound("tenant not found");
        return tenants.find(pubkey).orElseThrow(() -> Failure.notFound("tenant not found"));
    }

    private void update(Context ctx) {
        Principal p = Http.principal(ctx);
        Tenant t = visibleTenant(ctx);
        Body body = Body.parse(Server.body(ctx), Set.of("nwc_url", "status", "autopay_budget"));
        Long budget = autopayBudget(body, p, t);
        String status = body.string("status").orElse(null);
        if (body.has("status")) {
            if (!p.admin()) throw Failure.forbidden("only administrators can change an account's status");
            if (status == null || !TENANT_STATUSES.contains(status)) throw Failure.invalidField("status", "status must be active or suspended");
        }
        String nwc = null;
        if (body.has("nwc_url") && !body.isNull("nwc_url")) {
            nwc = body.string("nwc_url").orElseThrow().trim();
            if (!nwc.isEmpty()) {
                if (nwc.length() > 2048) throw Failure.invalidField("nwc_url", "nwc_url is too long");
                caravel.nostr.NwcUri uri;
                try {
                    uri = caravel.nostr.NwcUri.parse(nwc);
                } catch (IllegalArgumentException e) {
                    throw Failure.invalidField("nwc_url", "nwc_url: " + e.getMessage());
                }
                var policy = caravel.net.OutboundPolicy.of(server.config().limits().outboundAllowLocal());
                for (String relay : uri.relays())
                    if (policy.schemeProblem(java.net.URI.create(relay)) != null)
                        throw Failure.invalidField("nwc_url", "nwc_url: the wallet's relays must use wss:// (" + relay + " does not)");
                autopay.checkTenantWallet(nwc); // it must answer get_info before it is saved
            }
        }
        if (body.has("nwc_url")) {
            String sealed = nwc == null || nwc.isEmpty() ? null : box.sealString(nwc, caravel.billing.Autopay.nwcContext(t.pubkey()));
            long now = clock.millis() / 1000;
            jdbi.useTransaction(h -> {
                tenants.setNwcUrl(h, t.pubkey(), sealed, now);
                activity.add(h, t.pubkey(), null, sealed == null ? "autopay_off" : "autopay_on",
                        sealed == null ? "Autopay turned off" : "Autopay turned on with a wallet connection", p.pubkey(), now);
            });
        }
        if (body.has("autopay_budget")) {
            long now = clock.millis() / 1000;
            jdbi.useTransaction(h -> {
                tenants.setAutopayBudget(h, t.pubkey(), budget, now);
                activity.add(h, t.pubkey(), null, "autopay_budget", budget == null ? "Autopay budget set to the monthly total"
                        : "Autopay budget set to " + String.format("%,d sats", budget) + " per cycle", p.pubkey(), now);
            });
        }
        if (status != null && !status.equals(t.status())) {
            if (status.equals("suspended")) relays.suspendTenant(t.pubkey(), p.pubkey());
            else relays.reinstateTenant(t.pubkey(), p.pubkey());
        }
        ctx.json(Views.tenant(tenants.find(t.pubkey()).orElseThrow()));
    }
}
