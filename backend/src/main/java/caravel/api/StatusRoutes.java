package caravel.api;

import caravel.domain.Failure;
import caravel.http.Body;
import caravel.status.PlatformStatus;
import io.javalin.Javalin;
import java.util.Set;

/**
 * The public status page's data (GET /status, no sign-in: a browser asking for HTML gets the web app's page, which
 * reads this) and the operator's incident notes (administrators only). A note's text is returned as typed; the page
 * shows it as text, never as markup.
 */
public record StatusRoutes(PlatformStatus status) implements Server.Routes {
    private static final Set<String> NOTE_FIELDS = Set.of("title", "body", "state");

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/status", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.json(status.page());
        });
        app.post("/admin/status/incidents", auth.admin(ctx -> {
            Body b = note(ctx);
            ctx.status(201)
                    .json(status.post(
                            Http.principal(ctx).pubkey(),
                            b.requiredString("title"),
                            b.string("body").orElse(""),
                            b.string("state").orElse(null)));
        }));
        app.put("/admin/status/incidents/{id}", auth.admin(ctx -> {
            Body b = note(ctx);
            ctx.json(status.update(
                    Http.principal(ctx).pubkey(),
                    ctx.pathParam("id"),
                    b.requiredString("title"),
                    b.string("body").orElse(""),
                    b.requiredString("state")));
        }));
    }

    /** A note's fields, each a string when given: null is refused, as the document says, not read as absent. */
    private static Body note(io.javalin.http.Context ctx) {
        Body b = Body.parse(Server.body(ctx), NOTE_FIELDS);
        for (String field : NOTE_FIELDS)
            if (b.isNull(field)) throw Failure.invalidField(field, "field '" + field + "' must be a string");
        return b;
    }
}
