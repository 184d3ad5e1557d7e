package caravel.api;

import caravel.zooid.MediaStorage;
import io.javalin.Javalin;
import java.util.Map;

/** The super-admin's view of the platform itself (not of one tenant or relay): what the operator should know. */
final class AdminRoutes {
    private final MediaStorage mediaStorage;

    AdminRoutes(MediaStorage mediaStorage) {
        this.mediaStorage = mediaStorage;
    }

    void register(Javalin app, Server.Auth auth) {
        // the last background check's answer: an admin page load never waits on zooid
        app.get(
                "/admin/platform",
                auth.admin(ctx -> ctx.json(Map.of("media", Views.mediaStorage(mediaStorage.status())))));
    }
}
