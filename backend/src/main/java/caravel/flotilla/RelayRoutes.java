package caravel.flotilla;

import caravel.accounts.RelayOrders;
import caravel.auth.Principal;
import caravel.community.Community;
import caravel.config.Config;
import caravel.domain.Actor;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayAction;
import caravel.domain.RelayProfile;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.http.Body;
import caravel.http.RateLimits;
import caravel.http.RequestBodies;
import caravel.relayaccess.NotProvisioned;
import caravel.relays.NewRelay;
import caravel.relays.RelayStateMachine;
import caravel.relays.Relays;
import caravel.store.ActivityLog;
import caravel.store.Page;
import caravel.store.Relay;
import caravel.team.RelayAccessCheck;
import caravel.zooid.RelayAddress;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Flotilla's relay calls, mapped onto the relays service (create, edit, settings, deactivate, reactivate) and the
 * community tools (members, export). Flotilla's names become ours here and nothing more: info_name → name, plan_id →
 * plan, the 0/1 flags → {@link Setting}s; which values are allowed is the services' rule. A relay is visible to its
 * owner only: any other answers 404.
 */
public record RelayRoutes(
        Config config,
        ActivityLog activity,
        Relays relays,
        RelayOrders orders,
        Community community,
        caravel.domains.CustomDomains domains,
        RateLimits rateLimits,
        RelayAccessCheck access)
        implements FlotillaServer.Routes {
    /** Flotilla's fields shared by create and update; create adds tenant_pubkey. */
    static final Set<String> FIELDS;

    static {
        Set<String> f = new HashSet<>(Set.of(
                "subdomain", "zooid_domain", "plan_id", "info_name", "info_icon", "info_description", "custom_domain"));
        for (Setting s : Setting.values()) f.add(s.wireName());
        FIELDS = Set.copyOf(f);
    }

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.post("/relays", auth.required(this::create));
        app.get("/relays/{id}", auth.required(ctx -> Envelope.send(ctx, view(visibleRelay(ctx, RelayAction.VIEW)))));
        app.put("/relays/{id}", auth.required(this::update));
        app.post("/relays/{id}/deactivate", auth.required(ctx -> {
            Relay r = visibleRelay(ctx, RelayAction.LIFECYCLE);
            Principal p = FlotillaServer.principal(ctx);
            Envelope.send(ctx, view(relays.deactivate(r.id(), RelayStateMachine.Actor.tenant(p.pubkey()))));
        }));
        app.post("/relays/{id}/reactivate", auth.required(ctx -> {
            Relay r = visibleRelay(ctx, RelayAction.LIFECYCLE, RelayAccessCheck.Use.CHANGE_WHILE_DELETED);
            Principal p = FlotillaServer.principal(ctx);
            var by = RelayStateMachine.Actor.tenant(p.pubkey());
            // Flotilla knows no deletion: a deleted relay shows as "deleted" with its Reactivate, which undoes the
            // deletion within the undo window (its owner's alone, as on Caravel's own API) — docs/flotilla.md
            if (r.deleted()) {
                if (!p.pubkey().equals(r.tenant()))
                    throw Failure.forbidden("only the relay's owner can bring back a deleted relay");
                Envelope.send(ctx, view(relays.undelete(r.id(), by)));
                return;
            }
            Envelope.send(ctx, view(relays.reactivate(r.id(), by)));
        }));
        app.get("/relays/{id}/members", auth.required(ctx -> {
            // as the allowance check leaves them; none before the relay runs
            Envelope.send(ctx, Map.of("members", community.members.pubkeys(visibleRelay(ctx, RelayAction.VIEW))));
        }));
        app.get("/relays/{id}/activity", auth.required(ctx -> {
            Relay r = visibleRelay(ctx, RelayAction.VIEW);
            // Flotilla shows one list, newest first, with no paging: the newest entries
            Page<caravel.store.Activity> page = activity.forRelay(r.id(), new Page.Request(1, 200));
            Envelope.send(
                    ctx,
                    Map.of(
                            "activity",
                            page.items().stream().map(FlotillaViews::activity).toList()));
        }));
        app.get("/relays/{id}/export", auth.required(ctx -> {
            Relay r = NotProvisioned.require(
                    visibleRelay(ctx, RelayAction.SETTINGS)); // in Flotilla's words by FlotillaErrors
            ctx.contentType("application/x-ndjson; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + r.subdomain() + ".jsonl\"");
            // streamed to the response as the relay answers: nothing is collected in memory
            community.exporter.export(
                    r,
                    ctx.res().getOutputStream(),
                    FlotillaServer.principal(ctx).actor());
        }));
        // the body is streamed into community's importer with its own bound (FlotillaServer leaves it unread)
        app.post("/relays/{id}/import", auth.required(ctx -> {
            Relay r = visibleRelay(ctx, RelayAction.SETTINGS);
            if (!RequestBodies.isNdjson(ctx.header("Content-Type"))) {
                ctx.header("Connection", "close"); // the body is never read
                throw new Failure(
                        Failure.Kind.UNSUPPORTED_FORMAT,
                        "An import must be the JSON lines an export gives (Content-Type: application/x-ndjson).");
            }
            Actor actor = FlotillaServer.principal(ctx).actor();
            rateLimits.importRequest(actor.key());
            try {
                Envelope.send(
                        ctx,
                        FlotillaViews.imported(community.importer.importLines(
                                r, ctx.req().getInputStream(), ctx.req().getContentLengthLong(), actor)));
            } catch (Failure f) {
                if (f.kind() == Failure.Kind.TOO_LARGE) ctx.header("Connection", "close");
                throw f;
            }
        }));
    }

    Map<String, Object> view(Relay r) {
        return FlotillaViews.relay(
                r,
                RelayAddress.domainOf(r, config.zooidNodes()),
                relays.settingsRules(),
                domains,
                domains.of(r.id()).orElse(null));
    }

    /**
     * The relay if the caller may {@code action} it (the one permission rule, {@link RelayAccessCheck}): 404 for a
     * stranger, so ids of others do not leak, and for a relay deleted past its undo; 403 for a team member whose role
     * lacks it; 409 {@code relay_deleted} for a change of a deleted relay (its Reactivate, the undo, alone excepted).
     */
    Relay visibleRelay(Context ctx, RelayAction action) {
        // a read leaves the relay as it is; any other method changes it, which a deleted relay refuses (409)
        return visibleRelay(
                ctx,
                action,
                switch (ctx.method()) {
                    case GET, HEAD -> RelayAccessCheck.Use.READ;
                    default -> RelayAccessCheck.Use.CHANGE;
                });
    }

    /** As {@link #visibleRelay(Context, RelayAction)}, with what the request does to the relay said by the route. */
    Relay visibleRelay(Context ctx, RelayAction action, RelayAccessCheck.Use use) {
        Relay r = access.require(FlotillaServer.principal(ctx), ctx.pathParam("id"), action, RelayAccessCheck.Use.READ)
                .relay();
        // deleted and past its undo: gone from the tenant's list, so its id is gone too (nothing offers a way back)
        if (relays.pastUndo(r)) throw Failure.notFound("this relay was deleted");
        // in its undo window: read, not changed (the access check's rule, asked once its id is known to be there)
        if (use == RelayAccessCheck.Use.CHANGE) RelayAccessCheck.refuseIfDeleted(r);
        return r;
    }

    private void create(Context ctx) {
        Principal p = FlotillaServer.principal(ctx);
        Set<String> allowed = new HashSet<>(FIELDS);
        allowed.add("tenant_pubkey");
        Body b = Body.parse(RequestBodies.of(ctx), allowed);
        if (b.has("tenant_pubkey") && !p.pubkey().equals(pubkey(b.requiredString("tenant_pubkey"))))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    null,
                    "tenant_pubkey",
                    "you can create relays only for your own account (tenant_pubkey must be your key)");
        String subdomain = b.requiredString("subdomain");
        // our relays need a name; Flotilla's is optional, and its form derives the subdomain from the name
        String name = b.string("info_name").filter(n -> !n.isBlank()).orElse(subdomain);
        // the fields' rules are the relays service's, where every way of creating a relay passes
        var n = NewRelay.of(
                        p.pubkey(),
                        RelayProfile.EMPTY
                                .withName(name)
                                .withIcon(b.string("info_icon").orElse(""))
                                .withDescription(b.string("info_description").orElse("")),
                        subdomain,
                        Validation.plan(b.requiredString("plan_id"), config.plans()))
                .withSettings(settings(b))
                // required by Flotilla's contract; the relay is placed on a node serving it
                .under(b.string("zooid_domain").orElse("").toLowerCase(Locale.ROOT));
        // the relay and its domain are one order: a refused domain makes no relay
        Relay made = orders.create(n, domain(b), RelayStateMachine.Actor.tenant(p.pubkey()))
                .relay();
        Envelope.created(ctx, view(made));
    }

    private void update(Context ctx) {
        // a plan is the owner's to change; the rest an admin's too
        Relay r = visibleRelay(ctx, RelayAction.SETTINGS);
        Principal p = FlotillaServer.principal(ctx);
        Body b = Body.parse(RequestBodies.of(ctx), FIELDS);
        if (b.has("plan_id")) visibleRelay(ctx, RelayAction.PLAN);
        if (b.has("zooid_domain")
                && !b.string("zooid_domain").orElse("").equalsIgnoreCase(RelayAddress.domainOf(r, config.zooidNodes())))
            throw Failure.invalidField(
                    "zooid_domain",
                    "this relay is hosted under " + RelayAddress.domainOf(r, config.zooidNodes())
                            + ": zooid_domain cannot change");
        Plan plan = b.has("plan_id") ? Validation.plan(b.requiredString("plan_id"), config.plans()) : null;
        var changes = new Relays.Changes(
                RelayProfile.UNCHANGED
                        .withName(b.has("info_name") ? b.string("info_name").orElse("") : null)
                        .withIcon(b.has("info_icon") ? b.string("info_icon").orElse("") : null)
                        .withDescription(
                                b.has("info_description")
                                        ? b.string("info_description").orElse("")
                                        : null),
                b.has("subdomain") ? b.requiredString("subdomain") : null,
                plan);
        // one edit: a refused domain leaves the rest of the relay unchanged too
        Envelope.send(
                ctx,
                view(orders.update(r, changes, settings(b), domain(b), RelayStateMachine.Actor.tenant(p.pubkey()))));
    }

    /** custom_domain: absent keeps the domain, "" (or null) removes it, a name sets it (the same one keeps its token). */
    private static RelayOrders.DomainChange domain(Body b) {
        return b.has("custom_domain")
                ? RelayOrders.DomainChange.to(b.string("custom_domain").orElse(""))
                : RelayOrders.DomainChange.KEEP;
    }

    /** The body's 0/1 flags as settings; the relays service decides which may be set. */
    static Map<Setting, Boolean> settings(Body b) {
        Map<Setting, Boolean> out = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            JsonNode v = b.raw(s.wireName());
            if (v == null) continue;
            if (!v.isIntegralNumber() || (v.asLong() != 0 && v.asLong() != 1))
                throw Failure.invalidField(s.wireName(), s.wireName() + " must be 0 or 1");
            out.put(s, v.asLong() == 1);
        }
        return out;
    }

    private static String pubkey(String value) {
        try {
            return caravel.nostr.Nip19.parsePubkey(value);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("tenant_pubkey", "tenant_pubkey must be 64 hex characters or an npub");
        }
    }
}
