package caravel.community;

import caravel.domain.Failure;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.store.Ids;
import caravel.store.Relay;
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
    private final PlatformBanStore bans;

    public record Status(
            String id,
            String pubkey,
            String reason,
            String status,
            int total,
            int done,
            int failed,
            String lastError,
            String createdBy,
            long createdAt,
            long updatedAt) {}

    public PlatformBans(Deps d, JobQueue jobs, PlatformBanStore bans) {
        this.d = d;
        this.bans = bans;
        this.jobs = jobs;
    }

    public Status start(String pubkey, String reason, String actor) {
        String id = Ids.newId();
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            if (bans.inProgress(h, pubkey)) throw Failure.conflict("a platform ban of this pubkey is already running");
            bans.insertRunning(h, id, pubkey, reason, d.relayStore().countProvisioned(h), actor, now);
            enqueue(h, id, "ban");
        });
        return find(id).orElseThrow();
    }

    public Status undo(String id, String actor) {
        d.jdbi().useTransaction(h -> {
            Status s = bans.find(h, id).orElseThrow(() -> Failure.notFound("platform ban not found"));
            if (!s.status().equals("done") && !s.status().equals("running"))
                throw Failure.conflict("this platform ban is already " + s.status());
            bans.startUndo(h, id, bans.countBanned(h, id), d.now());
            enqueue(h, id, "undo");
        });
        return find(id).orElseThrow();
    }

    /** The job's payload: which ban, and whether to apply ("ban") or lift ("undo") it. */
    record Run(String ban, String mode) {}

    private void enqueue(Handle h, String id, String mode) {
        jobs.enqueue(h, JOB, JobPayloads.write(new Run(id, mode)), JOB + ":" + id + ":" + mode, 20);
    }

    public List<Status> list() {
        return bans.recent();
    }

    public Optional<Status> find(String id) {
        return bans.find(id);
    }

    @Override
    public void run(Job job) {
        Run p;
        try {
            p = JobPayloads.read(job.payload(), Run.class);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("platform ban payload is not JSON");
        }
        String id = p.ban();
        boolean undo = "undo".equals(p.mode());
        Status s = find(id).orElseThrow(() -> new PermanentFailure("platform ban " + id + " is gone"));
        if (!s.status().equals(undo ? "undoing" : "running")) return; // superseded (e.g. undone while banning)
        List<String> relayIds = undo ? bans.bannedRelays(id) : bans.relaysToBan(id);
        for (String relayId : relayIds) {
            if (!stillCurrent(id, undo)) return;
            Relay r = d.relayStore().find(relayId).orElse(null);
            if (r == null) continue;
            String state;
            String error = null;
            if (!undo && r.tenant().equals(s.pubkey())) state = "skipped";
            else {
                try {
                    if (undo)
                        d.rpc().call(d.access().target(r), "unbanpubkey", List.of(s.pubkey()), "lift the platform ban");
                    else
                        d.rpc()
                                .call(
                                        d.access().target(r),
                                        "banpubkey",
                                        List.of(s.pubkey(), s.reason()),
                                        "apply the platform ban");
                    state = undo ? "unbanned" : "banned";
                } catch (Failure e) {
                    state = "failed";
                    error = e.getMessage();
                }
            }
            record(id, r, state, error, s, undo);
        }
        bans.finish(id, undo, d.now());
        log.info("platform ban {} {}", id, undo ? "undone" : "applied");
    }

    private boolean stillCurrent(String id, boolean undo) {
        return find(id).map(x -> x.status().equals(undo ? "undoing" : "running"))
                .orElse(false);
    }

    private void record(String id, Relay r, String state, String error, Status s, boolean undo) {
        long now = d.now();
        d.jdbi().useTransaction(h -> {
            bans.recordRelay(h, id, r.id(), state, error, now);
            String what = switch (state) {
                case "banned" ->
                    "Banned " + Members.shortNpub(s.pubkey()) + " on every relay (platform ban by an administrator)";
                case "unbanned" -> "Platform ban on " + Members.shortNpub(s.pubkey()) + " lifted by an administrator";
                case "skipped" ->
                    "Platform ban of " + Members.shortNpub(s.pubkey()) + " skipped here: they own this relay";
                default ->
                    "Platform " + (undo ? "unban" : "ban") + " of " + Members.shortNpub(s.pubkey()) + " failed here: "
                            + error;
            };
            d.activity().add(h, r.tenant(), r.id(), undo ? "platform_unban" : "platform_ban", what, s.createdBy(), now);
        });
    }
}
