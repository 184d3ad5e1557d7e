package caravel.api;

import caravel.domain.RelayAction;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/**
 * The activity log as a file, streamed (docs/activity-export.md): a relay's, for whoever may see the relay (an API
 * token with the read scope too), and the platform administrators' actions, for the operator.
 *
 * @param admins the administrators' keys (ADMIN_PUBKEYS): their export holds the lines they caused
 */
public record ActivityExportRoutes(ActivityLog activity, RelayGate gate, Set<String> admins, Clock clock)
        implements Server.Routes {
    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/activity/export", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            export(ctx, "relay-" + r.subdomain(), r.id());
        }));
        app.get("/admin/activity/export", auth.admin(ctx -> export(ctx, "admin-actions", null)));
    }

    /** Checks the request whole, then streams: an error found once the file has begun could not be said. */
    private void export(Context ctx, String what, String relayId) throws java.io.IOException {
        ActivityExport.Format f = ActivityExport.format(Http.query(ctx, "format"));
        ActivityExport.Range range =
                ActivityExport.range(Http.query(ctx, "from"), Http.query(ctx, "to"), clock.instant());
        ctx.contentType(f.contentType)
                .header("Cache-Control", "no-store")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"caravel-activity-" + what + "-" + range.label() + "." + f.extension
                                + "\"");
        try (Writer out =
                new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            ActivityExport.header(out, f);
            activity.eachBetween(
                    relayId,
                    admins,
                    range.from(),
                    range.to(),
                    ActivityExport.BATCH,
                    rows -> ActivityExport.rows(out, f, rows));
        }
    }
}
