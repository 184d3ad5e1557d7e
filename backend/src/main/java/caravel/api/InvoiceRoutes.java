package caravel.api;

import caravel.auth.Principal;
import caravel.billing.Autopay;
import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.PaymentConfirmation;
import caravel.billing.Receipt;
import caravel.domain.Failure;
import caravel.http.RateLimits;
import caravel.http.WalletCalls;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** /invoices routes: read, get a payable bolt11, and "I've paid" checks. */
public record InvoiceRoutes(
        InvoiceStore invoices,
        PaymentConfirmation payments,
        Autopay autopay,
        RateLimits rateLimits,
        caravel.config.Config config)
        implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/invoices/{id}", auth.required(ctx -> ctx.json(visibleInvoice(ctx))));
        app.get("/invoices/{id}/bolt11", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            rateLimits.walletLookup(inv.id()); // each one may ask the platform wallet
            Invoice payable = wallet(() -> payments.payable(inv.id()));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bolt11", payable.bolt11());
            out.put("expires_at", payable.expiresAt());
            out.put("amount", payable.amount());
            ctx.json(out);
        }));
        // Paying from the tenant's wallet beyond the autopay budget: only a fresh signature counts as the tenant's
        // consent (a bearer session may have been stolen), so this route refuses sessions.
        app.post("/invoices/{id}/pay", auth.nip98Only(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            rateLimits.walletLookup(inv.id()); // it ends with a platform wallet look-up
            ctx.json(wallet(() -> autopay.payConfirmed(inv, Http.principal(ctx).pubkey())));
        }));
        app.get(
                "/invoices/{id}/receipt",
                auth.required(ctx ->
                        ctx.json(Receipt.of(visibleInvoice(ctx), config.robot().name()))));
        app.post("/invoices/{id}/check", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            rateLimits.walletLookup(inv.id()); // each check asks the platform wallet
            ctx.json(wallet(() -> payments.check(inv.id())));
        }));
    }

    Invoice visibleInvoice(Context ctx) {
        Principal p = Http.principal(ctx);
        Invoice inv = invoices.find(ctx.pathParam("id")).orElseThrow(() -> Failure.notFound("invoice not found"));
        if (!p.canAccessTenant(inv.tenant())) throw Failure.notFound("invoice not found");
        return inv;
    }

    static <T> T wallet(WalletCalls.WalletCall<T> call) {
        return WalletCalls.wallet(call);
    }
}
