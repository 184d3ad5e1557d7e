package caravel.backups;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RelayStatus;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.Periodic;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * When a relay's backups are taken: on the owner's schedule (daily by default, weekly, or off), looked at by a
 * periodic pass that queues a backup of each relay in service whose schedule says one is due ({@link BackupTaking}).
 */
public final class BackupSchedules {
    public static final String SCHEDULE_JOB = "backups.schedule";
    /** How often the schedule is looked at: how late a due backup may start. */
    static final Duration PASS = Duration.ofMinutes(10);

    public static final List<String> SCHEDULES = List.of("daily", "weekly", "off");

    private final Jdbi jdbi;
    private final Clock clock;
    private final JobQueue jobs;
    private final RelayStore relays;
    private final RelayBackupStore store;
    private final BackupTaking taking;
    private final BackupNotices notices;

    BackupSchedules(
            Jdbi jdbi,
            Clock clock,
            JobQueue jobs,
            RelayStore relays,
            RelayBackupStore store,
            BackupTaking taking,
            BackupNotices notices) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.jobs = jobs;
        this.relays = relays;
        this.store = store;
        this.taking = taking;
        this.notices = notices;
    }

    void register(JobRunner runner, Periodic periodic) {
        runner.register(SCHEDULE_JOB, periodic.handler(SCHEDULE_JOB, PASS, 1, this::schedulePass));
    }

    /**
     * At start-up: the schedule's first pass a pass's length from now (unless one is queued), so a process that
     * starts and stops again at once (a deploy, a test) takes no backup; a backup due meanwhile waits that long.
     */
    void start() {
        jdbi.useHandle(h ->
                jobs.enqueueAt(h, SCHEDULE_JOB, JobPayloads.NONE, SCHEDULE_JOB, 1, clock.millis() + PASS.toMillis()));
    }

    /** Queues a backup of every relay in service whose schedule says one is due. */
    void schedulePass() {
        long now = Epoch.seconds(clock);
        for (String id : relays.servedIds()) {
            Relay r = relays.find(id).orElse(null);
            if (r == null || r.status() != RelayStatus.ACTIVE || !r.zooidCreated()) continue;
            boolean due = jdbi.withHandle(h -> {
                String every = store.schedule(h, id);
                if (every.equals("off")) return false;
                long period = every.equals("weekly") ? 7 * 86_400 : 86_400;
                return store.lastTakenAt(h, id).map(t -> t + period <= now).orElse(true);
            });
            if (due) taking.takeNow(r, "scheduled", Actor.SYSTEM);
        }
    }

    /** The relay's schedule: daily, weekly or off. */
    public String of(Relay r) {
        return store.schedule(r.id());
    }

    public void set(Relay r, String every, Actor actor) {
        if (every == null || !SCHEDULES.contains(every))
            throw Failure.invalidField("every", "every must be daily, weekly or off");
        store.setSchedule(r.id(), every, Epoch.seconds(clock));
        notices.scheduleSet(r, every, actor);
    }
}
