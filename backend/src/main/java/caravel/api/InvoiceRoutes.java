package caravel.api;

import caravel.auth.Principal;
import caravel.billing.Autopay;
import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.PaymentConfirmation;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** /invoices routes: read, get a payable bolt11, and "I've paid" checks. */
final class InvoiceRoutes {
    private final InvoiceStore invoices;
    private final PaymentConfirmation payments;
    private final Autopay autopay;
    private final RateLimits rateLimits;
    private final caravel.config.Config config;

    InvoiceRoutes(
            InvoiceStore invoices,
            PaymentConfirmation payments,
            Autopay autopay,
            RateLimits rateLimits,
            caravel.config.Config config) {
        this.invoices = invoices;
        this.payments = payments;
        this.autopay = autopay;
        this.rateLimits = rateLimits;
        this.config = config;
    }

    /** A printable receipt of a paid invoice (the web app renders it at /receipts/:id). */
    record Receipt(
            String platform,
            String invoice,
            String tenant,
            String npub,
            long amount,
            long creditApplied,
            long amountPaid,
            long paidAt,
            String paymentHash,
            String kind,
            java.util.List<Invoice.Item> items) {}

    void register(Javalin app, Server.Auth auth) {
        app.get("/invoices/{id}", auth.required(ctx -> ctx.json(visibleInvoice(ctx))));
        app.get("/invoices/{id}/bolt11", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            if (inv.status() != InvoiceStatus.PENDING)
                throw Failure.conflict("invoice is " + inv.status() + ": there is nothing to pay");
            rateLimits.walletLookup(inv.id()); // each one may ask the platform wallet
            Invoice fresh = wallet(() -> payments.ensureBolt11(inv.id()));
            if (fresh.status() != InvoiceStatus.PENDING)
                throw Failure.conflict("invoice is " + fresh.status() + ": there is nothing to pay");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("bolt11", fresh.bolt11());
            out.put("expires_at", fresh.expiresAt());
            out.put("amount", fresh.amount());
            ctx.json(out);
        }));
        // Paying from the tenant's wallet beyond the autopay budget: only a fresh signature counts as the tenant's
        // consent (a bearer session may have been stolen), so this route refuses sessions.
        app.post("/invoices/{id}/pay", auth.nip98Only(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            if (!Http.principal(ctx).pubkey().equals(inv.tenant()))
                throw Failure.forbidden("only the account's owner can pay from its wallet");
            if (inv.status() != InvoiceStatus.PENDING)
                throw Failure.conflict("invoice is " + inv.status() + ": there is nothing to pay");
            rateLimits.walletLookup(inv.id()); // it ends with a platform wallet look-up
            Autopay.AutopayResult r = wallet(() -> autopay.autopay(inv.id(), true));
            switch (r) {
                case AUTOPAY_OFF ->
                    throw Failure.conflict(
                            "autopay is off: connect a wallet on the account page, or pay the invoice with any Lightning wallet");
                case ALREADY_STARTED ->
                    throw Failure.conflict(
                            "a payment of this invoice from your wallet was already attempted; check it, or pay the invoice with any Lightning wallet");
                case FAILED ->
                    throw Failure.upstream("your wallet could not pay: "
                            + invoices.find(inv.id()).orElseThrow().autopayError());
                default -> ctx.json(invoices.find(inv.id()).orElseThrow());
            }
        }));
        app.get("/invoices/{id}/receipt", auth.required(ctx -> {
            Invoice inv = visibleInvoice(ctx);
            if (inv.status() != InvoiceStatus.PAID)
                throw Failure.conflict("invoice is " + inv.status() + ": receipts exist for paid invoices only");
            ctx.json(new Receipt(
                    config.robot().name(),
                    inv.id(),
                    inv.tenant(),
                    caravel.nostr.Nip19.npub(inv.tenant()),
                    inv.amount(),
                    inv.creditApplied(),
                    inv.amount() - inv.creditApplied(),
                    inv.paidAt(),
                    inv.paidHash(),
                    inv.kind(),
                    inv.items()));
        }));
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
