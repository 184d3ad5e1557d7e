package caravel.flotilla;

import caravel.accounts.ReturnUrls;
import caravel.billing.Invoice;
import caravel.billing.PaymentChecks;
import caravel.domain.Failure;
import caravel.http.RateLimits;
import caravel.http.WalletCalls;
import caravel.store.Tenant;
import caravel.stripe.CardPayments;
import caravel.stripe.StripeCalls;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Optional;

/**
 * Flotilla's payment calls: checking the whole account, paying an invoice by card and the card portal. What a card
 * checkout charges and where a payment page may send the browser back are the card service's and {@link ReturnUrls}'
 * decisions. An account is answered in the tenant routes' shape ({@link TenantRoutes#view}).
 */
public record PaymentRoutes(
        PaymentChecks checks,
        Optional<CardPayments> card,
        ReturnUrls returnUrls,
        RateLimits rateLimits,
        TenantRoutes accounts,
        InvoiceReads reads)
        implements FlotillaServer.Routes {
    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.post("/tenants/{pk}/reconcile", auth.required(ctx -> {
            Tenant t = accounts.visibleTenant(ctx);
            rateLimits.walletLookup(t.pubkey()); // it may ask the platform wallet and Stripe
            Tenant now = WalletCalls.wallet(() -> StripeCalls.call(() -> checks.tenant(t.pubkey())));
            Envelope.send(ctx, accounts.view(now));
        }));
        app.get("/tenants/{pk}/stripe/session", auth.required(ctx -> {
            Tenant t = accounts.visibleTenant(ctx);
            String back = returnUrls.resolve(ctx.queryParam("return_url"));
            String url = StripeCalls.<String, RuntimeException>call(
                    () -> cards().billing.portal(t.pubkey(), back));
            Envelope.send(ctx, Map.of("url", url));
        }));
        app.post("/invoices/{id}/checkout", auth.required(ctx -> {
            Invoice inv = reads.visible(ctx);
            String back = returnUrls.resolve(ctx.queryParam("return_url"));
            String url = StripeCalls.<String, RuntimeException>call(
                    () -> cards().checkouts.checkout(inv.id(), back));
            Envelope.send(ctx, Map.of("url", url));
        }));
    }

    private CardPayments cards() {
        return card.orElseThrow(() -> Failure.unavailable("card payments are not offered on this platform"));
    }
}
