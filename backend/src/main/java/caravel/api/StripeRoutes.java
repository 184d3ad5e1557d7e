package caravel.api;

import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.domain.Rail;
import caravel.http.Body;
import caravel.store.CardAccount;
import caravel.store.TenantStore;
import caravel.stripe.CardBilling;
import caravel.stripe.CardPayments;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Card payments: Stripe's webhook (public; its signature is the authentication), the customer portal, "pay by card"
 * and the choice of rail. Without the STRIPE_* settings every tenant route answers 503 and the webhook 404.
 */
public record StripeRoutes(Optional<CardPayments> card, TenantStore tenants, Jdbi jdbi) implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.post("/stripe/webhook", ctx -> {
            CardPayments c =
                    card.orElseThrow(() -> Failure.notFound("card payments are not configured on this platform"));
            // the signature covers the exact bytes Stripe sent: verify those, never a re-encoded copy
            String payload = new String(Server.body(ctx), StandardCharsets.UTF_8);
            var outcome = c.webhooks.handle(payload, ctx.header("Stripe-Signature"));
            ctx.json(Map.of("received", true, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)));
        });
        app.get("/tenants/{pubkey}/stripe/session", auth.required(ctx -> {
            String t = visibleTenant(ctx);
            ctx.json(Map.of("url", stripeCall(() -> cards().billing.portal(t))));
        }));
        app.post("/tenants/{pubkey}/stripe/checkout", auth.required(ctx -> {
            String t = visibleTenant(ctx);
            ctx.json(result(stripeCall(() -> cards().billing.pay(t))));
        }));
        app.get("/tenants/{pubkey}/card", auth.required(ctx -> ctx.json(account(visibleTenant(ctx)))));
        app.put("/tenants/{pubkey}/rail", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            String t = visibleTenant(ctx);
            Body body = Body.parse(Server.body(ctx), Set.of("rail"));
            Rail rail = Rail.parse(body.string("rail")
                            .orElseThrow(() -> Failure.invalidField("rail", "rail is required: lightning or card")))
                    .orElseThrow(() -> Failure.invalidField("rail", "rail must be lightning or card"));
            if (rail == Rail.CARD) cards(); // 503 before anything when Stripe is off
            CardBilling.PayResult r = card.isPresent()
                    ? stripeCall(() -> cards().billing.chooseRail(t, rail, p.actor()))
                    : lightningOnly(rail);
            Map<String, Object> out = account(t);
            out.put("result", r.status());
            out.put("checkout_url", r.checkoutUrl());
            lightningWaits(out, r);
            ctx.json(out);
        }));
    }

    private static CardBilling.PayResult lightningOnly(Rail rail) {
        if (rail != Rail.LIGHTNING) throw Failure.invalidField("rail", "rail must be lightning or card");
        return new CardBilling.PayResult(null, "unchanged", null);
    }

    private CardPayments cards() {
        return card.orElseThrow(
                () -> Failure.unavailable("card payments (Stripe) are not configured on this platform"));
    }

    private static Map<String, Object> result(CardBilling.PayResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", r.status());
        out.put("url", r.checkoutUrl());
        lightningWaits(out, r);
        return out;
    }

    /** The relays a switch to card leaves on their first Lightning invoice, and the sentence that says so. */
    private static void lightningWaits(Map<String, Object> out, CardBilling.PayResult r) {
        out.put(
                "waiting_on_lightning",
                r.waitingOnLightning().stream()
                        .map(w -> Map.of("relay", w.relay(), "name", w.name(), "invoice", w.invoice()))
                        .toList());
        out.put("notice", r.notice());
    }

    /** The card side of the account page. */
    private Map<String, Object> account(String tenant) {
        return jdbi.withHandle(h -> {
            CardAccount a = tenants.cardAccount(h, tenant).orElseThrow();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("stripe", card.isPresent());
            out.put("rail", a.rail());
            out.put("next_rail", a.nextRail());
            out.put("customer", a.customer() != null);
            out.put("subscription", a.subscription() != null);
            out.put("card_error", a.cardError());
            return out;
        });
    }

    private interface Call<T> {
        T run();
    }

    /** Stripe's answers as HTTP statuses: a refusal of the request is a 502, an outage a 503 (try again). */
    private static <T> T stripeCall(Call<T> c) {
        return caravel.stripe.StripeCalls.<T, RuntimeException>call(c::run);
    }

    private String visibleTenant(Context ctx) {
        Principal p = Http.principal(ctx);
        String pubkey = Http.pubkeyParam(ctx);
        if (!p.canAccessTenant(pubkey)) throw Failure.notFound("tenant not found");
        return tenants.find(pubkey)
                .orElseThrow(() -> Failure.notFound("tenant not found"))
                .pubkey();
    }
}
