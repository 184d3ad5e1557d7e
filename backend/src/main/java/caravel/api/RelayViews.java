package caravel.api;

import caravel.auth.Principal;
import caravel.config.Config;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.domain.RelayStatus;
import caravel.domains.CustomDomains;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.relays.Relays;
import caravel.store.Page;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.team.RelayAccessCheck;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * A relay as the API shows it ({@link Views.RelayView}): one relay to the caller with the actions it may take now and
 * its role, a page of relays, a tenant's relays for its live stream, and GET /relays/:id answered from the views
 * rendered earlier while nothing they show has changed ({@link RelayViewCache}). Every route that answers with a relay
 * builds it here, so GET /relays/:id, the lists, the live stream and the answers of changes agree.
 */
public record RelayViews(
        Config config,
        RelayStore relayStore,
        Relays relays,
        CustomDomains domains,
        RelayAccessCheck access,
        RelayTransitions transitions,
        RelayGate gate,
        RelayViewCache cache) {
    static final Set<String> RELAY_STATUSES =
            Arrays.stream(RelayStatus.values()).map(RelayStatus::wire).collect(Collectors.toSet());

    /** Relay list shared by GET /relays (admin) and GET /tenants/:pubkey/relays. */
    Views.CursorPageView<Views.RelayView> page(Context ctx, String tenant) {
        Page<Relay> page = relayStore.list(
                tenant,
                Http.searchParam(ctx),
                Optional.ofNullable(Http.enumParam(ctx, "status", RELAY_STATUSES))
                        .map(RelayStatus::of)
                        .orElse(null),
                Http.enumParam(
                        ctx,
                        "plan",
                        config.plans().all().stream()
                                .map(caravel.domain.Plan::id)
                                .collect(Collectors.toSet())),
                Http.pageRequest(ctx, RelayStore.LIST_ORDER),
                // a relay removed for good after its deletion is gone for its owner; administrators still see it
                Http.principal(ctx).admin());
        // the page's custom domains in one query, not one per relay
        var own = domains.of(page.items().stream().map(Relay::id).toList());
        // and the retries of the page's failed relays, also in one
        var retries = relays.retries(page.items());
        return Views.cursorPage(page.map(r -> Views.relay(
                r,
                config.zooidNodes(),
                relays.settingsRules(),
                Http.principal(ctx).admin(),
                null,
                Views.domain(domains, r, own.get(r.id())),
                retries.get(r.id()))));
    }

    /**
     * The relay as the caller may see it, with the actions it may take now (the web app offers only those) and the
     * caller's role on it (what it may do: {@code may}).
     */
    Views.RelayView view(Context ctx, Relay r) {
        RelayRole role = access.roleOn(Http.principal(ctx), r.id(), r.tenant())
                .orElse(RelayRole.OWNER); // the caller just acted on it: it was let through
        return view(ctx, r, relays.offered(r, actor(Http.principal(ctx), r).role()), role);
    }

    private Views.RelayView view(Context ctx, Relay r, List<String> actions, RelayRole role) {
        return Views.relay(
                        r,
                        config.zooidNodes(),
                        relays.settingsRules(),
                        Http.principal(ctx).admin(),
                        actions,
                        Views.domain(domains, r, domains.of(r.id()).orElse(null)),
                        relays.retries(List.of(r)).get(r.id()))
                .forRole(role);
    }

    /**
     * GET /relays/:id: the view rendered earlier while nothing it shows has changed ({@link RelayViewCache}), else
     * built, rendered and kept. Who may see the relay is decided on every request, against its tenant now.
     */
    void show(Context ctx) {
        Principal p = Http.principal(ctx);
        String id = ctx.pathParam("id");
        // the stamp before anything the view is built from (RelayViewCache.put)
        RelayStore.ViewStamp stamp = relayStore.viewStamp(id).orElseThrow(() -> Failure.notFound("relay not found"));
        // the caller's role, read now (never cached): the view kept is the one for that role
        RelayRole role = access.require(p, id, stamp.tenant(), RelayAction.VIEW);
        RelayViewCache.Viewer viewer = RelayViewCache.Viewer.of(p.admin(), role);
        // what this process knows beyond the database (the proxy's routes, the nodes' lines), read before the view too
        long known = domains.routingChanges() + relays.settingsRules().nodeLineChanges();
        byte[] json = cache.get(id, viewer, stamp, known);
        if (json == null) {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Relays.Offer offer = relays.offer(r, actor(p, r).role());
            Views.RelayView view = view(ctx, r, offer.actions(), role);
            json = ctx.jsonMapper().toJsonString(view, Views.RelayView.class).getBytes(StandardCharsets.UTF_8);
            // a relay given to another tenant since the stamp was read is shown, not kept: its new stamp comes next.
            // Nor is the view of a failed sync: whether and when Caravel tries again lives in the job queue, whose
            // writes raise no version (the relay's row moves again with the next attempt's outcome)
            if (r.tenant().equals(stamp.tenant())
                    && view.sync().retry() == null
                    && !"failed".equals(view.sync().state()))
                cache.put(id, viewer, stamp, known, offer.changesAt(), json);
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(json);
    }

    /**
     * The tenant's relays, each exactly as GET /relays/:id shows it to this caller (errors worded for tenants, offered
     * actions), read on the live stream's handle.
     */
    List<Views.RelayView> ofTenant(Handle h, String tenant, Principal p) {
        var facts = transitions.facts(h, tenant);
        List<Relay> rows = relayStore.byTenant(h, tenant);
        var own = domains.of(h, rows.stream().map(Relay::id).toList());
        var retries = relays.retries(h, rows);
        return rows.stream()
                .map(r -> Views.relay(
                        r,
                        config.zooidNodes(),
                        relays.settingsRules(),
                        p.admin(),
                        RelayStateMachine.offered(
                                RelayTransitions.stateOf(r), actor(p, r).role(), facts),
                        Views.domain(domains, r, own.get(r.id())),
                        retries.get(r.id())))
                .toList();
    }

    /** Administrators act as ADMIN (also on their own relays); everyone else can only reach their own relays. */
    static RelayStateMachine.Actor actor(Principal p, Relay r) {
        return p.admin() ? RelayStateMachine.Actor.admin(p.pubkey()) : RelayStateMachine.Actor.tenant(p.actor());
    }
}
