package caravel.community;

import caravel.domain.Failure;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.nostr.Json;
import caravel.store.Ids;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A super-admin's ban of one pubkey on every relay Caravel hosts, and its undo. Each runs as a durable job that
 * works through the relays one at a time and records, per relay, what it did; a crash resumes where it stopped,
 * progress is visible while it runs, and undo lifts the ban exactly where this ban put it. A relay's owner is never
 * banned from their own relay, and relays zooid is not serving are recorded as failed (retry by banning again).
 */
public final class PlatformBans implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(PlatformBans.class);
    public static final String JOB = "community.platform_ban";
    private final Deps d;
    private final JobQueue jobs;

    public record Status(String id, String pubkey, String reason, String status, int total, int done, int failed,
                         String lastError, String createdBy, long createdAt, long updatedAt) {}

    public PlatformBans(Deps d, JobQueue jobs) {
        this.d = d;
        this.jobs = jobs;
    }

    public Status start(String pubkey, String reason, String actor) {
        String id = Ids.newId();
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            boolean running = h.createQuery("SELECT count(*) FROM platform_bans WHERE pubkey = :p AND status IN ('running', 'undoing')")
                    .bind("p", pubkey).mapTo(Integer.class).one() > 0;
            if (running) throw Failure.conflict("a platform ban of this pubkey is already running");
            int total = h.createQuery("SELECT count(*) FROM relays WHERE zooid_created = 1").mapTo(Integer.class).one();
            h.createUpdate("""
                    INSERT INTO platform_bans (id, pubkey, reason, status, total, created_by, created_at, updated_at)
                    VALUES (:id, :p, :reason, 'running', :total, :by, :now, :now)""")
                    .bind("id", id).bind("p", pubkey).bind("reason", reason).bind("total", total).bind("by", actor).bind("now", now).execute();
            enqueue(h, id, "ban");
        });
        return find(id).orElseThrow();
    }

    public Status undo(String id, String actor) {
        d.jdbi().useTransaction(h -> {
            Status s = find(h, id).orElseThrow(() -> Failure.notFound("platform ban not found"));
            if (!s.status().equals("done") && !s.status().equals("running"))
                throw Failure.conflict("this platform ban is already " + s.status());
            int banned = h.createQuery("SELECT count(*) FROM platform_ban_relays WHERE ban = :id AND state = 'banned'")
                    .bind("id", id).mapTo(Integer.class).one();
            h.createUpdate("UPDATE platform_bans SET status = 'undoing', total = :t, done = 0, failed = 0, last_error = NULL, updated_at = :now WHERE id = :id")
                    .bind("t", banned).bind("now", d.now()).bind("id", id).execute();
            enqueue(h, id, "undo");
        });
        return find(id).orElseThrow();
    }

    private void enqueue(Handle h, String id, String mode) {
        jobs.enqueue(h, JOB, Json.MAPPER.createObjectNode().put("ban", id).put("mode", mode).toString(), JOB + ":" + id + ":" + mode, 20);
    }

    public List<Status> list() {
        return d.jdbi().withHandle(h -> h.createQuery("SELECT * FROM platform_bans ORDER BY created_at DESC, id LIMIT 200").map((rs, c) -> map(rs)).list());
    }

    public Optional<Status> find(String id) { return d.jdbi().withHandle(h -> find(h, id)); }

    private static Optional<Status> find(Handle h, String id) {
        return h.createQuery("SELECT * FROM platform_bans WHERE id = :id").bind("id", id).map((rs, c) -> map(rs)).findOne();
    }

    private static Status map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Status(rs.getString("id"), rs.getString("pubkey"), rs.getString("reason"), rs.getString("status"), rs.getInt("total"),
                rs.getInt("done"), rs.getInt("failed"), rs.getString("last_error"), rs.getString("created_by"),
                rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    @Override public void run(Job job) {
        JsonNode p;
        try {
            p = Json.parse(job.payload());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("platform ban payload is not JSON");
        }
        String id = p.path("ban").asText();
        boolean undo = p.path("mode").asText().equals("undo");
        Status s = find(id).orElseThrow(() -> new PermanentFailure("platform ban " + id + " is gone"));
        if (!s.status().equals(undo ? "undoing" : "running")) return; // superseded (e.g. undone while banning)
        List<String> relayIds = d.jdbi().withHandle(h -> undo
                ? h.createQuery("SELECT relay FROM platform_ban_relays WHERE ban = :id AND state = 'banned' ORDER BY relay").bind("id", id).mapTo(String.class).list()
                : h.createQuery("""
                        SELECT id FROM relays WHERE zooid_created = 1
                        AND id NOT IN (SELECT relay FROM platform_ban_relays WHERE ban = :id AND state IN ('banned', 'skipped'))
                        ORDER BY id""").bind("id", id).mapTo(String.class).list());
        for (String relayId : relayIds) {
            if (!stillCurrent(id, undo)) return;
            Relay r = d.relays().find(relayId).orElse(null);
            if (r == null) continue;
            String state;
            String error = null;
            if (!undo && r.tenant().equals(s.pubkey())) state = "skipped";
            else {
                try {
                    if (undo) d.rpc().call(d.access().target(r), "unbanpubkey", List.of(s.pubkey()), "lift the platform ban");
                    else d.rpc().call(d.access().target(r), "banpubkey", List.of(s.pubkey(), s.reason()), "apply the platform ban");
                    state = undo ? "unbanned" : "banned";
                } catch (Failure e) {
                    state = "failed";
                    error = e.getMessage();
                }
            }
            record(id, r, state, error, s, undo);
        }
        d.jdbi().useHandle(h -> h.createUpdate("UPDATE platform_bans SET status = :st, updated_at = :now WHERE id = :id AND status = :cur")
                .bind("st", undo ? "undone" : "done").bind("cur", undo ? "undoing" : "running").bind("now", d.now()).bind("id", id).execute());
        log.info("platform ban {} {}", id, undo ? "undone" : "applied");
    }

    private boolean stillCurrent(String id, boolean undo) {
        return find(id).map(x -> x.status().equals(undo ? "undoing" : "running")).orElse(false);
    }

    private void record(String id, Relay r, String state, String error, Status s, boolean undo) {
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            h.createUpdate("""
                    INSERT INTO platform_ban_relays (ban, relay, state, error) VALUES (:id, :relay, :state, :error)
                    ON CONFLICT (ban, relay) DO UPDATE SET state = :state, error = :error""")
                    .bind("id", id).bind("relay", r.id()).bind("state", state).bind("error", error).execute();
            h.createUpdate("""
                    UPDATE platform_bans SET done = done + 1, failed = failed + :f, last_error = coalesce(:error, last_error), updated_at = :now
                    WHERE id = :id""")
                    .bind("f", state.equals("failed") ? 1 : 0).bind("error", error).bind("now", now).bind("id", id).execute();
            String what = switch (state) {
                case "banned" -> "Banned " + Members.shortNpub(s.pubkey()) + " on every relay (platform ban by an administrator)";
                case "unbanned" -> "Platform ban on " + Members.shortNpub(s.pubkey()) + " lifted by an administrator";
                case "skipped" -> "Platform ban of " + Members.shortNpub(s.pubkey()) + " skipped here: they own this relay";
                default -> "Platform " + (undo ? "unban" : "ban") + " of " + Members.shortNpub(s.pubkey()) + " failed here: " + error;
            };
            d.activity().add(h, r.tenant(), r.id(), undo ? "platform_unban" : "platform_ban", what, s.createdBy(), now);
        });
    }
}
