package caravel.api;

import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.erasure.ErasureStore;
import caravel.erasure.Erasures;
import caravel.http.Body;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Nip19;
import caravel.store.Relay;
import io.javalin.Javalin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Erasure (docs/erasure.md): the owner's (or an admin's) erasure of a member, confirmed by typing their npub; the
 * relay's erasures; and the public door for a signed NIP-62 request to vanish, for clients that cannot publish it to
 * the relay (the event is its own proof: no sign-in).
 */
public record ErasureRoutes(Erasures erasures, RelayGate gate) implements Server.Routes {
    private static final String PUBKEY_ERROR = "pubkey must be 64 hex characters or an npub";

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.post("/relays/{id}/members/{pubkey}/erase", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.ERASE);
            String pubkey = Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR);
            Body b = Body.parse(Server.body(ctx), Set.of("confirm"));
            Erasures.Started s =
                    erasures.eraseMember(r, RelayGate.role(ctx), Http.actor(ctx), pubkey, b.requiredString("confirm"));
            ctx.status(202).json(started(s));
        }));
        app.get("/relays/{id}/erasures", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            ctx.json(new Views.Items<>(
                    erasures.list(r).stream().map(ErasureRoutes::row).toList()));
        }));
        app.post("/vanish", ctx -> {
            Event e;
            try {
                e = Event.fromJson(Json.parse(new String(Server.body(ctx), java.nio.charset.StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException bad) {
                throw Failure.invalidField("event", "the body must be a signed Nostr event: " + bad.getMessage());
            }
            List<Erasures.Started> all = erasures.vanish(e);
            ctx.status(202)
                    .json(Map.of(
                            "erasures", all.stream().map(ErasureRoutes::started).toList()));
        });
    }

    static Map<String, Object> started(Erasures.Started s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("relay_id", s.relayId());
        out.put("pubkey", s.pubkey());
        out.put("npub", Nip19.npub(s.pubkey()));
        out.put("until", s.until());
        out.put("step", s.step());
        out.put("already_requested", s.alreadyRequested());
        return out;
    }

    static Map<String, Object> row(ErasureStore.Row r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pubkey", r.pubkey());
        out.put("npub", Nip19.npub(r.pubkey()));
        out.put("until", r.untilS());
        out.put("source", r.source());
        out.put("step", r.step());
        out.put("events_removed", r.eventsRemoved());
        out.put("requested_at", r.requestedAt());
        out.put("done_at", r.doneAt());
        return out;
    }
}
