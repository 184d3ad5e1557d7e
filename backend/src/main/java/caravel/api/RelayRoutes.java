package caravel.api;

import caravel.accounts.RelayOrders;
import caravel.auth.Principal;
import caravel.billing.Quotes;
import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayAction;
import caravel.domain.RelayProfile;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.http.Body;
import caravel.relays.Hosting;
import caravel.relays.NewRelay;
import caravel.relays.RelayStateMachine;
import caravel.relays.Relays;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** /relays and /subdomains routes. */
public record RelayRoutes(
        Config config,
        Relays relays,
        RelayOrders orders,
        Quotes quotes,
        Hosting hosting,
        ActivityLog activity,
        RelayViews views,
        RelayGate gate)
        implements Server.Routes {
    private static final String TENANT_ERROR = "tenant must be a 64-hex public key or an npub";

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays", auth.admin(ctx -> {
            String tenant = Http.query(ctx, "tenant");
            ctx.json(views.page(ctx, tenant == null || tenant.isBlank() ? null : Http.pubkey(tenant, TENANT_ERROR)));
        }));
        app.post("/relays", auth.required(this::create));
        app.get("/relays/{id}", auth.required(views::show));
        app.put("/relays/{id}", auth.required(this::update));
        app.post("/relays/{id}/deactivate", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, relays.deactivate(r.id(), actor(p, r))));
        }));
        app.post("/relays/{id}/reactivate", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, relays.reactivate(r.id(), actor(p, r))));
        }));
        // deleting and undoing it are its owner's alone (an administrator may deactivate it instead)
        app.post("/relays/{id}/delete", auth.required(ctx -> {
            Relay r = ownRelay(gate.relay(ctx, RelayAction.LIFECYCLE), ctx, "delete");
            Body b = Body.parse(Server.body(ctx), Set.of("confirm"));
            String confirm = b.string("confirm").orElse(null);
            if (confirm == null || confirm.isBlank())
                throw Failure.invalidField(
                        "confirm", "type the relay's subdomain, " + r.subdomain() + ", to confirm its deletion");
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, relays.delete(r.id(), confirm, RelayStateMachine.Actor.tenant(p.actor()))));
        }));
        app.post("/relays/{id}/undelete", auth.required(ctx -> {
            Relay r = ownRelay(gate.relayWhileDeleted(ctx, RelayAction.LIFECYCLE), ctx, "bring back");
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, relays.undelete(r.id(), RelayStateMachine.Actor.tenant(p.actor()))));
        }));
        adminLifecycle(app, auth, "/relays/{id}/unsuspend", relays::unsuspend);
        app.get("/relays/{id}/quote", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.PLAN);
            Principal p = Http.principal(ctx);
            ctx.json(quotes.forChange(r.id(), planParam(ctx), actor(p, r)));
        }));
        app.get("/quote", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            String tenant = p.pubkey();
            String asked = Http.query(ctx, "tenant");
            if (asked != null && !asked.isBlank()) {
                tenant = Http.pubkey(asked, TENANT_ERROR);
                if (!p.canAccessTenant(tenant))
                    throw Failure.forbidden("only administrators can quote for another account");
            }
            ctx.json(quotes.forNew(tenant, planParam(ctx)));
        }));
        // GET /relays/{id}/members is served by CommunityRoutes (with profiles and the plan allowance)
        app.get(
                "/relays/{id}/health",
                auth.required(ctx -> ctx.json(hosting.health(gate.relay(ctx, RelayAction.VIEW)))));
        adminLifecycle(app, auth, "/relays/{id}/provision", relays::retryProvisioning);
        app.get("/relays/{id}/activity", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            ctx.json(Views.page(activity.forRelay(r.id(), Http.pageRequest(ctx)).map(Views::activity)));
        }));
        app.get("/subdomains/{subdomain}", auth.required(ctx -> {
            String s = ctx.pathParam("subdomain");
            String problem = relays.subdomainProblem(s);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("subdomain", s);
            out.put("available", problem == null);
            out.put("error", problem);
            ctx.json(out);
        }));
    }

    /** An administrator's lifecycle step on any relay, answered with the relay as the step left it. */
    private void adminLifecycle(
            Javalin app, Server.Auth auth, String path, BiFunction<String, RelayStateMachine.Actor, Relay> step) {
        app.post(path, auth.admin(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            ctx.json(view(
                    ctx,
                    step.apply(
                            r.id(),
                            RelayStateMachine.Actor.admin(Http.principal(ctx).pubkey()))));
        }));
    }

    private Views.RelayView view(Context ctx, Relay r) {
        return views.view(ctx, r);
    }

    private static RelayStateMachine.Actor actor(Principal p, Relay r) {
        return RelayViews.actor(p, r);
    }

    private Plan planParam(Context ctx) {
        String plan = Http.query(ctx, "plan");
        if (plan == null || plan.isBlank()) throw Failure.invalidField("plan", "plan is required");
        return Validation.plan(plan, config.plans());
    }

    /** The relay when the caller is its owner: team members and administrators are refused (403), strangers 404. */
    private static Relay ownRelay(Relay r, Context ctx, String what) {
        if (!Http.principal(ctx).pubkey().equals(r.tenant()))
            throw Failure.forbidden("only the relay's owner can " + what + " it");
        return r;
    }

    private void create(Context ctx) {
        Principal p = Http.principal(ctx);
        Body b = Body.parse(
                Server.body(ctx), Set.of("name", "subdomain", "icon", "description", "plan", "tenant", "settings"));
        String tenant = p.pubkey();
        if (b.has("tenant")) {
            String requested = Http.pubkey(b.requiredString("tenant"), TENANT_ERROR);
            if (!requested.equals(p.pubkey()) && !p.admin())
                throw Failure.forbidden("only administrators can create relays for another account");
            tenant = requested;
        }
        var n = NewRelay.of(
                        tenant,
                        // the fields' rules are the relays service's, where every way of creating a relay passes
                        RelayProfile.EMPTY
                                .withName(b.requiredString("name"))
                                .withIcon(b.string("icon").orElse(""))
                                .withDescription(b.string("description").orElse("")),
                        b.requiredString("subdomain"),
                        Validation.plan(b.requiredString("plan"), config.plans()))
                .withSettings(settings(b));
        RelayOrders.Order created = orders.create(n, p.pubkey());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("relay", view(ctx, created.relay()));
        out.put("invoice", created.invoice());
        ctx.status(201).json(out);
    }

    private void update(Context ctx) {
        Relay r = gate.relay(ctx, RelayAction.SETTINGS);
        Principal p = Http.principal(ctx);
        Body b = Body.parse(Server.body(ctx), Set.of("name", "subdomain", "icon", "description", "plan", "settings"));
        if (b.has("plan")) RelayGate.also(ctx, RelayAction.PLAN);
        Plan plan = b.has("plan") ? Validation.plan(b.requiredString("plan"), config.plans()) : null;
        var changes = new Relays.Changes(
                RelayProfile.UNCHANGED
                        .withName(b.has("name") ? b.requiredString("name") : null)
                        .withIcon(b.has("icon") ? b.string("icon").orElse("") : null)
                        .withDescription(
                                b.has("description") ? b.string("description").orElse("") : null),
                b.has("subdomain") ? b.requiredString("subdomain") : null,
                plan);
        ctx.json(view(ctx, orders.update(r, changes, settings(b), RelayOrders.DomainChange.KEEP, actor(p, r))));
    }

    /**
     * The body's "settings" object: setting wire names to true or false (empty when absent). An unknown name or a
     * value that is not a boolean is refused with the name as the field; whether a value may be set is the relays
     * service's rule.
     */
    static Map<Setting, Boolean> settings(Body b) {
        Map<Setting, Boolean> out = new EnumMap<>(Setting.class);
        b.object("settings")
                .ifPresent(fields -> fields.forEach(e -> {
                    Setting s = Setting.byWireName(e.getKey())
                            .orElseThrow(() -> new Failure(
                                    Failure.Kind.INVALID,
                                    "unknown_setting",
                                    e.getKey(),
                                    "unknown setting '" + e.getKey() + "': the settings are "
                                            + Arrays.stream(Setting.values())
                                                    .map(Setting::wireName)
                                                    .collect(Collectors.joining(", "))));
                    if (!e.getValue().isBoolean())
                        throw Failure.invalidField(e.getKey(), "setting '" + e.getKey() + "' must be true or false");
                    out.put(s, e.getValue().booleanValue());
                }));
        return out;
    }
}
