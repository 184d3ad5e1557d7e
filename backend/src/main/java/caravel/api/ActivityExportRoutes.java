package caravel.api;

import caravel.api.ActivityExport.Line;
import caravel.domain.RelayAction;
import caravel.moderation.PlatformBans;
import caravel.moves.RelayMoves;
import caravel.store.ActivityLog;
import caravel.store.Batches;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The activity log as a file, streamed (docs/activity-export.md): a relay's, for whoever may see the relay (an API
 * token with the read scope too), and the platform administrators' actions, for the operator.
 *
 * @param admins the administrators' keys (ADMIN_PUBKEYS): their export holds the lines they caused
 * @param bans the platform bans, which keep their own records (an administrator's ban writes no activity line)
 * @param moves the relays' moves between nodes, which keep their own records too
 */
public record ActivityExportRoutes(
        ActivityLog activity, RelayGate gate, Set<String> admins, Clock clock, PlatformBans bans, RelayMoves moves)
        implements Server.Routes {
    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/activity/export", auth.required(ctx -> {
            Relay r = gate.relay(ctx, RelayAction.VIEW);
            export(
                    ctx,
                    "relay-" + r.subdomain(),
                    List.of((from, to, batch, each) -> activity.eachBetween(
                            r.id(), admins, from, to, batch, rows -> each.accept(lines(rows, Line::of)))));
        }));
        // what the administrators did: their activity lines, then the platform bans and moves they started
        app.get(
                "/admin/activity/export",
                auth.admin(ctx -> export(
                        ctx,
                        "admin-actions",
                        List.of(
                                (from, to, batch, each) -> activity.eachBetween(
                                        null, admins, from, to, batch, rows -> each.accept(lines(rows, Line::of))),
                                (from, to, batch, each) -> bans.eachStartedBetween(
                                        new Batches.Window(admins, from, to, batch),
                                        rows -> each.accept(lines(rows, Line::of))),
                                (from, to, batch, each) -> moves.eachStartedBetween(
                                        new Batches.Window(admins, from, to, batch),
                                        rows -> each.accept(lines(rows, Line::of)))))));
    }

    private static <T> List<Line> lines(List<T> rows, Function<T, Line> line) {
        return rows.stream().map(line).toList();
    }

    /** Checks the request whole, then streams: an error found once the file has begun could not be said. */
    private void export(Context ctx, String what, List<ActivityExport.Source> sources) throws java.io.IOException {
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
            ActivityExport.write(out, f, range, sources);
        }
    }
}
