package caravel.flotilla;

import caravel.auth.Principal;
import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import caravel.billing.UsdPrices;
import caravel.domain.Failure;
import caravel.domain.InvoiceStatus;
import caravel.store.Page;
import caravel.stripe.CardPayments;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The invoices Flotilla's billing calls read, in Flotilla's shape ({@link InvoiceViews}): the account's list, one
 * invoice the caller may see (another key's is 404), and when a void one was voided.
 */
public record InvoiceReads(Jdbi jdbi, InvoiceStore invoices, UsdPrices usd, Optional<CardPayments> card) {
    /** How many invoices the account's list carries (newest first); Flotilla shows ten and then "Show all". */
    static final int LIST_LIMIT = 100;

    List<InvoiceViews.InvoiceView> ofTenant(String tenant) {
        List<InvoiceViews.InvoiceView> out = new ArrayList<>();
        for (Invoice inv : invoices.forTenant(tenant, null, new Page.Request(1, LIST_LIMIT))
                .items()) out.add(view(inv));
        return out;
    }

    InvoiceViews.InvoiceView view(Invoice inv) {
        boolean byCheckout = card.map(c -> c.checkouts.paidByCheckout(inv.id())).orElse(false);
        return InvoiceViews.invoice(inv, usd.cents(inv), voidedAt(inv), byCheckout);
    }

    Long voidedAt(Invoice inv) {
        if (inv.status() != InvoiceStatus.VOID) return null;
        return jdbi.withHandle(h -> invoices.voidedAt(h, inv.id())).orElse(null);
    }

    /** The path's invoice ({id}) if the caller may see it; 404 otherwise. */
    Invoice visible(Context ctx) {
        Principal p = FlotillaServer.principal(ctx);
        Invoice inv = invoices.find(ctx.pathParam("id"))
                .orElseThrow(() -> Failure.notFound("no invoice was found with this id"));
        if (!p.canAccessTenant(inv.tenant())) throw Failure.notFound("no invoice was found with this id");
        return inv;
    }
}
