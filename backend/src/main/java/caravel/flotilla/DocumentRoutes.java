package caravel.flotilla;

import io.javalin.Javalin;

/** GET /openapi.json: the OpenAPI description of this listener (flotilla-openapi.json; a test keeps it complete). */
public final class DocumentRoutes implements FlotillaServer.Routes {
    private final byte[] document = read();

    @Override
    public void register(Javalin app, FlotillaServer.Auth auth) {
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }

    private static byte[] read() {
        try (var in = DocumentRoutes.class.getResourceAsStream("/flotilla-openapi.json")) {
            if (in == null) throw new IllegalStateException("flotilla-openapi.json is missing from the jar");
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read flotilla-openapi.json", e);
        }
    }
}
