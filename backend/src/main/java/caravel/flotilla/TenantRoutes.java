package caravel.flotilla;

import caravel.accounts.AccountSettings;
import caravel.auth.Principal;
import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.http.Body;
import caravel.http.RequestBodies;
import caravel.nostr.Nip19;
import caravel.relays.Relays;
import caravel.store.Page;
import caravel.store.RelayStore;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Flotilla's account calls: open (idempotent), read, connect or disconnect the autopay wallet, list the account's
 * relays. An account is visible to its own key only: any other answers 404, so keys cannot be probed.
 */
public record TenantRoutes(
        Config config,
        Jdbi jdbi,
        TenantStore tenants,
        RelayStore relayStore,
        Relays relays,
        AccountSettings settings,
        InvoiceStore invoices,
        caravel.domains.CustomDomains domains)
        implements FlotillaServer.Routes {

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.post("/tenants", auth.required(ctx -> {
            Principal p = FlotillaServer.principal(ctx);
            byte[] bytes = RequestBodies.of(ctx);
            String returnUrl = bytes.length == 0
                    ? null
                    : Body.parse(bytes, Set.of("return_url"))
                            .string("return_url")
                            .orElse(null);
            Tenant t = settings.open(
                    p.pubkey(), returnUrl, config.flotilla().orElseThrow().allowOrigins());
            Envelope.send(ctx, view(t));
        }));
        app.get("/tenants/{pk}", auth.required(ctx -> Envelope.send(ctx, view(visibleTenant(ctx)))));
        app.put("/tenants/{pk}", auth.required(ctx -> {
            Principal p = FlotillaServer.principal(ctx);
            Tenant t = visibleTenant(ctx);
            Body b = Body.parse(RequestBodies.of(ctx), Set.of("nwc_url"));
            if (!b.has("nwc_url")) throw Failure.invalidField("nwc_url", "nwc_url is required (\"\" disconnects)");
            var change = new AccountSettings.Change(true, b.string("nwc_url").orElse(null), false, null, false, null);
            Envelope.send(ctx, view(settings.update(p, t, change)));
        }));
        app.get("/tenants/{pk}/relays", auth.required(ctx -> {
            Tenant t = visibleTenant(ctx);
            // a relay deleted past its undo is left out: Flotilla would offer Reactivate on it, which nothing can do
            List<caravel.store.Relay> rows = jdbi.withHandle(h -> relayStore.byTenant(h, t.pubkey())).stream()
                    .filter(r -> !relays.pastUndo(r))
                    .toList();
            // the relays' custom domains in one query, not one per relay
            var own = domains.of(rows.stream().map(caravel.store.Relay::id).toList());
            Envelope.send(
                    ctx,
                    rows.stream()
                            .map(r -> FlotillaViews.relay(
                                    r,
                                    caravel.zooid.RelayAddress.domainOf(r, config.zooidNodes()),
                                    relays.settingsRules(),
                                    domains,
                                    own.get(r.id())))
                            .toList());
        }));
    }

    /** The account as Flotilla's Tenant, with the autopay error of its newest pending invoice. */
    FlotillaViews.TenantView view(Tenant t) {
        String walletError =
                invoices.forTenant(t.pubkey(), InvoiceStatus.PENDING, new Page.Request(1, 20)).items().stream()
                        .map(Invoice::autopayError)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        return FlotillaViews.tenant(t, walletError);
    }

    /** The path's account if it is the caller's own; 404 otherwise (also before the account exists). */
    static Tenant visibleTenant(Context ctx, TenantStore tenants) {
        Principal p = FlotillaServer.principal(ctx);
        String pubkey;
        try {
            pubkey = Nip19.parsePubkey(ctx.pathParam("pk"));
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("this is not a public key: give 64 hex characters or an npub");
        }
        if (!p.canAccessTenant(pubkey)) throw Failure.notFound("no hosting account was found for this key");
        return tenants.find(pubkey).orElseThrow(() -> Failure.notFound("no hosting account was found for this key"));
    }

    /** The path's account ({pk}) if it is the caller's own; 404 otherwise. */
    Tenant visibleTenant(Context ctx) {
        return visibleTenant(ctx, tenants);
    }
}
