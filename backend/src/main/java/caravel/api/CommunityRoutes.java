package caravel.api;

import caravel.admission.Admitting;
import caravel.auth.Principal;
import caravel.community.Community;
import caravel.domain.Failure;
import caravel.domain.RelayAction;
import caravel.domain.RelayRole;
import caravel.http.Body;
import caravel.http.RateLimits;
import caravel.http.RequestBodies;
import caravel.relayaccess.NotProvisioned;
import caravel.store.Relay;
import caravel.store.RelayStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Community routes: members, invites, bans, reports, content, export, and the super-admin's platform bans. */
public record CommunityRoutes(
        Community c, Admitting admitting, RelayStore relayStore, RateLimits rateLimits, RelayGate gate)
        implements Server.Routes {
    private static final Pattern EVENT_ID = Pattern.compile("[0-9a-f]{64}");
    private static final String PUBKEY_ERROR = "pubkey must be 64 hex characters or an npub";
    /** Removal goes through paid admission: someone who paid is not sold a renewal after the owner removed them. */
    @Override
    public void register(Javalin app, Server.Auth auth) {
        members(app, auth);
        invites(app, auth);
        bans(app, auth);
        reports(app, auth);
        content(app, auth);
        exportAndImport(app, auth);
        platformBans(app, auth);
        moves(app, auth);
    }

    /** Members: listed with profiles and the plan's allowance, added within it, removed. */
    private void members(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/members", auth.required(ctx -> ctx.json(c.members.list(relay(ctx, RelayAction.VIEW)))));
        app.post("/relays/{id}/members", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey"));
            ctx.status(201)
                    .json(c.members.add(r, Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR), Http.actor(ctx)));
        }));
        app.delete("/relays/{id}/members/{pubkey}", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            admitting.removeByOwner(r, Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR), Http.actor(ctx));
            ctx.status(204);
        }));
        app.get(
                "/relays/{id}/capabilities",
                auth.required(ctx -> ctx.json(c.capabilities.view(c.access.target(relay(ctx, RelayAction.VIEW))))));
    }

    /** Invite links and claim codes. */
    private void invites(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/invite", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            ctx.json(c.invites.invite(r, Http.actor(ctx)));
        }));
        app.get(
                "/relays/{id}/invites",
                auth.required(ctx -> ctx.json(new Views.Items<>(c.invites.list(relay(ctx, RelayAction.MODERATE))))));
        app.post("/relays/{id}/invites", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            byte[] raw = Server.body(ctx);
            String code = raw.length == 0
                    ? null
                    : Body.parse(raw, Set.of("code"))
                            .string("code")
                            .filter(s -> !s.isBlank())
                            .orElse(null);
            ctx.status(201).json(c.invites.create(r, code, Http.actor(ctx)));
        }));
        app.delete("/relays/{id}/invites/{code}", auth.required(ctx -> {
            c.invites.revoke(relay(ctx, RelayAction.MODERATE), ctx.pathParam("code"), Http.actor(ctx));
            ctx.status(204);
        }));
    }

    /** Bans on one relay. */
    private void bans(Javalin app, Server.Auth auth) {
        app.get(
                "/relays/{id}/bans",
                auth.required(ctx -> ctx.json(new Views.Items<>(c.banList.list(relay(ctx, RelayAction.MODERATE))))));
        app.post("/relays/{id}/bans", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey", "reason", "until"));
            String pubkey = Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR);
            Long until = b.has("until") && !b.isNull("until") ? b.longValue("until") : null;
            c.moderation.ban(r, pubkey, reason(b), until, Http.actor(ctx));
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("pubkey", pubkey);
            out.put("banned", true);
            out.put("until", until);
            ctx.status(201).json(out);
        }));
        app.delete("/relays/{id}/bans/{pubkey}", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            boolean restore = bool(ctx, "restore_membership");
            // a platform ban standing here is the owner's alone to lift (an administrator acts as the owner)
            boolean byOwner = RelayGate.role(ctx) == RelayRole.OWNER;
            boolean restored = c.moderation.unban(
                    r, Http.pubkey(ctx.pathParam("pubkey"), PUBKEY_ERROR), restore, byOwner, Http.actor(ctx));
            ctx.json(Map.of("unbanned", true, "membership_restored", restored));
        }));
    }

    /** Reports of content: one relay's queue, and the open counts per relay for the menus. */
    private void reports(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/reports", auth.required(ctx -> {
            String status = Http.enumParam(ctx, "status", Set.of("open", "all"));
            ctx.json(new Views.Items<>(c.reports.list(relay(ctx, RelayAction.MODERATE), "all".equals(status))));
        }));
        app.post("/relays/{id}/reports/{report}", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            String report = eventId(ctx.pathParam("report"), "report id");
            Body b = Body.parse(Server.body(ctx), Set.of("action", "reason"));
            String action = b.requiredString("action");
            c.reports.act(r, report, action, reason(b), Http.actor(ctx));
            c.queue.reportActed(r, report, action, Http.actor(ctx)); // its event's row in the queue is decided too
            ctx.json(Map.of("report", report, "status", "closed"));
        }));
        app.get("/reports/open", auth.required(ctx -> {
            Principal p = Http.principal(ctx);
            if (bool(ctx, "all")) {
                if (!p.admin()) throw Failure.forbidden("only administrators can see every relay's reports");
                ctx.json(Map.of("counts", c.store.openReportCounts()));
                return;
            }
            String tenant = Http.query(ctx, "tenant");
            String who = tenant == null || tenant.isBlank()
                    ? p.pubkey()
                    : Http.pubkey(tenant, "tenant must be a 64-hex public key or an npub");
            if (!p.canAccessTenant(who)) throw Failure.forbidden("only administrators can see other accounts' reports");
            Set<String> ids = new HashSet<>(relayStore.idsByTenant(who));
            // one's own counts include the relays one helps moderate (an administrator asking for another account
            // sees that account's relays only)
            if (who.equals(p.pubkey())) ids.addAll(gate.check().helpsWith(who, RelayAction.MODERATE));
            ctx.json(Map.of("counts", c.store.openReportCounts(ids)));
        }));
    }

    /** The relay's events: browsed, deleted, and a deletion undone. */
    private void content(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/events", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            List<Integer> kinds = kinds(Http.query(ctx, "kinds"));
            String author = Http.query(ctx, "author");
            author = author == null || author.isBlank()
                    ? null
                    : Http.pubkey(author, "author must be 64 hex characters or an npub");
            String until = Http.query(ctx, "until");
            Long u = null;
            if (until != null && !until.isBlank()) {
                try {
                    u = Long.parseLong(until.trim());
                    if (u < 0) throw new NumberFormatException();
                } catch (NumberFormatException e) {
                    throw Failure.invalidField("until", "until must be a unix time in seconds");
                }
            }
            int limit = Http.intParam(ctx, "limit", 50, 1, 500);
            // the relay's own membership records are hidden unless asked for (shown read-only then)
            boolean system = "true".equals(Http.query(ctx, "system"));
            ctx.json(c.content.events(r, kinds, author, u, limit, system));
        }));
        app.delete("/relays/{id}/events/{event}", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            String id = eventId(ctx.pathParam("event"), "event id");
            byte[] raw = Server.body(ctx);
            String reason = raw.length == 0 ? "" : reason(Body.parse(raw, Set.of("reason")));
            c.content.deleteEvent(r, id, reason, Http.actor(ctx));
            ctx.status(204);
        }));
        app.post("/relays/{id}/events/{event}/allow", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.MODERATE);
            c.content.undoDelete(r, eventId(ctx.pathParam("event"), "event id"), Http.actor(ctx));
            ctx.json(Map.of(
                    "allowed",
                    true,
                    "note",
                    "the deleted event is gone for good; it reappears only if someone publishes it again"));
        }));
        app.get(
                "/relays/{id}/deleted-events",
                auth.required(ctx -> ctx.json(new Views.Items<>(
                        c.store.eventBans(relay(ctx, RelayAction.MODERATE).id())))));
    }

    /** Export to JSON lines, and import of them. */
    private void exportAndImport(Javalin app, Server.Auth auth) {
        app.get("/relays/{id}/export", auth.required(ctx -> {
            Relay r = relay(ctx, RelayAction.SETTINGS);
            ctx.contentType("application/x-ndjson; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + r.subdomain() + "-events.jsonl\"");
            ctx.header("Cache-Control", "no-store");
            // streamed straight to the response: nothing is collected in memory
            OutputStream out = ctx.res().getOutputStream();
            c.exporter.export(r, out, Http.actor(ctx));
        }));

        // JSON lines streamed from the request into the relay, with its own bound (not the 64 KiB one)
        app.post("/relays/{id}/import", auth.streamed(ctx -> {
            Relay r = relay(ctx, RelayAction.SETTINGS);
            if (!RequestBodies.isNdjson(ctx.header("Content-Type"))) {
                ctx.header("Connection", "close"); // the body is never read
                throw new Failure(
                        Failure.Kind.UNSUPPORTED_FORMAT,
                        "an import must be JSON lines, one event per line (Content-Type: application/x-ndjson)");
            }
            rateLimits.importRequest(Http.principal(ctx).pubkey()); // counts only imports that will read a body
            long declared = ctx.req().getContentLengthLong();
            try {
                ctx.json(c.importer.importLines(r, ctx.req().getInputStream(), declared, Http.actor(ctx)));
            } catch (Failure f) {
                if (f.kind() == Failure.Kind.TOO_LARGE) ctx.header("Connection", "close");
                throw f;
            }
        }));
    }

    /** The super-admin's moves of a relay to another zooid node (a durable job in steps; its URL never changes). */
    private void moves(Javalin app, Server.Auth auth) {
        app.post("/admin/relays/{id}/move", auth.admin(ctx -> {
            Body b = Body.parse(Server.body(ctx), Set.of("node"));
            ctx.status(202)
                    .json(moveView(c.moves.start(ctx.pathParam("id"), b.requiredString("node"), Http.actor(ctx))));
        }));
        // a relay that never moved answers 204: the admin's relay page asks on every visit, and a 404 there would
        // read (and log, in the browser) as an error
        app.get("/admin/relays/{id}/move", auth.admin(ctx -> {
            String id = ctx.pathParam("id");
            if (relayStore.find(id).isEmpty()) throw Failure.notFound("relay not found");
            c.moves.store().latest(id).ifPresentOrElse(m -> ctx.json(moveView(m)), () -> ctx.status(204));
        }));
    }

    private static Map<String, Object> moveView(caravel.moves.MoveStore.Move m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("relay_id", m.relayId());
        out.put("from_node", m.fromNode());
        out.put("to_node", m.toNode());
        out.put("step", m.step().text());
        out.put("events", m.events());
        out.put("error", m.error());
        out.put("started_at", m.startedAt());
        out.put("switched_at", m.switchedAt());
        out.put("updated_at", m.updatedAt());
        return out;
    }

    /** The super-admin's platform bans: a ban on every relay. */
    private void platformBans(Javalin app, Server.Auth auth) {
        app.get("/admin/platform-bans", auth.admin(ctx -> ctx.json(new Views.Items<>(c.platformBans.list()))));
        app.post("/admin/platform-bans", auth.admin(ctx -> {
            Body b = Body.parse(Server.body(ctx), Set.of("pubkey", "reason"));
            ctx.status(201)
                    .json(c.platformBans.start(
                            Http.pubkey(b.requiredString("pubkey"), PUBKEY_ERROR), reason(b), Http.actor(ctx)));
        }));
        app.get(
                "/admin/platform-bans/{ban}",
                auth.admin(ctx -> ctx.json(c.platformBans
                        .find(ctx.pathParam("ban"))
                        .orElseThrow(() -> Failure.notFound("platform ban not found")))));
        app.get(
                "/admin/platform-bans/{ban}/relays",
                auth.admin(ctx -> ctx.json(new Views.Items<>(c.platformBans.relays(ctx.pathParam("ban"))))));
        app.post(
                "/admin/platform-bans/{ban}/undo",
                auth.admin(ctx -> ctx.json(c.platformBans.undo(ctx.pathParam("ban"), Http.actor(ctx)))));
    }

    /** The relay if the caller may {@code action} it (404 or 403 otherwise: {@link RelayGate}), provisioned. */
    private Relay relay(Context ctx, RelayAction action) {
        return NotProvisioned.require(gate.relay(ctx, action));
    }

    /** The reason as sent; its rule (Validation.reason) is the moderation service's, where every path passes. */
    private static String reason(Body b) {
        return b.string("reason").orElse("");
    }

    private static String eventId(String v, String what) {
        if (v == null || !EVENT_ID.matcher(v).matches())
            throw Failure.invalid(what + " must be 64 lowercase hex characters");
        return v;
    }

    private static boolean bool(Context ctx, String name) {
        String v = Http.query(ctx, name);
        if (v == null || v.isBlank() || v.equals("false") || v.equals("0")) return false;
        if (v.equals("true") || v.equals("1")) return true;
        throw Failure.invalid(name + " must be true or false");
    }

    private static List<Integer> kinds(String v) {
        if (v == null || v.isBlank()) return null;
        List<Integer> out = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            try {
                int k = Integer.parseInt(s.trim());
                if (k < 0 || k > 65535) throw new NumberFormatException();
                out.add(k);
            } catch (NumberFormatException e) {
                throw Failure.invalidField("kinds", "kinds must be a comma-separated list of numbers from 0 to 65535");
            }
            if (out.size() > 20) throw Failure.invalidField("kinds", "at most 20 kinds");
        }
        return out;
    }
}
