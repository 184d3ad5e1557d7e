package caravel.api;

import caravel.admission.AdmissionSettings;
import caravel.admission.JoinPages;
import caravel.admission.PaidMembersCsv;
import caravel.admission.PaidMembersReport;
import caravel.admission.Trials;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.status.PlatformStatus;
import caravel.store.Relay;
import caravel.store.RelayStore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;
import java.util.function.Function;

/**
 * Paid admission's owner routes (the relay's settings, its paying members as JSON and CSV) and the join page's public
 * data. The signed-in person's own routes on a join page (/me, /join, /check) are JoinRoutes'.
 */
public record AdmissionRoutes(
        AdmissionSettings settings,
        PaidMembersReport members,
        Trials trials,
        JoinPages pages,
        RelayStore relayStore,
        RelayGate gate,
        Function<Relay, PlatformStatus.NodeHealth> health)
        implements Server.Routes {
    /** JoinInfo: the page's data and, beside it, the health of the node serving the relay (the status page's). */
    record JoinView(@JsonUnwrapped JoinPages.Info info, PlatformStatus.NodeHealth health) {}

    static final Set<String> INPUT_FIELDS =
            Set.of("mode", "price_sats", "trial_days", "rules", "nwc_url", "trials_per_day");

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.put("/relays/{id}/admission", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.SETTINGS);
            Body b = Body.parse(Server.body(ctx), INPUT_FIELDS);
            var change = new AdmissionSettings.Change(
                    b.requiredString("mode"),
                    whole(b, "price_sats"),
                    whole(b, "trial_days"),
                    rules(b),
                    b.has("nwc_url"),
                    b.string("nwc_url").orElse(null),
                    whole(b, "trials_per_day"));
            ctx.json(settings.update(r, Http.principal(ctx), change));
        }));
        app.get("/relays/{id}/admission", auth.required(ctx -> ctx.json(settings.view(relay(ctx, RelayAction.VIEW)))));
        app.get(
                "/relays/{id}/admission/members",
                auth.required(ctx -> ctx.json(members.summary(relay(ctx, RelayAction.BILLING)))));
        app.get("/relays/{id}/admission/members.csv", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.BILLING);
            String csv = PaidMembersCsv.write(members.summary(r).items());
            ctx.header("Content-Disposition", "attachment; filename=\"" + r.subdomain() + "-paid-members.csv\"");
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("text/csv; charset=utf-8").result(csv);
        }));
        app.get(
                "/relays/{id}/admission/trials",
                auth.required(ctx ->
                        ctx.json(java.util.Map.of("items", trials.open(relay(ctx, RelayAction.MODERATE))))));
        // one person's trial ({"pubkey": hex}) or every open one ({"all": true})
        app.post("/relays/{id}/admission/trials/end", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            Body b = Body.parse(Server.body(ctx), java.util.Set.of("pubkey", "all"));
            Actor actor = Http.actor(ctx);
            JsonNode allField = b.raw("all");
            if (allField != null && !allField.isNull() && !allField.isBoolean())
                throw Failure.invalidField("all", "field 'all' must be true or false");
            boolean all = allField != null && allField.asBoolean(false);
            if (all == b.has("pubkey"))
                throw Failure.invalidField("pubkey", "give either pubkey (one trial) or all: true (every open trial)");
            if (all) ctx.json(java.util.Map.of("ended", trials.endAll(r, actor)));
            else {
                trials.end(
                        r,
                        Http.pubkey(b.requiredString("pubkey"), "pubkey must be 64 hex characters or an npub"),
                        actor);
                ctx.json(java.util.Map.of("ended", 1));
            }
        }));
        // public: what a join page shows, for anyone (a subdomain is already public, it is the relay's host)
        app.get("/admissions/{subdomain}", ctx -> {
            Relay r = pages.relay(ctx.pathParam("subdomain"));
            ctx.json(new JoinView(pages.info(r), health.apply(r)));
        });
    }

    /** An optional whole number: null when absent; present, it must be a number (null is not one). */
    private static Long whole(Body b, String field) {
        if (!b.has(field)) return null;
        if (b.isNull(field)) throw Failure.invalidField(field, "field '" + field + "' must be a whole number");
        return b.longValue(field);
    }

    /** The rules' text: null when absent (kept as set); present, it must be a string ("" clears them). */
    private static String rules(Body b) {
        if (b.isNull("rules")) throw Failure.invalidField("rules", "field 'rules' must be a string (\"\" clears them)");
        return b.string("rules").orElse(null);
    }

    /** The relay if the caller may {@code action} it (404 or 403 otherwise: {@link RelayGate}). */
    private Relay relay(Context ctx, RelayAction action) {
        return gate.relay(ctx, action);
    }
}
