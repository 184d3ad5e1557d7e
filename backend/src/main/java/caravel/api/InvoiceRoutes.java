package caravel.api;

import caravel.auth.Principal;
import caravel.billing.Invoice;
import caravel.billing.InvoiceStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** /invoices routes (read side; paying is billing's). */
final class InvoiceRoutes {
    private final InvoiceStore invoices;

    InvoiceRoutes(InvoiceStore invoices) { this.invoices = invoices; }

    void register(Javalin app, Server.Auth auth) {
        app.get("/invoices/{id}", auth.required(ctx -> ctx.json(visibleInvoice(ctx))));
    }

    Invoice visibleInvoice(Context ctx) {
        Principal p = Http.principal(ctx);
        Invoice inv = invoices.find(ctx.pathParam("id")).orElseThrow(() -> ApiException.notFound("invoice not found"));
        if (!p.canAccessTenant(inv.tenant())) throw ApiException.notFound("invoice not found");
        return inv;
    }
}
