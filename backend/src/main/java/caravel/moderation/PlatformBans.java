package caravel.moderation;

import caravel.bans.BanRule;
import caravel.bans.PlatformBanStore;
import caravel.bans.PlatformBanStore.Status;
import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Validation;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.PermanentFailure;
import caravel.members.Members;
import caravel.nostr.Nip19;
import caravel.relayaccess.OutcomeLog;
import caravel.relayaccess.RelayCalls;
import caravel.relays.RelayStateMachine;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToLongFunction;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A super-admin's ban of one pubkey on every relay Caravel hosts, and its undo. Each runs as a durable job that
 * works through the relays one at a time and records, per relay, what it did; a crash resumes where it stopped,
 * progress is visible while it runs, and undo lifts the ban exactly where this ban put it. A relay's owner is never
 * banned from their own relay.
 *
 * <p>A ban stands until it is undone: relays zooid is not serving when a pass runs are passed by and reached when they
 * are served again (reactivated, provisioned again: {@link #relayServed}), relays created later are reached once
 * provisioned, and a pass that failed on a served relay queues another pass, later each time ({@code retryDelayMs}),
 * until none fails. Meanwhile {@link BanRule} keeps the key out of every relay through Caravel.
 *
 * <p>zooid's banpubkey also removes the membership, and unbanpubkey does not give it back. So the ban records, per
 * relay, whether the pubkey was a member right before, and the undo adds it back there (as the per-relay unban can),
 * within the plan's member limit: a full relay is recorded as such and counted as failed, and undoing again retries
 * it. A relay where the pubkey was already banned keeps that ban; where the relay's owner banned, unbanned or removed
 * the pubkey since, the undo leaves their decision as it is (a removal: the ban is lifted, the membership not).
 *
 * <p>The ban and its undo run as one job per platform ban (one dedupe key), so they never run at once: an undo asked
 * while the ban is running takes over in that job once the relay in hand is recorded.
 *
 * @param retryDelayMs how long after its n-th failed pass in a row (from 1) the next pass runs
 */
public record PlatformBans(
        Clock clock,
        RelayStore relayStore,
        RelayManagement management,
        RelayCalls calls,
        OutcomeLog outcomes,
        BanEffects effects,
        JobQueue jobs,
        IntToLongFunction retryDelayMs)
        implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(PlatformBans.class);
    public static final String JOB = "community.platform_ban";

    /**
     * One relay's outcome. state: banned, already_banned, skipped, failed (banning: under way), waiting (not reached
     * yet: off now, or new). undoState: unbanned, restored, cap_full, left, failed; null until the undo visits it.
     */
    public record RelayOutcome(
            String relay,
            String subdomain,
            String name,
            String state,
            Boolean wasMember,
            String ownerActed,
            String undoState,
            String error) {}

    /** This job's own record: the platform bans, their passes and what each did on each relay. */
    private PlatformBanStore bans() {
        return effects.platformBans();
    }

    public Status start(String pubkey, String given, Actor actor) {
        String reason = Validation.reason(given);
        String id = Ids.newId();
        long now = Epoch.seconds(clock);
        bans().jdbi().useTransaction(h -> {
            if (bans().inProgress(h, pubkey))
                throw Failure.conflict("this pubkey is banned on every relay already (or its ban is being lifted)");
            bans().insertRunning(h, id, pubkey, reason, relayStore.countProvisioned(h), actor, now);
            enqueue(h, id);
        });
        return find(id).orElseThrow();
    }

    /**
     * Lifts the ban where it is in place (also while it is still being applied). Once undone, undoing again retries
     * only the relays where the undo failed or the relay was full; otherwise it is refused.
     */
    public Status undo(String id, Actor actor) {
        bans().jdbi().useTransaction(h -> {
            Status s = bans().find(h, id).orElseThrow(() -> Failure.notFound("platform ban not found"));
            boolean retry = s.status().equals("undone") && bans().countToUndo(h, id) > 0;
            if (!s.status().equals("done") && !s.status().equals("running") && !retry)
                throw Failure.conflict("this platform ban is already " + s.status());
            bans().startUndo(h, id, bans().countToUndo(h, id), Epoch.seconds(clock));
            // now, not at the time of a retry pass already queued under the same key
            jobs.enqueueNow(h, JOB, JobPayloads.write(new Run(id, null)), JOB + ":" + id, ATTEMPTS);
        });
        return find(id).orElseThrow();
    }

    /** The job's payload: which ban. What to do is the ban's status when the job runs (running: ban, undoing: undo). */
    record Run(String ban, String mode) {}

    private static final int ATTEMPTS = 20;

    private void enqueue(Handle h, String id) {
        jobs.enqueue(h, JOB, JobPayloads.write(new Run(id, null)), JOB + ":" + id, ATTEMPTS);
    }

    /** The bans {@code actors} started in [from, to), oldest first, a batch at a time (the activity export). */
    public void eachStartedBetween(
            caravel.store.Batches.Window window, java.util.function.Consumer<List<Status>> each) {
        bans().eachStartedBetween(window, each);
    }

    public List<Status> list() {
        return bans().recent().stream().map(this::counted).toList();
    }

    public Optional<Status> find(String id) {
        return bans().find(id).map(this::counted);
    }

    private Status counted(Status s) {
        return s.status().equals("running") || s.status().equals("done")
                ? s.withWaiting(bans().countWaiting(s.id()))
                : s;
    }

    /**
     * zooid took a relay's config: when it serves the relay now, every standing ban that has not reached it yet runs
     * a pass at once (a reactivated or new relay must not wait for a retry's backoff).
     */
    public void relayServed(String relayId) {
        Relay r = relayStore.find(relayId).orElse(null);
        if (r == null || !r.zooidCreated() || !RelayStateMachine.served(r.status())) return;
        List<String> pending = bans().standingNotOn(relayId);
        if (pending.isEmpty()) return;
        bans().jdbi().useTransaction(h -> {
            for (String id : pending)
                jobs.enqueueNow(h, JOB, JobPayloads.write(new Run(id, null)), JOB + ":" + id, ATTEMPTS);
        });
    }

    /** Every relay the ban visited, with what the ban and its undo did there. */
    public List<RelayOutcome> relays(String id) {
        if (find(id).isEmpty()) throw Failure.notFound("platform ban not found");
        List<RelayOutcome> out = new java.util.ArrayList<>(visited(id));
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (RelayOutcome o : out) listed.add(o.relay());
        for (String relayId : bans().waitingRelays(id)) {
            if (listed.contains(relayId)) continue;
            Relay r = relayStore.find(relayId).orElse(null);
            if (r == null) continue;
            out.add(new RelayOutcome(
                    relayId,
                    r.subdomain(),
                    r.name(),
                    "waiting",
                    null,
                    null,
                    null,
                    RelayStateMachine.served(r.status())
                            ? "not reached yet"
                            : "off now (" + r.status().wire().replace('_', ' ') + "): banned when it is back"));
        }
        return out;
    }

    private List<RelayOutcome> visited(String id) {
        return bans().rows(id).stream()
                .map(row -> {
                    Relay r = relayStore.find(row.relay()).orElse(null);
                    return new RelayOutcome(
                            row.relay(),
                            r == null ? null : r.subdomain(),
                            r == null ? null : r.name(),
                            row.state(),
                            row.wasMember(),
                            row.ownerActed(),
                            row.undoState(),
                            row.undoState() != null && row.undoError() != null ? row.undoError() : row.error());
                })
                .toList();
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
        Status s = find(id).orElseThrow(() -> new PermanentFailure("platform ban " + id + " is gone"));
        // a standing ban's later pass (a relay served again, a new relay, a retry)
        if (s.status().equals("done") && bans().reopen(id, Epoch.seconds(clock))) s = find(id).orElseThrow();
        if (s.status().equals("running")) {
            ban(s);
            s = find(id).orElseThrow();
        }
        // an undo asked while the ban ran (or asked before this job started) carries on here
        if (s.status().equals("undoing")) undo(s);
    }

    private void ban(Status s) {
        String id = s.id();
        List<String> toBan = bans().relaysToBan(id);
        bans().passTotal(id, toBan.size(), Epoch.seconds(clock));
        boolean servedFailed = false;
        for (String relayId : toBan) {
            if (!stillCurrent(id, "running")) return;
            Relay r = relayStore.find(relayId).orElse(null);
            if (r == null) continue;
            if (!RelayStateMachine.served(r.status()) && !r.tenant().equals(s.pubkey())) {
                // zooid does not serve it, so nobody can be on it now: reached when it is served again
                bans().passedOff(id, Epoch.seconds(clock));
                continue;
            }
            String state;
            String error = null;
            Boolean wasMember = null;
            if (r.tenant().equals(s.pubkey())) state = "skipped";
            else {
                try {
                    Optional<PlatformBanStore.RelayRow> before = bans().row(id, relayId);
                    boolean ours = before.map(x -> x.state().equals("banning")).orElse(false);
                    if (banned(r, s.pubkey())) {
                        // banned before this ban came: that is the owner's ban, which the undo must leave. Unless this
                        // job had marked it "banning" before stopping: then the ban found is its own.
                        state = ours ? "banned" : "already_banned";
                        wasMember = ours ? before.get().wasMember() : Boolean.FALSE;
                    } else {
                        wasMember = member(r, s.pubkey());
                        bans().banning(id, relayId, wasMember);
                        calls.call(r, "banpubkey", List.of(s.pubkey(), s.reason()), "apply the platform ban");
                        state = "banned";
                    }
                } catch (Failure e) {
                    state = "failed";
                    error = e.getMessage();
                }
            }
            String st = state;
            String err = error;
            Boolean m = wasMember;
            long now = Epoch.seconds(clock);
            bans().jdbi().useTransaction(h -> {
                bans().recordRelay(h, id, r.id(), st, m, err, now);
                // banned here (now or before): not a member, so no name of theirs vouches for them on this relay
                if (st.equals("banned") || st.equals("already_banned"))
                    effects.names().membershipEnded(h, r, s.pubkey(), Actor.stored(s.createdBy()));
                String what = switch (st) {
                    case "banned" ->
                        "Banned " + Nip19.shortNpub(s.pubkey()) + " on every relay (platform ban by an administrator)"
                                + (Boolean.TRUE.equals(m) ? "; they were a member here" : "");
                    case "already_banned" ->
                        "Platform ban of " + Nip19.shortNpub(s.pubkey())
                                + ": already banned here, so lifting the platform ban leaves this ban in place";
                    case "skipped" ->
                        "Platform ban of " + Nip19.shortNpub(s.pubkey()) + " skipped here: they own this relay";
                    default -> "Platform ban of " + Nip19.shortNpub(s.pubkey()) + " failed here: " + err;
                };
                outcomes.record(h, r, "platform_ban", what, Actor.stored(s.createdBy()), now);
            });
            if (st.equals("banned") || st.equals("already_banned"))
                effects.rule().announce(r, s.pubkey());
            if (st.equals("failed")) servedFailed = true;
        }
        long now = Epoch.seconds(clock);
        if (servedFailed) {
            // retried until it holds: a later pass visits exactly the relays not reached yet
            int retries = s.retries() + 1;
            long at = clock.millis() + retryDelayMs.applyAsLong(retries);
            bans().retry(id, retries, Math.ceilDiv(at, 1000), now);
            bans().jdbi()
                    .useHandle(h ->
                            jobs.enqueueAt(h, JOB, JobPayloads.write(new Run(id, null)), JOB + ":" + id, ATTEMPTS, at));
        } else bans().retry(id, 0, null, now);
        // an undo asked as the last relay was done takes over: this ban is then not "applied"
        if (bans().finish(id, false, now)) log.info("platform ban {} applied", id);
    }

    private void undo(Status s) {
        String id = s.id();
        List<PlatformBanStore.RelayRow> rows = bans().toUndo(id);
        bans().undoTotal(id, rows.size(), Epoch.seconds(clock));
        for (PlatformBanStore.RelayRow row : rows) {
            if (!stillCurrent(id, "undoing")) return;
            Relay r = relayStore.find(row.relay()).orElse(null);
            if (r == null) continue;
            // read again: the relay's owner may have acted since the list was read
            PlatformBanStore.RelayRow now = bans().row(id, row.relay()).orElse(row);
            String state;
            String error = null;
            if ("banned".equals(now.ownerActed()) || "unbanned".equals(now.ownerActed())) state = "left";
            else {
                try {
                    calls.call(r, "unbanpubkey", List.of(s.pubkey()), "lift the platform ban");
                    state = "unbanned";
                    // only where the ban took the membership away, and not where the owner removed them since
                    if (Boolean.TRUE.equals(now.wasMember()) && now.ownerActed() == null) {
                        try {
                            if (!member(r, s.pubkey()))
                                effects.members().add(r, s.pubkey(), Actor.stored(s.createdBy()));
                            state = "restored";
                        } catch (Members.CapReached e) {
                            state = "cap_full";
                            error = "The ban is lifted, but membership was not restored: " + e.getMessage();
                        } catch (Failure e) {
                            state = "failed";
                            error = "The ban is lifted, but membership was not restored: " + e.getMessage();
                        }
                    }
                } catch (Failure e) {
                    state = "failed";
                    error = e.getMessage();
                }
            }
            String st = state;
            String err = error;
            long at = Epoch.seconds(clock);
            bans().jdbi().useTransaction(h -> {
                bans().recordUndo(h, id, r.id(), st, err, at);
                String who = Nip19.shortNpub(s.pubkey());
                String what = switch (st) {
                    case "restored" ->
                        "Platform ban on " + who + " lifted by an administrator; their membership here is restored";
                    case "unbanned" ->
                        "Platform ban on " + who + " lifted by an administrator"
                                + ("removed".equals(now.ownerActed())
                                        ? " (not a member again: removed from this relay since)"
                                        : "");
                    case "cap_full" -> "Platform ban on " + who + " lifted by an administrator. " + err;
                    case "left" ->
                        "Platform ban on " + who + " not lifted here: this relay "
                                + ("banned".equals(now.ownerActed()) ? "banned" : "unbanned")
                                + " them itself since, and that stands";
                    default -> "Platform unban of " + who + " failed here: " + err;
                };
                outcomes.record(h, r, "platform_unban", what, Actor.stored(s.createdBy()), at);
            });
        }
        if (bans().finish(id, true, Epoch.seconds(clock))) log.info("platform ban {} undone", id);
    }

    private boolean member(Relay r, String pubkey) {
        for (RelayManagement.Member m : management.listMembers(r))
            if (m.pubkey().equals(pubkey)) return true;
        return false;
    }

    private boolean banned(Relay r, String pubkey) {
        JsonNode list = calls.call(r, "listbannedpubkeys", List.of(), "list its banned people");
        for (JsonNode b : list) if (b.path("pubkey").asText().equals(pubkey)) return true;
        return false;
    }

    private boolean stillCurrent(String id, String status) {
        return find(id).map(x -> x.status().equals(status)).orElse(false);
    }
}
