package caravel.api;

import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.store.Relay;
import caravel.team.TeamStore;
import caravel.team.TransferStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relay's team and its transfer to another owner (caravel.team): the team listed, added to, changed and removed
 * from; the owner's offer of the relay; the relays a key helps run and the offers made to it, accepted or declined.
 */
final class TeamRoutes {
    private static final String PUBKEY_ERROR = "pubkey must be 64 hex characters or an npub";
    private final Server.Deps d;
    private final RelayGate gate;
    private final RelayRoutes relays;

    TeamRoutes(Server.Deps d, RelayGate gate, RelayRoutes relays) {
        this.d = d;
        this.gate = gate;
        this.relays = relays;
    }

    void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/team", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("owner", r.tenant());
            out.put("items", d.team().list(r).stream().map(TeamRoutes::member).toList());
            ctx.json(out);
        }));
        // who may change whom is the team service's rule (an admin manages moderators only; anyone may leave)
        app.post("/relays/{id}/team", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey", "role"));
            String pubkey = Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR);
            ctx.status(201)
                    .json(member(d.team().add(r, RelayGate.role(ctx), actor(ctx), pubkey, b.requiredString("role"))));
        }));
        app.put("/relays/{id}/team/{pubkey}", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Body b = Body.parse(Server.body(ctx), Set.of("role"));
            String pubkey = Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR);
            ctx.json(member(d.team().change(r, RelayGate.role(ctx), actor(ctx), pubkey, b.requiredString("role"))));
        }));
        app.delete("/relays/{id}/team/{pubkey}", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            d.team().remove(r, RelayGate.role(ctx), actor(ctx), Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR));
            ctx.status(204);
        }));

        app.get("/relays/{id}/transfer", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.OWNERSHIP);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("offer", d.transfers().open(r).map(TeamRoutes::offer).orElse(null));
            ctx.json(out);
        }));
        app.post("/relays/{id}/transfer", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.OWNERSHIP);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey"));
            String to = Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR);
            ctx.status(201).json(offer(d.transfers().offer(r, actor(ctx), to)));
        }));
        app.delete("/relays/{id}/transfer", auth.required(ctx -> {
            // taking an offer back changes nothing of the relay: allowed while it is deleted too
            d.transfers().withdraw(gate.relayWhileDeleted(ctx, RelayAction.OWNERSHIP), actor(ctx));
            ctx.status(204);
        }));

        app.get("/me/team-relays", auth.required(ctx -> {
            List<Views.RelayView> out = d.team().relaysOf(actor(ctx)).stream()
                    .flatMap(m -> d.relayStore().find(m.relayId()).stream())
                    .map(r -> relays.view(ctx, r))
                    .toList();
            ctx.json(new Views.Items<>(out));
        }));
        app.get(
                "/me/transfers",
                auth.required(ctx -> ctx.json(new Views.Items<>(d.transfers().incoming(actor(ctx)).stream()
                        .map(TeamRoutes::incoming)
                        .toList()))));
        app.post("/transfers/{id}/accept", auth.required(ctx -> {
            Relay r = d.transfers().accept(ctx.pathParam("id"), actor(ctx));
            ctx.json(relays.view(ctx, r));
        }));
        app.post("/transfers/{id}/decline", auth.required(ctx -> {
            d.transfers().decline(ctx.pathParam("id"), actor(ctx));
            ctx.status(204);
        }));
    }

    private static String actor(Context ctx) {
        return Http.principal(ctx).pubkey();
    }

    private static Map<String, Object> member(TeamStore.Member m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pubkey", m.pubkey());
        out.put("role", m.role().wire());
        out.put("added_by", m.addedBy());
        out.put("added_at", m.addedAt());
        return out;
    }

    private static Map<String, Object> offer(TransferStore.Offer o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", o.id());
        out.put("relay_id", o.relayId());
        out.put("from_pubkey", o.fromPubkey());
        out.put("to_pubkey", o.toPubkey());
        out.put("created_at", o.createdAt());
        return out;
    }

    private static Map<String, Object> incoming(caravel.team.Transfers.Incoming i) {
        Map<String, Object> out = offer(i.offer());
        out.put("relay_name", i.relayName());
        out.put("subdomain", i.subdomain());
        return out;
    }
}
