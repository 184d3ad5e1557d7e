package caravel.flotilla;

import caravel.accounts.ReturnUrls;
import caravel.auth.Principal;
import caravel.billing.DraftInvoices;
import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.PaymentChecks;
import caravel.billing.PaymentConfirmation;
import caravel.billing.UsdPrices;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.http.RateLimits;
import caravel.http.WalletCalls;
import caravel.store.Page;
import caravel.store.Tenant;
import caravel.store.TenantStore;
import caravel.stripe.CardPayments;
import caravel.stripe.StripeCalls;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Flotilla's billing calls: the account's invoices (and the draft of its next renewal), one invoice and its lines,
 * its Lightning request, paying it by card, checking it, checking the whole account, and the card portal. Shapes
 * only: which request is live, what a card checkout charges, where a payment page may send the browser back and
 * what counts as paid are the billing and card services' decisions. An invoice or account of another key is 404.
 */
final class InvoiceRoutes implements FlotillaServer.Routes {
    /** How many invoices the account's list carries (newest first); Flotilla shows ten and then "Show all". */
    static final int LIST_LIMIT = 100;

    /** What the invoice routes ask. tenantView: the account as Flotilla's Tenant (the tenant routes' shape). */
    record Deps(
            Jdbi jdbi,
            TenantStore tenants,
            InvoiceStore invoices,
            PaymentConfirmation payments,
            PaymentChecks checks,
            DraftInvoices drafts,
            UsdPrices usd,
            Optional<CardPayments> card,
            ReturnUrls returnUrls,
            RateLimits rateLimits,
            Function<Tenant, Object> tenantView,
            Plans plans) {}

    private final Deps d;

    InvoiceRoutes(Deps d) {
        this.d = d;
    }

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.get("/tenants/{pk}/invoices", auth.required(ctx -> {
            Tenant t = TenantRoutes.visibleTenant(ctx, d.tenants());
            List<InvoiceViews.InvoiceView> out = new ArrayList<>();
            for (Invoice inv : d.invoices()
                    .forTenant(t.pubkey(), null, new Page.Request(1, LIST_LIMIT))
                    .items()) out.add(view(inv));
            Envelope.send(ctx, out);
        }));
        app.get("/tenants/{pk}/invoices/draft", auth.required(ctx -> {
            Tenant t = TenantRoutes.visibleTenant(ctx, d.tenants());
            Envelope.send(
                    ctx,
                    d.drafts()
                            .of(t.pubkey())
                            .map(draft -> InvoiceViews.draft(t.pubkey(), d.usd().cents(draft), draft))
                            .orElse(null));
        }));
        app.post("/tenants/{pk}/reconcile", auth.required(ctx -> {
            Tenant t = TenantRoutes.visibleTenant(ctx, d.tenants());
            d.rateLimits().walletLookup(t.pubkey()); // it may ask the platform wallet and Stripe
            Tenant now =
                    WalletCalls.wallet(() -> StripeCalls.call(() -> d.checks().tenant(t.pubkey())));
            Envelope.send(ctx, d.tenantView().apply(now));
        }));
        app.get("/tenants/{pk}/stripe/session", auth.required(ctx -> {
            Tenant t = TenantRoutes.visibleTenant(ctx, d.tenants());
            String back = d.returnUrls().resolve(ctx.queryParam("return_url"));
            String url = StripeCalls.<String, RuntimeException>call(
                    () -> cards().billing.portal(t.pubkey(), back));
            Envelope.send(ctx, Map.of("url", url));
        }));
        app.get("/invoices/{id}", auth.required(ctx -> Envelope.send(ctx, view(visibleInvoice(ctx)))));
        app.get("/invoices/{id}/items", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            Long voided = voidedAt(inv);
            Envelope.send(
                    ctx,
                    inv.items().stream()
                            .map(i -> InvoiceViews.item(
                                    inv,
                                    i,
                                    d.plans().byId(i.plan()).map(Plan::name).orElse(i.plan()),
                                    d.usd().cents(inv, i),
                                    voided))
                            .toList());
        }));
        app.post("/invoices/{id}/bolt11", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            d.rateLimits().walletLookup(inv.id()); // it may ask the platform wallet for a new request
            PaymentConfirmation.LightningRequest live =
                    WalletCalls.wallet(() -> d.payments().lightningRequest(inv.id()));
            Envelope.send(ctx, InvoiceViews.bolt11(live.invoice(), live.request()));
        }));
        app.post("/invoices/{id}/checkout", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            String back = d.returnUrls().resolve(ctx.queryParam("return_url"));
            String url = StripeCalls.<String, RuntimeException>call(
                    () -> cards().checkouts.checkout(inv.id(), back));
            Envelope.send(ctx, Map.of("url", url));
        }));
        app.post("/invoices/{id}/reconcile", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            d.rateLimits().walletLookup(inv.id()); // each check asks the platform wallet (and Stripe)
            Invoice now =
                    WalletCalls.wallet(() -> StripeCalls.call(() -> d.checks().invoice(inv.id())));
            Envelope.send(ctx, view(now));
        }));
    }

    private InvoiceViews.InvoiceView view(Invoice inv) {
        boolean byCheckout =
                d.card().map(c -> c.checkouts.paidByCheckout(inv.id())).orElse(false);
        return InvoiceViews.invoice(inv, d.usd().cents(inv), voidedAt(inv), byCheckout);
    }

    private Long voidedAt(Invoice inv) {
        if (inv.status() != InvoiceStatus.VOID) return null;
        return d.jdbi().withHandle(h -> d.invoices().voidedAt(h, inv.id())).orElse(null);
    }

    private CardPayments cards() {
        return d.card().orElseThrow(() -> Failure.unavailable("card payments are not offered on this platform"));
    }

    private Invoice visibleInvoice(Context ctx) {
        Principal p = FlotillaServer.principal(ctx);
        Invoice inv = d.invoices()
                .find(ctx.pathParam("id"))
                .orElseThrow(() -> Failure.notFound("no invoice was found with this id"));
        if (!p.canAccessTenant(inv.tenant())) throw Failure.notFound("no invoice was found with this id");
        return inv;
    }
}
