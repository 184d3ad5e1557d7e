package caravel.api;

import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.team.Team;
import caravel.team.TeamStore;
import caravel.team.TransferStore;
import caravel.team.Transfers;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relay's team and its transfer to another owner (caravel.team): the team listed, added to, changed and removed
 * from; the owner's offer of the relay; the relays a key helps run and the offers made to it, accepted or declined.
 */
public record TeamRoutes(Team team, Transfers transfers, RelayStore relayStore, RelayGate gate, RelayViews views)
        implements Server.Routes {
    private static final String PUBKEY_ERROR = "pubkey must be 64 hex characters or an npub";

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/team", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("owner", r.tenant());
            out.put("items", team.list(r).stream().map(TeamRoutes::member).toList());
            ctx.json(out);
        }));
        // who may change whom is the team service's rule (an admin manages moderators only; anyone may leave)
        app.post("/relays/{id}/team", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey", "role"));
            String pubkey = Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR);
            ctx.status(201)
                    .json(member(team.add(r, RelayGate.role(ctx), Http.actor(ctx), pubkey, b.requiredString("role"))));
        }));
        app.put("/relays/{id}/team/{pubkey}", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            Body b = Body.parse(Server.body(ctx), Set.of("role"));
            String pubkey = Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR);
            ctx.json(member(team.change(r, RelayGate.role(ctx), Http.actor(ctx), pubkey, b.requiredString("role"))));
        }));
        app.delete("/relays/{id}/team/{pubkey}", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            team.remove(r, RelayGate.role(ctx), Http.actor(ctx), Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR));
            ctx.status(204);
        }));

        app.get("/relays/{id}/transfer", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.OWNERSHIP);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("offer", transfers.open(r).map(TeamRoutes::offer).orElse(null));
            ctx.json(out);
        }));
        app.post("/relays/{id}/transfer", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.OWNERSHIP);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey"));
            String to = Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR);
            ctx.status(201).json(offer(transfers.offer(r, Http.actor(ctx), to)));
        }));
        app.delete("/relays/{id}/transfer", auth.required(ctx -> {
            // taking an offer back changes nothing of the relay: allowed while it is deleted too
            transfers.withdraw(gate.relayWhileDeleted(ctx, RelayAction.OWNERSHIP), Http.actor(ctx));
            ctx.status(204);
        }));

        app.get("/me/team-relays", auth.required(ctx -> {
            List<Views.RelayView> out = team.relaysOf(Http.principal(ctx).pubkey()).stream()
                    .flatMap(m -> relayStore.find(m.relayId()).stream())
                    .map(r -> views.view(ctx, r))
                    .toList();
            ctx.json(new Views.Items<>(out));
        }));
        app.get(
                "/me/transfers",
                auth.required(ctx -> ctx.json(
                        new Views.Items<>(transfers.incoming(Http.principal(ctx).pubkey()).stream()
                                .map(TeamRoutes::incoming)
                                .toList()))));
        app.post("/transfers/{id}/accept", auth.required(ctx -> {
            Relay r = transfers.accept(ctx.pathParam("id"), Http.principal(ctx).pubkey());
            ctx.json(views.view(ctx, r));
        }));
        app.post("/transfers/{id}/decline", auth.required(ctx -> {
            transfers.decline(ctx.pathParam("id"), Http.principal(ctx).pubkey());
            ctx.status(204);
        }));
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

    private static Map<String, Object> incoming(Transfers.Incoming i) {
        Map<String, Object> out = offer(i.offer());
        out.put("relay_name", i.relayName());
        out.put("subdomain", i.subdomain());
        return out;
    }
}
