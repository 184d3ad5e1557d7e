package caravel.robot;

import caravel.config.Config;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.nostr.Nip17;
import caravel.nostr.RelayClient;
import caravel.store.ActivityLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's Nostr identity (ROBOT_SECRET): its profile and relay lists ({@link RobotProfile}) and the direct
 * messages it sends and receives ({@link DirectMessages}, to the inboxes {@link DmInboxes} finds). All network work
 * runs in jobs; what callers do here is queue them.
 */
public final class Robot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Robot.class);
    public static final String DM_JOB = "dm.send";
    public static final String PROFILE_JOB = "robot.profile";

    public record Settings(
            RelayClient.Options relay,
            Duration inboxCacheTtl,
            Duration fallbackCacheTtl,
            int dmMaxAttempts,
            int profileMaxAttempts,
            Duration profileRefresh) {
        public static Settings defaults() {
            return new Settings(
                    RelayClient.Options.defaults(),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(2),
                    15,
                    10,
                    Duration.ofHours(24));
        }

        public Settings withRelay(RelayClient.Options o) {
            return new Settings(o, inboxCacheTtl, fallbackCacheTtl, dmMaxAttempts, profileMaxAttempts, profileRefresh);
        }

        public Settings withDmMaxAttempts(int n) {
            return new Settings(relay, inboxCacheTtl, fallbackCacheTtl, n, profileMaxAttempts, profileRefresh);
        }

        public Settings withInboxCacheTtl(Duration found, Duration fallback) {
            return new Settings(relay, found, fallback, dmMaxAttempts, profileMaxAttempts, profileRefresh);
        }
    }

    private final Keys keys;
    private final Jdbi jdbi;
    private final Settings settings;
    private final DmInboxes inboxes;
    private final DirectMessages messages;
    private final RobotProfile profile;
    private ScheduledExecutorService refresher;

    public Robot(
            Config.Robot config,
            RelayClient client,
            Jdbi jdbi,
            JobQueue jobs,
            ActivityLog activity,
            Clock clock,
            Settings settings) {
        this.keys = config.keys();
        this.jdbi = jdbi;
        this.settings = settings;
        this.inboxes = new DmInboxes(config, client, clock, settings);
        this.messages = new DirectMessages(config, client, inboxes, jobs, activity, clock, settings.dmMaxAttempts());
        this.profile =
                new RobotProfile(config, client, jobs, clock, settings.profileMaxAttempts(), settings.profileRefresh());
    }

    public String pubkey() {
        return keys.pubkey();
    }

    public void register(JobRunner runner) {
        runner.register(DM_JOB, messages);
        runner.register(PROFILE_JOB, profile);
    }

    /**
     * Queues the profile check now (a database write only: the job runner does the network work in the
     * background) and again every {@code profileRefresh}, in case a relay lost the events.
     */
    public synchronized void start() {
        if (refresher != null) return;
        queueProfileCheck();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "robot-profile-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = settings.profileRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::queueProfileCheck, every, every, TimeUnit.MILLISECONDS);
    }

    private void queueProfileCheck() {
        try {
            jdbi.useTransaction(this::enqueueProfile);
        } catch (RuntimeException e) {
            log.warn("robot: could not queue the profile check: {}", e.getMessage());
        }
    }

    public void enqueueProfile(Handle h) {
        profile.enqueue(h);
    }

    @Override
    public synchronized void close() {
        if (refresher != null) refresher.shutdownNow();
        refresher = null;
    }

    /** Queues a DM in the caller's transaction (see {@link #sendDm(Handle, String, String, String, String, String)}). */
    public boolean sendDm(Handle h, String recipientPubkey, String message, String tenant, String relayId) {
        return sendDm(h, recipientPubkey, message, tenant, relayId, null);
    }

    /**
     * Queues a NIP-17 DM to {@code recipientPubkey} (hex or npub) as a durable job in the caller's transaction.
     * With a {@code dedupeKey}, a DM with that key is sent at most once ever (e.g. "invoice-paid:&lt;invoice id&gt;"):
     * a second call returns false and queues nothing. {@code tenant} and {@code relayId} (nullable) say where the
     * outcome goes in the activity log; a null tenant means the recipient.
     *
     * @return true when a job was queued
     * @throws IllegalArgumentException for a malformed recipient or an empty or too long message
     */
    public boolean sendDm(
            Handle h, String recipientPubkey, String message, String tenant, String relayId, String dedupeKey) {
        return messages.queue(h, recipientPubkey, message, tenant, relayId, dedupeKey);
    }

    /** The recipient's DM relays (see {@link DmInboxes}), cached for a while. Blocks on relays. */
    public DmInboxes.Inbox inbox(String pubkey) {
        return inboxes.of(pubkey);
    }

    /**
     * DMs sent to the robot (kind 14 in gift wraps on its messaging relays) written at or after {@code since},
     * oldest first, each once. Wraps that do not open or verify are skipped. Blocks on relays: not for request threads.
     */
    public List<Nip17.Message> readInbox(long since) {
        return messages.read(since);
    }

    /** Runs the profile check now, on the caller's thread (see {@link RobotProfile}). Blocks on relays. */
    public RobotProfile.Report publishProfile() {
        return profile.publish();
    }

    /** The newest event of a replaceable kind by one author, or null. */
    static Event newest(List<Event> events, String pubkey, int kind) {
        Event best = null;
        for (Event e : events) {
            if (e.kind() != kind || !e.pubkey().equals(pubkey)) continue;
            if (best == null || e.createdAt() > best.createdAt()) best = e;
        }
        return best;
    }
}
