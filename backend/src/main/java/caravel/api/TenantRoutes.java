package caravel.api;

import caravel.accounts.AccountSettings;
import caravel.auth.Principal;
import caravel.billing.InvoiceStore;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.http.Body;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** /tenants routes. A tenant sees only itself; other tenants answer 404 so pubkeys cannot be probed. */
public record TenantRoutes(
        TenantStore tenants,
        InvoiceStore invoices,
        caravel.billing.AccountSummary accounts,
        AccountSettings settings,
        RelayViews views)
        implements Server.Routes {
    static final Set<String> TENANT_STATUSES = AccountSettings.STATUSES;
    /** The invoice list's status filter: the statuses' wire names, so the list and the enum cannot drift. */
    private static final Set<String> INVOICE_STATUSES =
            Arrays.stream(InvoiceStatus.values()).map(InvoiceStatus::wire).collect(Collectors.toSet());

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get(
                "/tenants",
                auth.admin(ctx -> ctx.json(Views.cursorPage(tenants.list(
                                pubkeyPrefix(Http.searchParam(ctx)),
                                Http.enumParam(ctx, "status", TENANT_STATUSES),
                                Http.pageRequest(ctx, TenantStore.LIST_ORDER))
                        .map(Views::tenant)))));
        app.post("/tenants", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            boolean created = settings.open(p.pubkey());
            ctx.status(created ? 201 : 200)
                    .json(Views.tenant(tenants.find(p.pubkey()).orElseThrow()));
        }));
        app.get("/tenants/{pubkey}", auth.required(ctx -> ctx.json(Views.tenant(visibleTenant(ctx)))));
        app.put("/tenants/{pubkey}", auth.required(this::update));
        app.get("/tenants/{pubkey}/relays", auth.required(ctx -> {
            Tenant t = visibleTenant(ctx);
            ctx.json(views.page(ctx, t.pubkey()));
        }));
        app.get("/tenants/{pubkey}/invoices", auth.required(ctx -> {
            Tenant t = visibleTenant(ctx);
            ctx.json(Views.page(invoices.forTenant(
                    t.pubkey(),
                    InvoiceStatus.of(Http.enumParam(ctx, "status", INVOICE_STATUSES)),
                    Http.pageRequest(ctx))));
        }));
        app.get(
                "/tenants/{pubkey}/billing",
                auth.required(ctx -> ctx.json(accounts.of(visibleTenant(ctx).pubkey()))));
    }

    /** The requested autopay budget (null: follow the monthly total); who may raise it is the service's rule. */
    private static Long autopayBudget(Body body) {
        if (!body.has("autopay_budget")) return null;
        Long budget = body.isNull("autopay_budget") ? null : body.longValue("autopay_budget");
        if (budget != null && (budget < 0 || budget > 100_000_000L))
            throw Failure.invalidField(
                    "autopay_budget", "autopay_budget must be from 0 to 100,000,000 sats, or null (the monthly total)");
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
        Long budget = autopayBudget(body);
        var change = new AccountSettings.Change(
                body.has("nwc_url"),
                body.string("nwc_url").orElse(null),
                body.has("autopay_budget"),
                budget,
                body.has("status"),
                body.string("status").orElse(null));
        ctx.json(Views.tenant(settings.update(p, t, change)));
    }
}
