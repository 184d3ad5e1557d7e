package caravel.flotilla;

import caravel.billing.DraftInvoices;
import caravel.billing.Invoice;
import caravel.billing.PaymentChecks;
import caravel.billing.PaymentConfirmation;
import caravel.billing.UsdPrices;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.http.RateLimits;
import caravel.http.WalletCalls;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import caravel.stripe.StripeCalls;
import io.javalin.Javalin;

/**
 * Flotilla's invoice calls: the account's invoices (and the draft of its next renewal), one invoice and its lines, its
 * Lightning request and checking it. Shapes only: which request is live and what counts as paid are the billing
 * service's decisions. An invoice or account of another key is 404. Card payments are {@link PaymentRoutes}'.
 */
public record InvoiceRoutes(
        TenantStore tenants,
        DraftInvoices drafts,
        UsdPrices usd,
        PaymentConfirmation payments,
        PaymentChecks checks,
        RateLimits rateLimits,
        Plans plans,
        InvoiceReads reads)
        implements FlotillaServer.Routes {

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.get("/tenants/{pk}/invoices", auth.required(ctx -> {
            Tenant t = TenantRoutes.visibleTenant(ctx, tenants);
            Envelope.send(ctx, reads.ofTenant(t.pubkey()));
        }));
        app.get("/tenants/{pk}/invoices/draft", auth.required(ctx -> {
            Tenant t = TenantRoutes.visibleTenant(ctx, tenants);
            Envelope.send(
                    ctx,
                    drafts.of(t.pubkey())
                            .map(draft -> InvoiceViews.draft(t.pubkey(), usd.cents(draft), draft))
                            .orElse(null));
        }));
        app.get("/invoices/{id}", auth.required(ctx -> Envelope.send(ctx, reads.view(reads.visible(ctx)))));
        app.get("/invoices/{id}/items", auth.required(ctx -> {
            Invoice inv = reads.visible(ctx);
            Long voided = reads.voidedAt(inv);
            Envelope.send(
                    ctx,
                    inv.items().stream()
                            .map(i -> InvoiceViews.item(
                                    inv,
                                    i,
                                    plans.byId(i.plan()).map(Plan::name).orElse(i.plan()),
                                    usd.cents(inv, i),
                                    voided))
                            .toList());
        }));
        app.post("/invoices/{id}/bolt11", auth.required(ctx -> {
            Invoice inv = reads.visible(ctx);
            rateLimits.walletLookup(inv.id()); // it may ask the platform wallet for a new request
            PaymentConfirmation.LightningRequest live = WalletCalls.wallet(() -> payments.lightningRequest(inv.id()));
            Envelope.send(ctx, InvoiceViews.bolt11(live.invoice(), live.request()));
        }));
        app.post("/invoices/{id}/reconcile", auth.required(ctx -> {
            Invoice inv = reads.visible(ctx);
            rateLimits.walletLookup(inv.id()); // each check asks the platform wallet (and Stripe)
            Invoice now = WalletCalls.wallet(() -> StripeCalls.call(() -> checks.invoice(inv.id())));
            Envelope.send(ctx, reads.view(now));
        }));
    }
}
