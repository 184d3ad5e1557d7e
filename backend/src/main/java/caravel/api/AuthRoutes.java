package caravel.api;

import caravel.auth.Principal;
import caravel.auth.Sessions;
import caravel.domain.Failure;
import io.javalin.Javalin;
import java.util.Map;

/** Sessions and identity. POST /auth/session accepts only a fresh NIP-98 event (see Server). */
public final class AuthRoutes {
    private AuthRoutes() {}

    public static void register(Javalin app, Server.Auth auth, Sessions sessions) {
        app.post("/auth/session", auth.nip98Only(ctx -> {
            if (Server.body(ctx).length > 0) throw Failure.invalid("POST /auth/session takes no body");
            Principal p = Http.principal(ctx);
            Sessions.Created s = sessions.create(p.pubkey());
            ctx.status(201)
                    .json(Map.of(
                            "token",
                            s.token(),
                            "pubkey",
                            s.pubkey(),
                            "is_admin",
                            p.admin(),
                            "expires_at",
                            s.expiresAt()));
        }));
        app.delete("/auth/session", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            if (p.sessionHash() == null) throw Failure.invalid("DELETE /auth/session needs the Bearer token to revoke");
            sessions.revoke(p.sessionHash());
            ctx.status(204);
        }));
        app.get("/identity", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            ctx.json(Map.of("pubkey", p.pubkey(), "is_admin", p.admin()));
        }));
    }
}
