package caravel.api;

import caravel.backups.Backups;
import caravel.backups.RelayBackupStore;
import caravel.backups.RelayRestores;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.http.Body;
import caravel.http.RateLimits;
import caravel.relayaccess.NotProvisioned;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.store.Relay;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relay's backups: the schedule, the list, taking one now, downloading one as a zip archive, uploading an archive to
 * restore from, and restores (preview, into the same relay, into a new one) with their progress. Owner only: the
 * relay is found as the other relay routes find it (the team lane's permission rule replaces {@link #relay}).
 */
public record BackupRoutes(Backups b, RelayGate gate, RateLimits rateLimits) implements Server.Routes {

    @Override
    public void register(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/backups", auth.required(ctx -> {
            Relay r = relay(ctx);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("schedule", b.schedules.of(r));
            out.put("kept", b.retention.kept(r));
            out.put("storage", b.reading.storageKind());
            out.put(
                    "items",
                    b.reading.list(r).stream().map(BackupRoutes::backup).toList());
            out.put(
                    "restores",
                    b.store.restoresOf(r.id(), 10).stream()
                            .map(BackupRoutes::restore)
                            .toList());
            ctx.json(out);
        }));
        app.put("/relays/{id}/backups/schedule", auth.required(ctx -> {
            Relay r = relay(ctx);
            Body body = Body.parse(Server.body(ctx), Set.of("every"));
            b.schedules.set(r, body.requiredString("every"), Http.actor(ctx));
            ctx.json(Map.of("schedule", b.schedules.of(r), "kept", b.retention.kept(r)));
        }));
        app.post("/relays/{id}/backups", auth.required(ctx -> {
            Relay r = NotProvisioned.require(relay(ctx));
            String id = b.taking.takeNow(r, "manual", Http.actor(ctx));
            ctx.status(202).json(backup(b.store.find(id).orElseThrow()));
        }));
        app.get("/relays/{id}/backups/{backup}/download", auth.required(ctx -> {
            Relay r = relay(ctx);
            RelayBackupStore.Backup bk = b.reading.finished(r, ctx.pathParam("backup"));
            ctx.contentType("application/zip");
            ctx.header(
                    "Content-Disposition", "attachment; filename=\"" + r.subdomain() + "-backup-" + bk.id() + ".zip\"");
            ctx.header("Cache-Control", "no-store");
            try {
                // streamed from the storage straight into the response: nothing is held whole
                b.reading.download(bk, ctx.res().getOutputStream(), Http.actor(ctx));
            } catch (IOException e) {
                throw Failure.unavailable("The backup could not be read from its storage: " + e.getMessage());
            }
        }));
        app.post("/relays/{id}/backups/upload", auth.streamed(ctx -> {
            Relay r = relay(ctx);
            String type = ctx.header("Content-Type");
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/zip")) {
                ctx.header("Connection", "close"); // the body is never read
                throw new Failure(
                        Failure.Kind.UNSUPPORTED_FORMAT,
                        "a backup archive must be the zip a backup download gives (Content-Type: application/zip)");
            }
            try {
                rateLimits.backupUpload(r.tenant()); // counts only uploads that will read a body
                ctx.status(201)
                        .json(backup(b.uploads.upload(
                                r, ctx.req().getInputStream(), ctx.req().getContentLengthLong(), Http.actor(ctx))));
            } catch (Failure f) {
                ctx.header("Connection", "close");
                throw f;
            }
        }));
        app.get("/relays/{id}/backups/{backup}/preview", auth.required(ctx -> {
            Relay r = NotProvisioned.require(relay(ctx));
            ctx.json(preview(b.restores.preview(r, ctx.pathParam("backup"), ctx.queryParam("mode"))));
        }));
        app.post("/relays/{id}/restores", auth.required(ctx -> {
            Relay r = NotProvisioned.require(relay(ctx));
            Body body = Body.parse(Server.body(ctx), Set.of("backup", "mode"));
            ctx.status(202)
                    .json(restore(b.restores.start(
                            r,
                            body.requiredString("backup"),
                            body.string("mode").orElse("merge"),
                            caller(ctx, r))));
        }));
        app.post("/relays/{id}/backups/{backup}/restore-into-new", auth.required(ctx -> {
            // a deleted relay's backups (its final one above all) are restored into a new relay: no change of it
            Relay r = gate.relayWhileDeleted(ctx, RelayAction.SETTINGS);
            Body body = Body.parse(Server.body(ctx), Set.of("name", "subdomain", "plan"));
            RelayRestores.Started s = b.restores.startNew(
                    r,
                    ctx.pathParam("backup"),
                    new RelayRestores.NewRelay(
                            body.requiredString("name"), body.requiredString("subdomain"), body.requiredString("plan")),
                    caller(ctx, r));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("restore", restore(s.restore()));
            out.put("relay_id", s.order().relay().id());
            out.put(
                    "invoice_id",
                    s.order().invoice() == null ? null : s.order().invoice().id());
            ctx.status(202).json(out);
        }));
        app.get("/relays/{id}/restores/{restore}", auth.required(ctx -> {
            Relay r = relay(ctx);
            ctx.json(restore(b.restores
                    .find(r, ctx.pathParam("restore"))
                    .orElseThrow(() -> Failure.notFound("restore not found"))));
        }));
    }

    private Relay relay(Context ctx) {
        return gate.relay(ctx, RelayAction.SETTINGS);
    }

    /** Who restores, with their role on the relay: a restore applies only what that role may change. */
    private static Caller caller(Context ctx, Relay r) {
        return Caller.on(r, Http.principal(ctx).pubkey(), RelayGate.role(ctx));
    }

    /** A backup as its owner sees it: not where the storage keeps it, whose it is, or who took it. */
    record BackupView(
            String id,
            String reason,
            String status,
            String storage,
            long events,
            long blobs,
            long mediaBytes,
            long members,
            long bans,
            long names,
            long bytes,
            String mediaNote,
            String error,
            int attempts,
            long createdAt,
            Long finishedAt) {}

    static BackupView backup(RelayBackupStore.Backup b) {
        return new BackupView(
                b.id(),
                b.reason(),
                b.status(),
                b.storage(),
                b.events(),
                b.blobs(),
                b.mediaBytes(),
                b.members(),
                b.bans(),
                b.names(),
                b.bytes(),
                b.mediaNote(),
                b.error(),
                b.attempts(),
                b.createdAt(),
                b.finishedAt());
    }

    static Map<String, Object> restore(RelayBackupStore.Restore r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("relay_id", r.relayId());
        out.put("backup_id", r.backupId());
        out.put("mode", r.mode());
        out.put("status", r.status());
        out.put("step", r.step());
        out.put("cursor", r.cursor());
        out.put("events_total", r.eventsTotal());
        out.put("events_done", r.eventsDone());
        out.put("events_refused", r.eventsRefused());
        out.put("blobs_total", r.blobsTotal());
        out.put("blobs_done", r.blobsDone());
        out.put("members_done", r.membersDone());
        out.put("bans_done", r.bansDone());
        out.put("names_done", r.namesDone());
        List<String> problems = new ArrayList<>();
        if (r.problems() != null) caravel.json.Json.parse(r.problems()).forEach(n -> problems.add(n.asText()));
        out.put("problems", problems);
        out.put("error", r.error());
        out.put("created_at", r.createdAt());
        out.put("updated_at", r.updatedAt());
        return out;
    }

    /** What a restore would do: per part (members, bans …) how much it adds, replaces and removes. */
    record PreviewView(
            String backupId,
            String mode,
            long eventsTotal,
            long eventsPresent,
            long eventsToAdd,
            long eventsErased,
            long itemsErased,
            long blobsTotal,
            long blobsPresent,
            long blobsToAdd,
            long mediaBytes,
            Map<String, BackupSection.Change> parts,
            List<String> refusals) {}

    private static PreviewView preview(RelayRestores.Preview p) {
        // what a restore leaves out for people erased from the relay (docs/erasure.md)
        long erasedEvents = p.eventsErased();
        long erasedItems = p.itemsErased();
        return new PreviewView(
                p.backupId(),
                p.mode(),
                p.eventsTotal(),
                p.eventsPresent(),
                p.eventsToAdd(),
                erasedEvents,
                erasedItems,
                p.blobsTotal(),
                p.blobsPresent(),
                p.blobsToAdd(),
                p.mediaBytes(),
                p.parts(),
                p.refusals());
    }
}
