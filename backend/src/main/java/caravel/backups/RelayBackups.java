package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelayStatus;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.relayaccess.RelaySocket;
import caravel.robot.Robot;
import caravel.store.ActivityLog;
import caravel.store.Ids;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays' backups: taken on the owner's schedule (daily by default, weekly, or off) or now, as durable jobs (never on
 * a request thread); kept as many as the relay's plan says ({@link Plan#backupsKept()}); listed, and downloaded as one
 * zip archive streamed from the storage. A backup that fails is tried again with the job queue's backoff, and when it
 * keeps failing the owner is told by the robot's DM, with the reason; nothing already kept is touched by a failure.
 */
public final class RelayBackups implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(RelayBackups.class);
    public static final String JOB = "backups.take";
    public static final String SCHEDULE_JOB = "backups.schedule";
    /** How often the schedule is looked at: how late a due backup may start. */
    static final Duration PASS = Duration.ofMinutes(10);
    /** A backup is tried this many times (the queue's backoff between) before the owner is told. */
    static final int ATTEMPTS = 5;

    public static final List<String> SCHEDULES = List.of("daily", "weekly", "off");

    /** What the service is built from. */
    public record Parts(
            Jdbi jdbi,
            Clock clock,
            RelayBackupStore store,
            BackupStorage storage,
            RelayStore relays,
            Plans plans,
            JobQueue jobs,
            Robot robot,
            ActivityLog activity,
            caravel.insight.Insight insight) {}

    /** The take job's payload. */
    record Take(String backup) {}

    private final Parts p;
    private final BackupWriter writer;

    RelayBackups(Parts parts, BackupWriter writer) {
        this.p = parts;
        this.writer = writer;
    }

    public RelayBackupStore store() {
        return p.store();
    }

    public BackupStorage storage() {
        return p.storage();
    }

    public void register(JobRunner runner, Periodic periodic) {
        runner.register(JOB, this);
        runner.register(SCHEDULE_JOB, periodic.handler(SCHEDULE_JOB, PASS, 1, this::schedulePass));
    }

    /**
     * At start-up: the schedule's first pass a pass's length from now (unless one is queued), so a process that
     * starts and stops again at once (a deploy, a test) takes no backup; a backup due meanwhile waits that long.
     */
    public void schedule() {
        p.jdbi()
                .useHandle(h -> p.jobs()
                        .enqueueAt(
                                h,
                                SCHEDULE_JOB,
                                JobPayloads.NONE,
                                SCHEDULE_JOB,
                                1,
                                p.clock().millis() + PASS.toMillis()));
    }

    private long now() {
        return Epoch.seconds(p.clock());
    }

    /**
     * Queues a backup of the relay now and returns its id: the owner's "take now" and the schedule's. The backup
     * itself runs as a job (a deleted relay's final one does not: {@link #takeFinal}). While one is queued or running
     * for the relay, that one is the answer and no second is queued (a double click takes one backup).
     *
     * @param reason scheduled or manual
     */
    public String takeNow(Relay r, String reason, Actor actor) {
        return p.jdbi().inTransaction(h -> {
            Optional<String> underWay = p.store().underWay(h, r.id());
            if (underWay.isPresent()) return underWay.get();
            String id = Ids.newId();
            insert(h, id, r, reason, actor);
            p.jobs().enqueue(h, JOB, JobPayloads.write(new Take(id)), JOB + ":" + id, ATTEMPTS);
            return id;
        });
    }

    /**
     * A deleted relay's final backup (reason "final", never pruned), written at once on the caller's thread (the
     * retire job's, never a request's): the relay is stopped right after, and a stopped relay cannot be read, so it
     * cannot wait for the queue. One attempt: a failure is recorded on the backup and thrown.
     *
     * @return what was written, in the owner's words, for the activity log
     */
    public String takeFinal(Relay r, Actor actor) throws IOException {
        String id = Ids.newId();
        p.jdbi().useTransaction(h -> insert(h, id, r, "final", actor));
        p.store().started(id);
        try {
            var c = write(r, id);
            return "backup " + id + " (" + c.count("events") + " events, " + c.count("blobs") + " media files, "
                    + c.count("members") + " members), never pruned";
        } catch (RuntimeException | IOException e) {
            String why = describe(e);
            p.jdbi().useTransaction(h -> p.store().failed(h, id, why, now()));
            throw new IOException(why, e);
        }
    }

    private void insert(org.jdbi.v3.core.Handle h, String id, Relay r, String reason, Actor actor) {
        if (!r.zooidCreated())
            throw Failure.conflict("The relay has not been set up on its server yet, so there is nothing to back up.");
        p.store()
                .insert(
                        h,
                        new RelayBackupStore.Backup(
                                id,
                                r.id(),
                                r.tenant(),
                                reason,
                                "queued",
                                p.storage().kind(),
                                r.id() + "/" + id,
                                0,
                                0,
                                0,
                                0,
                                0,
                                0,
                                0,
                                null,
                                null,
                                null,
                                0,
                                actor.key(),
                                now(),
                                null));
    }

    /** Writes and verifies backup {@code id} of the relay, records it done with its counts, and prunes. */
    private Manifest write(Relay r, String id) throws IOException {
        p.storage().deleteAll(r.id() + "/" + id); // what an attempt that died part-way left
        BackupWriter.Written w = writer.write(r, p.plans().of(r.plan()), id, p.storage());
        var c = w.manifest();
        // zooid reports no per-relay media figure: the relay's insight shows this count until the next backup's
        if (w.mediaListed()) p.insight().mediaCounted(r.id(), c.count("media_bytes"), c.count("blobs"), now());
        p.store()
                .done(
                        id,
                        new RelayBackupStore.Counts(
                                c.count("events"),
                                c.count("blobs"),
                                c.count("media_bytes"),
                                c.count("members"),
                                c.count("bans"),
                                c.count("names"),
                                w.bytes()),
                        w.manifestSha256(),
                        c.mediaNote(),
                        now());
        p.activity()
                .add(
                        r.tenant(),
                        r.id(),
                        "backup_taken",
                        "Backup taken: " + c.count("events") + " events, " + c.count("blobs") + " media files, "
                                + c.count("members") + " members",
                        Actor.SYSTEM,
                        now());
        if (!w.unreadable().isEmpty()) tellUnreadable(r, id, w.unreadable());
        prune(r);
        return c;
    }

    /** The owner is told of blobs a backup kept without (activity and the robot's DM), once per backup. */
    private void tellUnreadable(Relay r, String id, List<BackupWriter.Unreadable> unreadable) {
        String what = BackupWriter.unreadableNote(unreadable);
        p.activity()
                .add(r.tenant(), r.id(), "backup_media_unreadable", "Backup " + id + ": " + what, Actor.SYSTEM, now());
        p.jdbi()
                .useTransaction(h -> p.robot()
                        .sendDm(
                                h,
                                r.tenant(),
                                "The backup of your relay \"" + r.name() + "\" was kept, events and all, without "
                                        + what.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + what.substring(1)
                                        + " A file the relay cannot serve whole is damaged on the relay's server;"
                                        + " if you have it elsewhere, upload it again.",
                                r.tenant(),
                                r.id(),
                                "backup-media-unreadable:" + id));
    }

    @Override
    public void run(Job job) throws Exception {
        String id = JobPayloads.read(job.payload(), Take.class).backup();
        Optional<RelayBackupStore.Backup> row = p.store().find(id);
        if (row.isEmpty() || row.get().status().equals("done")) return; // removed meanwhile, or done before a crash
        Relay r = p.relays().find(row.get().relayId()).orElse(null);
        if (r == null) throw new caravel.jobs.PermanentFailure("the relay is gone");
        p.store().started(id);
        try {
            write(r, id);
        } catch (RuntimeException | IOException e) {
            String why = describe(e);
            p.store().attemptFailed(id, why);
            log.info("relay {} backup {} attempt {} failed: {}", r.id(), id, job.attempts(), why);
            throw new IOException(why, e);
        }
    }

    /** Said to the owner and kept on the backup: the failure in words, never a stack trace or a credential. */
    static String describe(Exception e) {
        if (e instanceof RelaySocket.RelayUnavailable || e instanceof Failure)
            return "the relay could not be reached (" + e.getMessage() + ")";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void onGiveUp(Job job, String error) {
        String id = JobPayloads.read(job.payload(), Take.class).backup();
        p.store()
                .find(id)
                .ifPresent(b -> p.jdbi().useTransaction(h -> {
                    String why = b.error() == null ? error : b.error();
                    p.store().failed(h, id, why, now());
                    String name = p.relays().find(b.relayId()).map(Relay::name).orElse(b.relayId());
                    p.robot()
                            .sendDm(
                                    h,
                                    b.tenant(),
                                    "The backup of your relay \"" + name + "\" failed " + job.attempts()
                                            + " times and was given"
                                            + " up: " + why
                                            + ". Your earlier backups are kept; the next scheduled one tries"
                                            + " again, or take one now from the relay's page.",
                                    b.tenant(),
                                    b.relayId(),
                                    "backup-failed:" + id);
                }));
    }

    /** Queues a backup of every relay in service whose schedule says one is due. */
    void schedulePass() {
        long now = now();
        for (String id : p.relays().servedIds()) {
            Relay r = p.relays().find(id).orElse(null);
            if (r == null || r.status() != RelayStatus.ACTIVE || !r.zooidCreated()) continue;
            boolean due = p.jdbi().withHandle(h -> {
                String every = p.store().schedule(h, id);
                if (every.equals("off")) return false;
                long period = every.equals("weekly") ? 7 * 86_400 : 86_400;
                return p.store().lastTakenAt(h, id).map(t -> t + period <= now).orElse(true);
            });
            if (due) takeNow(r, "scheduled", Actor.SYSTEM);
        }
    }

    /** Keeps the newest {@link Plan#backupsKept()} finished backups of the relay (final ones are never pruned). */
    void prune(Relay r) {
        prune(r, null);
    }

    /**
     * As {@link #prune(Relay)}, {@code justKept} counted as the newest whatever the clock says (two backups made in
     * the same second are otherwise ordered by their random ids).
     */
    private void prune(Relay r, String justKept) {
        int keep = p.plans().byId(r.plan()).map(Plan::backupsKept).orElse(Plan.DEFAULT_BACKUPS_KEPT);
        List<RelayBackupStore.Backup> done = p.store().byRelay(r.id()).stream()
                .filter(b -> b.status().equals("done") && !b.reason().equals("final"))
                .sorted(java.util.Comparator.comparing(b -> !b.id().equals(justKept))) // stable: newest first stays
                .toList();
        for (RelayBackupStore.Backup old : done.subList(Math.min(keep, done.size()), done.size())) {
            try {
                p.storage().deleteAll(old.location());
                p.store().delete(old.id());
            } catch (IOException e) {
                log.warn("relay {} backup {} could not be removed: {}", r.id(), old.id(), e.getMessage());
            }
        }
        // failed attempts are kept for the owner to read, but not for ever
        List<RelayBackupStore.Backup> failed = p.store().byRelay(r.id()).stream()
                .filter(b -> b.status().equals("failed"))
                .toList();
        for (RelayBackupStore.Backup old : failed.subList(Math.min(keep, failed.size()), failed.size()))
            p.store().delete(old.id());
    }

    /**
     * Keeps a checked archive (unpacked in {@code dir}, each file named as its path with / as _) as a finished backup
     * of the relay, reason "upload": every file stored, then read back and checked as a backup written here is.
     */
    RelayBackupStore.Backup adopt(Relay r, Manifest m, java.nio.file.Path dir, Actor actor) throws IOException {
        String id = Ids.newId();
        String base = r.id() + "/" + id;
        p.jdbi()
                .useTransaction(h -> p.store()
                        .insert(
                                h,
                                new RelayBackupStore.Backup(
                                        id,
                                        r.id(),
                                        r.tenant(),
                                        "upload",
                                        "running",
                                        p.storage().kind(),
                                        base,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        0,
                                        null,
                                        null,
                                        null,
                                        0,
                                        actor.key(),
                                        now(),
                                        null)));
        try {
            long bytes = 0;
            for (Manifest.Entry e : m.files()) {
                p.storage().put(base + "/" + e.path(), dir.resolve(e.path().replace('/', '_')));
                bytes += e.size();
            }
            java.nio.file.Path mf = dir.resolve(Manifest.FILE);
            Digests.Sum ms = Digests.of(mf);
            p.storage().put(base + "/" + Manifest.FILE, mf);
            BackupWriter.verify(p.storage(), base + "/", m, ms.sha256());
            p.store()
                    .done(
                            id,
                            new RelayBackupStore.Counts(
                                    m.count("events"),
                                    m.count("blobs"),
                                    m.count("media_bytes"),
                                    m.count("members"),
                                    m.count("bans"),
                                    m.count("names"),
                                    bytes + ms.size()),
                            ms.sha256(),
                            m.mediaNote(),
                            now());
        } catch (IOException | RuntimeException e) {
            p.storage().deleteAll(base);
            p.store().delete(id);
            throw e;
        }
        p.activity()
                .add(
                        r.tenant(),
                        r.id(),
                        "backup_uploaded",
                        "Backup archive uploaded: " + m.count("events") + " events, " + m.count("blobs")
                                + " media files",
                        actor,
                        now());
        // an upload takes a kept place like any other backup: the oldest beyond the plan's count goes
        prune(r, id);
        return p.store().find(id).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------ reading

    public List<RelayBackupStore.Backup> list(Relay r) {
        return p.store().byRelay(r.id());
    }

    public String schedule(Relay r) {
        return p.store().schedule(r.id());
    }

    public int kept(Relay r) {
        return p.plans().byId(r.plan()).map(Plan::backupsKept).orElse(Plan.DEFAULT_BACKUPS_KEPT);
    }

    public void setSchedule(Relay r, String every, Actor actor) {
        if (every == null || !SCHEDULES.contains(every))
            throw Failure.invalidField("every", "every must be daily, weekly or off");
        p.store().setSchedule(r.id(), every, now());
        p.activity().add(r.tenant(), r.id(), "backup_schedule", "Backups set to " + every, actor, now());
    }

    /** A finished backup of this relay, or not found. */
    public RelayBackupStore.Backup finished(Relay r, String backupId) {
        RelayBackupStore.Backup b = p.store()
                .find(backupId)
                .filter(x -> x.relayId().equals(r.id()))
                .orElseThrow(() -> Failure.notFound("backup not found"));
        if (!b.status().equals("done"))
            throw Failure.conflict("That backup is " + b.status() + ", not finished: there is nothing to read yet.");
        return b;
    }

    /** The backup's manifest as stored, checked against the sum recorded when it was written. */
    public Manifest manifest(RelayBackupStore.Backup b) throws IOException {
        byte[] bytes;
        try (InputStream in = p.storage().open(b.location() + "/" + Manifest.FILE)) {
            bytes = in.readAllBytes();
        }
        String sum = caravel.nostr.Hex.encode(Digests.sha256().digest(bytes));
        if (b.manifestSha256() != null && !sum.equals(b.manifestSha256()))
            throw new IOException("the stored manifest.json of backup " + b.id() + " was changed since it was written");
        return Manifest.parse(bytes);
    }

    /**
     * Writes the backup as one zip archive: manifest.json first, then every file it lists, each streamed from the
     * storage (nothing is held whole in memory). What {@link BackupArchive#read} reads back for a restore.
     */
    public void download(RelayBackupStore.Backup b, OutputStream out, Actor actor) throws IOException {
        Manifest m = manifest(b);
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setLevel(Deflater.BEST_SPEED);
        zip.putNextEntry(new ZipEntry(Manifest.FILE));
        zip.write(m.bytes().length == 0 ? new byte[0] : readAll(b.location() + "/" + Manifest.FILE));
        zip.closeEntry();
        for (Manifest.Entry e : m.files()) {
            zip.putNextEntry(new ZipEntry(e.path()));
            try (InputStream in = p.storage().open(b.location() + "/" + e.path())) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
        p.activity()
                .add(b.tenant(), b.relayId(), "backup_downloaded", "Backup " + b.id() + " downloaded", actor, now());
    }

    private byte[] readAll(String key) throws IOException {
        try (InputStream in = p.storage().open(key)) {
            return in.readAllBytes();
        }
    }
}
