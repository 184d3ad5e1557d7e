package caravel.api;

import caravel.admission.AdmissionInvoice;
import caravel.admission.Joins;
import caravel.domain.Failure;
import caravel.http.RateLimits;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed-in person's side of a relay's join page: their standing, joining (an invoice from the owner's wallet, or
 * a trial), and asking whether their payment arrived. Anyone signed in may call these: joining is for strangers.
 */
public record JoinRoutes(Joins joins, RateLimits rateLimits) implements Server.Routes {
    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/admissions/{subdomain}/me", auth.required(ctx -> {
            Relay r = relay(ctx);
            String pubkey = Http.principal(ctx).pubkey();
            // after: what the page shows; it is answered once its standing differs (a payment, being added)
            String after = Http.query(ctx, "after"); // given twice: refused, as every route's parameter
            // counted in characters, as the document's maxLength is (a character beyond the BMP is two Java chars)
            if (after != null && after.codePointCount(0, after.length()) > 200)
                throw Failure.invalidField("after", "after is too long");
            ctx.json(status(
                    after == null || after.isBlank()
                            ? joins.standing(r, pubkey)
                            : joins.standingOnceChanged(r, pubkey, after)));
        }));
        app.post("/admissions/{subdomain}/join", auth.required(ctx -> {
            rateLimits.join(ctx); // a stranger's fresh keys cost nothing: joins are bounded per address too
            Joins.Joined j = joins.join(relay(ctx), Http.principal(ctx).pubkey());
            ctx.status(j.invoiceMade() ? 201 : 200).json(status(j.standing()));
        }));
        app.post(
                "/admissions/{subdomain}/check",
                auth.required(ctx -> ctx.json(
                        status(joins.check(relay(ctx), Http.principal(ctx).pubkey())))));
    }

    private Relay relay(Context ctx) {
        return joins.relay(ctx.pathParam("subdomain"));
    }

    /** JoinStatus of the API. */
    static Map<String, Object> status(Joins.Standing s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", s.status());
        out.put("paid_until", s.paidUntil());
        out.put("grace_until", s.graceUntil());
        out.put("total_paid_sats", s.totalPaidSats());
        out.put("invoice", s.invoice() == null ? null : invoice(s.invoice()));
        out.put("relay_url", s.relayUrl());
        out.put("flotilla_url", s.flotillaUrl());
        return out;
    }

    private static Map<String, Object> invoice(AdmissionInvoice i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("purpose", i.purpose().wire());
        out.put("amount_sats", i.amountSats());
        out.put("bolt11", i.bolt11());
        out.put("payment_hash", i.paymentHash());
        out.put("expires_at", i.expiresAt());
        return out;
    }
}
