package caravel.api;

import caravel.accounts.RelayOrders;
import caravel.auth.Principal;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayAction;
import caravel.domain.RelayProfile;
import caravel.domain.RelayRole;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.http.Body;
import caravel.relays.NewRelay;
import caravel.relays.RelayStateMachine;
import caravel.relays.Relays;
import caravel.store.Relay;
import caravel.store.RelayStore;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** /relays and /subdomains routes. */
final class RelayRoutes {
    private static final String TENANT_ERROR = "tenant must be a 64-hex public key or an npub";
    private final Server.Deps d;
    private final Server server;
    private final RelayViewCache views = new RelayViewCache();
    private final RelayGate gate;

    RelayRoutes(Server.Deps d, Server server, RelayGate gate) {
        this.d = d;
        this.server = server;
        this.gate = gate;
    }

    void register(Javalin app, Server.Auth auth) {
        app.get("/relays", auth.admin(ctx -> {
            String tenant = Http.query(ctx, "tenant");
            ctx.json(server.relayPage(
                    ctx, tenant == null || tenant.isBlank() ? null : Http.pubkey(tenant, TENANT_ERROR)));
        }));
        app.post("/relays", auth.required(this::create));
        app.get("/relays/{id}", auth.required(this::show));
        app.put("/relays/{id}", auth.required(this::update));
        app.post("/relays/{id}/deactivate", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, d.relays().deactivate(r.id(), actor(p, r))));
        }));
        app.post("/relays/{id}/reactivate", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, d.relays().reactivate(r.id(), actor(p, r))));
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
            ctx.json(view(ctx, d.relays().delete(r.id(), confirm, RelayStateMachine.Actor.tenant(p.pubkey()))));
        }));
        app.post("/relays/{id}/undelete", auth.required(ctx -> {
            Relay r = ownRelay(gate.relayWhileDeleted(ctx, RelayAction.LIFECYCLE), ctx, "bring back");
            Principal p = Http.principal(ctx);
            ctx.json(view(ctx, d.relays().undelete(r.id(), RelayStateMachine.Actor.tenant(p.pubkey()))));
        }));
        app.post("/relays/{id}/unsuspend", auth.admin(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            ctx.json(view(
                    ctx,
                    d.relays()
                            .unsuspend(
                                    r.id(),
                                    RelayStateMachine.Actor.admin(
                                            Http.principal(ctx).pubkey()))));
        }));
        app.get("/relays/{id}/quote", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.PLAN);
            Principal p = Http.principal(ctx);
            ctx.json(d.quotes().forChange(r.id(), planParam(ctx), actor(p, r)));
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
            ctx.json(d.quotes().forNew(tenant, planParam(ctx)));
        }));
        // GET /relays/{id}/members is served by CommunityRoutes (with profiles and the plan allowance)
        app.get(
                "/relays/{id}/health",
                auth.required(ctx -> ctx.json(d.hosting().health(gate.relay(ctx, RelayAction.VIEW)))));
        app.post("/relays/{id}/provision", auth.admin(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.LIFECYCLE);
            ctx.json(view(
                    ctx,
                    d.relays()
                            .retryProvisioning(
                                    r.id(),
                                    RelayStateMachine.Actor.admin(
                                            Http.principal(ctx).pubkey()))));
        }));
        app.get("/relays/{id}/activity", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            ctx.json(Views.page(
                    d.activity().forRelay(r.id(), Http.pageRequest(ctx)).map(Views::activity)));
        }));
        app.get("/subdomains/{subdomain}", auth.required(ctx -> {
            String s = ctx.pathParam("subdomain");
            String problem = d.relays().subdomainProblem(s);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("subdomain", s);
            out.put("available", problem == null);
            out.put("error", problem);
            ctx.json(out);
        }));
    }

    /**
     * The relay as the caller may see it, with the actions it may take now (the web app offers only those) and the
     * caller's role on it (what it may do: {@code may}).
     */
    Views.RelayView view(Context ctx, Relay r) {
        RelayRole role = d.relayAccess()
                .roleOn(Http.principal(ctx), r.id(), r.tenant())
                .orElse(RelayRole.OWNER); // the caller just acted on it: it was let through
        return view(ctx, r, d.relays().offered(r, actor(Http.principal(ctx), r).role()), role);
    }

    private Views.RelayView view(Context ctx, Relay r, List<String> actions, RelayRole role) {
        return Views.relay(
                        r,
                        d.config().zooidNodes(),
                        d.relays().settingsRules(),
                        Http.principal(ctx).admin(),
                        actions,
                        Views.domain(d.domains(), r, d.domains().of(r.id()).orElse(null)),
                        d.relays().retries(List.of(r)).get(r.id()))
                .forRole(role);
    }

    /**
     * GET /relays/:id: the view rendered earlier while nothing it shows has changed ({@link RelayViewCache}), else
     * built, rendered and kept. Who may see the relay is decided on every request, against its tenant now.
     */
    private void show(Context ctx) {
        Principal p = Http.principal(ctx);
        String id = ctx.pathParam("id");
        // the stamp before anything the view is built from (RelayViewCache.put)
        RelayStore.ViewStamp stamp =
                d.relayStore().viewStamp(id).orElseThrow(() -> Failure.notFound("relay not found"));
        // the caller's role, read now (never cached): the view kept is the one for that role
        RelayRole role = d.relayAccess().require(p, id, stamp.tenant(), RelayAction.VIEW);
        RelayViewCache.Viewer viewer = RelayViewCache.Viewer.of(p.admin(), role);
        // what this process knows beyond the database (the proxy's routes, the nodes' lines), read before the view too
        long known = d.domains().routingChanges() + d.relays().settingsRules().nodeLineChanges();
        byte[] json = views.get(id, viewer, stamp, known, d.clock().millis() / 1000);
        if (json == null) {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Relays.Offer offer = d.relays().offer(r, actor(p, r).role());
            Views.RelayView view = view(ctx, r, offer.actions(), role);
            json = ctx.jsonMapper().toJsonString(view, Views.RelayView.class).getBytes(StandardCharsets.UTF_8);
            // a relay given to another tenant since the stamp was read is shown, not kept: its new stamp comes next.
            // Nor is the view of a failed sync: whether and when Caravel tries again lives in the job queue, whose
            // writes raise no version (the relay's row moves again with the next attempt's outcome)
            if (r.tenant().equals(stamp.tenant())
                    && view.sync().retry() == null
                    && !"failed".equals(view.sync().state()))
                views.put(id, viewer, stamp, known, offer.changesAt(), json);
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(json);
    }

    /** Administrators act as ADMIN (also on their own relays); everyone else can only reach their own relays. */
    static RelayStateMachine.Actor actor(Principal p, Relay r) {
        return p.admin() ? RelayStateMachine.Actor.admin(p.pubkey()) : RelayStateMachine.Actor.tenant(p.pubkey());
    }

    private Plan planParam(Context ctx) {
        String plan = Http.query(ctx, "plan");
        if (plan == null || plan.isBlank()) throw Failure.invalidField("plan", "plan is required");
        return Validation.plan(plan, d.config().plans());
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
                        Validation.plan(b.requiredString("plan"), d.config().plans()))
                .withSettings(settings(b));
        RelayOrders.Order created = d.relayOrders().create(n, p.pubkey());
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
        Plan plan = b.has("plan")
                ? Validation.plan(b.requiredString("plan"), d.config().plans())
                : null;
        var changes = new Relays.Changes(
                RelayProfile.UNCHANGED
                        .withName(b.has("name") ? b.requiredString("name") : null)
                        .withIcon(b.has("icon") ? b.string("icon").orElse("") : null)
                        .withDescription(
                                b.has("description") ? b.string("description").orElse("") : null),
                b.has("subdomain") ? b.requiredString("subdomain") : null,
                plan);
        ctx.json(
                view(ctx, d.relayOrders().update(r, changes, settings(b), RelayOrders.DomainChange.KEEP, actor(p, r))));
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
