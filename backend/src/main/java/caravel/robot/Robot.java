package caravel.robot;

import caravel.config.Config;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.jobs.JobRunner;
import caravel.jobs.PermanentFailure;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Json;
import caravel.nostr.Keys;
import caravel.nostr.Nip17;
import caravel.nostr.Nip19;
import caravel.nostr.Nip59;
import caravel.nostr.Nip65;
import caravel.nostr.RelayClient;
import caravel.nostr.Rumor;
import caravel.store.ActivityLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's Nostr identity (ROBOT_SECRET). It keeps its kind 0 profile, kind 10002 relay list and kind 10050
 * DM relay list current on its outbox and indexer relays, and sends NIP-17 direct messages as durable jobs.
 *
 * <p>Where a DM goes: the recipient's newest kind 10050 relays, looked up on the indexer relays. When the recipient
 * has none, the read relays of their kind 10002 list; when they have neither, the robot's own messaging relays
 * (the relays a client that follows the robot's conversation is most likely to read). A DM counts as sent when at
 * least one of those relays answers OK; otherwise the job retries with backoff and, when it gives up, logs
 * {@code dm_failed}. Nothing here runs on an HTTP request thread except the enqueue itself.
 */
public final class Robot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Robot.class);
    public static final String DM_JOB = "dm.send";
    public static final String PROFILE_JOB = "robot.profile";
    /** Recipient relay lists are someone else's data: never fan out to more than this many relays. */
    static final int MAX_RECIPIENT_RELAYS = 8;

    public record Settings(RelayClient.Options relay, Duration inboxCacheTtl, Duration fallbackCacheTtl,
                           int dmMaxAttempts, int profileMaxAttempts, Duration profileRefresh) {
        public static Settings defaults() {
            return new Settings(RelayClient.Options.defaults(), Duration.ofMinutes(10), Duration.ofMinutes(2), 15, 10, Duration.ofHours(24));
        }

        public Settings withRelay(RelayClient.Options o) { return new Settings(o, inboxCacheTtl, fallbackCacheTtl, dmMaxAttempts, profileMaxAttempts, profileRefresh); }

        public Settings withDmMaxAttempts(int n) { return new Settings(relay, inboxCacheTtl, fallbackCacheTtl, n, profileMaxAttempts, profileRefresh); }

        public Settings withInboxCacheTtl(Duration found, Duration fallback) { return new Settings(relay, found, fallback, dmMaxAttempts, profileMaxAttempts, profileRefresh); }
    }

    /** Where the recipient's DM relays came from. */
    public enum InboxSource { DM_RELAYS, READ_RELAYS, ROBOT_MESSAGING_RELAYS }

    public record Inbox(List<String> relays, InboxSource source) {}

    private record CachedInbox(Inbox inbox, long expiresAtMs) {}

    /** What the profile job found and did, per relay and kind: "current", "published" or "failed: ...". */
    public record ProfileReport(Map<String, Map<Integer, String>> relays) {
        public boolean allCurrent() {
            return relays.values().stream().flatMap(m -> m.values().stream()).noneMatch(s -> s.startsWith("failed"));
        }

        public int published() {
            return (int) relays.values().stream().flatMap(m -> m.values().stream()).filter(s -> s.equals("published")).count();
        }
    }

    private static final List<Integer> PROFILE_KINDS = List.of(0, Nip65.RELAY_LIST, Nip17.DM_RELAYS);

    private final Config.Robot config;
    private final Keys keys;
    private final RelayClient client;
    private final Jdbi jdbi;
    private final JobQueue jobs;
    private final ActivityLog activity;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, CachedInbox> inboxCache = new ConcurrentHashMap<>();
    private ScheduledExecutorService refresher;

    public Robot(Config.Robot config, RelayClient client, Jdbi jdbi, JobQueue jobs, ActivityLog activity, Clock clock, Settings settings) {
        this.config = config;
        this.keys = config.keys();
        this.client = client;
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.activity = activity;
        this.clock = clock;
        this.settings = settings;
    }

    public String pubkey() { return keys.pubkey(); }

    public void register(JobRunner runner) {
        runner.register(DM_JOB, new DmHandler());
        runner.register(PROFILE_JOB, new ProfileHandler());
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
        jobs.enqueue(h, PROFILE_JOB, JobPayloads.NONE, PROFILE_JOB, settings.profileMaxAttempts());
    }

    @Override public synchronized void close() {
        if (refresher != null) refresher.shutdownNow();
        refresher = null;
    }

    // ------------------------------------------------------------------------------------------------ DMs

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
    public boolean sendDm(Handle h, String recipientPubkey, String message, String tenant, String relayId, String dedupeKey) {
        String to = Nip19.parsePubkey(recipientPubkey);
        long now = clock.millis() / 1000;
        Nip59.checkSize(Nip17.chatMessage(keys.pubkey(), List.of(to), message, now, null)); // fail now, not in the job
        // job dedupe keys share one namespace with other job kinds: keep ours under "dm:"
        String key = dedupeKey == null ? null : dedupeKey.startsWith("dm:") ? dedupeKey : "dm:" + dedupeKey;
        if (key != null) {
            if (jobs.everQueued(h, DM_JOB, key)) return false;
        }
        // created_at is fixed here so every retry re-sends the same rumor (same id)
        var payload = new DmJob(to, message, tenant == null ? to : tenant, relayId, now);
        jobs.enqueue(h, DM_JOB, JobPayloads.write(payload), key, settings.dmMaxAttempts());
        return true;
    }

    /** The recipient's DM relays per the rule in the class comment, cached for a while. */
    public Inbox inbox(String pubkey) {
        long now = clock.millis();
        CachedInbox c = inboxCache.get(pubkey);
        if (c != null && c.expiresAtMs() > now) return c.inbox();
        RelayClient.QueryResult r = client.query(config.indexerRelays(),
                List.of(Filter.any().authors(pubkey).kinds(Nip17.DM_RELAYS, Nip65.RELAY_LIST))).join();
        if (!r.anyComplete() && r.events().isEmpty())
            throw new IllegalStateException("could not look up the recipient's relays on any indexer: " + r.describe());
        Inbox inbox = null;
        Event dmList = newest(r.events(), pubkey, Nip17.DM_RELAYS);
        if (dmList != null && !Nip17.dmRelays(dmList).isEmpty()) inbox = new Inbox(cap(Nip17.dmRelays(dmList)), InboxSource.DM_RELAYS);
        if (inbox == null) {
            Event relayList = newest(r.events(), pubkey, Nip65.RELAY_LIST);
            List<String> read = relayList == null ? List.of() : Nip65.parse(relayList).read();
            if (!read.isEmpty()) inbox = new Inbox(cap(read), InboxSource.READ_RELAYS);
        }
        if (inbox == null) inbox = new Inbox(config.messagingRelays(), InboxSource.ROBOT_MESSAGING_RELAYS);
        Duration ttl = inbox.source() == InboxSource.DM_RELAYS ? settings.inboxCacheTtl() : settings.fallbackCacheTtl();
        if (inboxCache.size() > 10_000) inboxCache.values().removeIf(e -> e.expiresAtMs() <= now);
        inboxCache.put(pubkey, new CachedInbox(inbox, now + ttl.toMillis()));
        return inbox;
    }

    public void forgetInbox(String pubkey) { inboxCache.remove(pubkey); }

    /**
     * DMs sent to the robot (kind 14 in gift wraps on its messaging relays) written at or after {@code since},
     * oldest first, each once. Wraps that do not open or verify are skipped. Blocks on relays: not for request threads.
     */
    public List<Nip17.Message> readInbox(long since) {
        // wrap timestamps are pushed up to two days into the past, so look that much further back
        Filter f = Filter.any().kinds(Nip59.GIFT_WRAP).tag('p', keys.pubkey()).since(since - Nip59.TWO_DAYS_SECONDS);
        RelayClient.QueryResult r = client.query(config.messagingRelays(), List.of(f)).join();
        Map<String, Nip17.Message> byId = new LinkedHashMap<>();
        for (Event e : r.events()) {
            try {
                Nip17.Message m = Nip17.read(keys, e);
                if (m.createdAt() >= since) byId.putIfAbsent(m.id(), m);
            } catch (IllegalArgumentException ex) {
                log.debug("robot inbox: skipping gift wrap {}: {}", e.id(), ex.getMessage());
            }
        }
        List<Nip17.Message> out = new ArrayList<>(byId.values());
        out.sort(java.util.Comparator.comparingLong(Nip17.Message::createdAt));
        return out;
    }

    private static List<String> cap(List<String> relays) {
        return relays.size() <= MAX_RECIPIENT_RELAYS ? relays : relays.subList(0, MAX_RECIPIENT_RELAYS);
    }

    private static Event newest(List<Event> events, String pubkey, int kind) {
        Event best = null;
        for (Event e : events) {
            if (e.kind() != kind || !e.pubkey().equals(pubkey)) continue;
            if (best == null || e.createdAt() > best.createdAt()) best = e;
        }
        return best;
    }

    /** Result of one delivery attempt. */
    public record Delivery(Inbox inbox, Map<String, RelayClient.PublishResult> results) {
        public List<String> accepted() { return results.values().stream().filter(RelayClient.PublishResult::ok).map(RelayClient.PublishResult::relay).toList(); }

        public List<String> failures() { return results.values().stream().filter(r -> !r.ok()).map(RelayClient.PublishResult::describe).toList(); }
    }

    private final class DmHandler implements JobHandler {
        @Override public void run(Job job) {
            JsonNode p = payload(job);
            String to = p.path("to").asText();
            Inbox inbox = inbox(to);
            Rumor rumor = Nip17.chatMessage(keys.pubkey(), List.of(to), p.path("message").asText(), p.path("created_at").asLong(), null);
            long now = clock.millis() / 1000;
            Event wrap = Nip59.giftWrap(keys, rumor, to, now);
            Delivery d = new Delivery(inbox, client.publish(wrap, inbox.relays()).join());
            if (d.accepted().isEmpty()) {
                forgetInbox(to); // look the relays up again next time
                throw new IllegalStateException("no relay accepted the DM: " + String.join("; ", d.failures()));
            }
            String message = "Direct message sent to " + shortNpub(to) + " via " + String.join(", ", d.accepted())
                    + (d.failures().isEmpty() ? "" : " (not accepted by " + String.join("; ", d.failures()) + ")")
                    + sourceNote(inbox) + ": " + preview(p.path("message").asText());
            activity.add(p.path("tenant").asText(), textOrNull(p, "relay"), "dm_sent", message, "system", now);
            log.info("job {}: DM to {} accepted by {} of {} relays", job.id(), shortNpub(to), d.accepted().size(), d.results().size());
            // NIP-17: the sender keeps a copy in its own inbox. Best effort: the DM itself is already delivered.
            Event ownCopy = Nip59.giftWrap(keys, rumor, keys.pubkey(), now);
            Map<String, RelayClient.PublishResult> own = client.publish(ownCopy, config.messagingRelays()).join();
            if (own.values().stream().noneMatch(RelayClient.PublishResult::ok))
                log.info("job {}: the robot's own copy of the DM was not stored: {}", job.id(),
                        own.values().stream().map(RelayClient.PublishResult::describe).toList());
        }

        @Override public void onGiveUp(Job job, String error) {
            JsonNode p;
            try {
                p = payload(job);
            } catch (PermanentFailure e) {
                return;
            }
            String to = p.path("to").asText();
            activity.add(p.path("tenant").asText(), textOrNull(p, "relay"), "dm_failed",
                    "Direct message to " + shortNpub(to) + " not delivered after " + job.attempts() + " attempt"
                            + (job.attempts() == 1 ? "" : "s") + ": " + error + ": " + preview(p.path("message").asText()),
                    "system", clock.millis() / 1000);
        }

        private JsonNode payload(Job job) {
            JsonNode p;
            try {
                p = Json.parse(job.payload());
            } catch (IllegalArgumentException e) {
                throw new PermanentFailure("dm job payload is not JSON");
            }
            if (!p.path("to").isTextual() || !p.path("message").isTextual() || !p.path("tenant").isTextual())
                throw new PermanentFailure("dm job payload lacks to/message/tenant");
            return p;
        }
    }

    private static String sourceNote(Inbox inbox) {
        return switch (inbox.source()) {
            case DM_RELAYS -> "";
            case READ_RELAYS -> " (recipient has no DM relay list; used their read relays)";
            case ROBOT_MESSAGING_RELAYS -> " (recipient has no relay lists; used the platform's messaging relays)";
        };
    }

    static String shortNpub(String pubkey) {
        String npub = Nip19.npub(pubkey);
        return npub.substring(0, 12) + "…" + npub.substring(npub.length() - 6);
    }

    /** First line, at most 80 characters: enough to tell notices apart in the activity log. */
    static String preview(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    private static String textOrNull(JsonNode p, String field) {
        JsonNode v = p.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    // ------------------------------------------------------------------------------------------------ profile

    private final class ProfileHandler implements JobHandler {
        @Override public void run(Job job) {
            ProfileReport report = publishProfile();
            if (!report.allCurrent()) throw new IllegalStateException("robot profile not current everywhere: " + report.relays());
        }

        @Override public void onGiveUp(Job job, String error) {
            log.warn("robot: giving up publishing the profile for now (next check in {}): {}", settings.profileRefresh(), error);
        }
    }

    /**
     * Makes kind 0, 10002 and 10050 current on every outbox and indexer relay: fetches what each relay holds and
     * publishes only where it is missing or differs. Kind 0 keeps fields other clients added (nip05, lud16, ...).
     */
    public ProfileReport publishProfile() {
        List<String> targets = new ArrayList<>(new LinkedHashSet<>(concat(config.outboxRelays(), config.indexerRelays())));
        Filter mine = Filter.any().authors(keys.pubkey()).kinds(PROFILE_KINDS.toArray(Integer[]::new));
        Map<String, java.util.concurrent.CompletableFuture<RelayClient.QueryResult>> pending = new LinkedHashMap<>();
        for (String relay : targets) pending.put(relay, client.query(List.of(relay), List.of(mine)));
        Map<String, RelayClient.QueryResult> held = new LinkedHashMap<>();
        pending.forEach((relay, f) -> held.put(relay, f.join()));

        Map<Integer, Event> newest = new LinkedHashMap<>();
        for (RelayClient.QueryResult r : held.values())
            for (Event e : r.events())
                newest.merge(e.kind(), e, (a, b) -> b.createdAt() > a.createdAt() ? b : a);

        long now = clock.millis() / 1000;
        Map<Integer, Event> desired = new LinkedHashMap<>();
        for (int kind : PROFILE_KINDS) {
            Event prev = newest.get(kind);
            long createdAt = prev == null ? now : Math.max(now, prev.createdAt() + 1); // must replace what is there
            desired.put(kind, switch (kind) {
                case 0 -> keys.sign(createdAt, 0, List.of(), profileContent(prev).toString());
                case Nip65.RELAY_LIST -> Nip65.relayList(keys, config.outboxRelays(), createdAt);
                default -> Nip17.dmRelayList(keys, config.messagingRelays(), createdAt);
            });
        }

        Map<String, Map<Integer, String>> report = new LinkedHashMap<>();
        Map<Integer, List<String>> toPublish = new LinkedHashMap<>();
        for (String relay : targets) {
            RelayClient.QueryResult r = held.get(relay);
            Map<Integer, String> row = new LinkedHashMap<>();
            report.put(relay, row);
            for (int kind : PROFILE_KINDS) {
                Event there = r.complete(relay) ? newest(r.events(), keys.pubkey(), kind) : null;
                if (there != null && sameProfile(there, desired.get(kind))) row.put(kind, "current");
                else toPublish.computeIfAbsent(kind, k -> new ArrayList<>()).add(relay);
            }
        }
        toPublish.forEach((kind, relays) -> {
            Map<String, RelayClient.PublishResult> results = client.publish(desired.get(kind), relays).join();
            results.forEach((relay, res) -> report.computeIfAbsent(relay, k -> new LinkedHashMap<>())
                    .put(kind, res.ok() ? "published" : "failed: " + res.describe()));
        });
        ProfileReport out = new ProfileReport(report);
        if (out.published() > 0 || !out.allCurrent()) log.info("robot profile: {}", report);
        return out;
    }

    /** The kind 0 JSON: the newest known profile's fields, with name/about/picture from the configuration. */
    private ObjectNode profileContent(Event prev) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (prev != null) {
            try {
                JsonNode old = Json.parse(prev.content());
                if (old.isObject()) o.setAll((ObjectNode) old);
            } catch (IllegalArgumentException ignored) {
                // unreadable old profile: start afresh
            }
        }
        o.put("name", config.name());
        o.put("about", config.description());
        if (config.picture() == null || config.picture().isBlank()) o.remove("picture");
        else o.put("picture", config.picture());
        return o;
    }

    /** Same meaning: kind 0 compares the JSON object (key order aside); lists compare their tags as sets. */
    static boolean sameProfile(Event a, Event b) {
        if (a.kind() != b.kind()) return false;
        if (a.kind() == 0) {
            try {
                return Json.parse(a.content()).equals(Json.parse(b.content()));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        Set<List<String>> ta = new HashSet<>(a.tags()), tb = new HashSet<>(b.tags());
        return ta.equals(tb) && a.content().equals(b.content());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
