package caravel.robot;

import caravel.config.Config;
import caravel.domain.Epoch;
import caravel.jobs.Job;
import caravel.jobs.JobHandler;
import caravel.jobs.JobPayloads;
import caravel.jobs.JobQueue;
import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Keys;
import caravel.nostr.Nip17;
import caravel.nostr.Nip65;
import caravel.nostr.RelayClient;
import caravel.nostr.RelayClient.PublishResult;
import caravel.nostr.RelayClient.QueryResult;
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
import java.util.concurrent.CompletableFuture;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The robot's kind 0 profile, kind 10002 relay list and kind 10050 DM relay list, kept current on its outbox and
 * indexer relays by a durable job ({@link Robot#PROFILE_JOB}). A relay may lose events, so the job is queued again
 * periodically; it publishes only where an event is missing or differs.
 */
public final class RobotProfile implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(RobotProfile.class);
    private static final List<Integer> KINDS = List.of(0, Nip65.RELAY_LIST, Nip17.DM_RELAYS);

    /** What the profile job found and did, per relay and kind: "current", "published" or "failed: ...". */
    public record Report(Map<String, Map<Integer, String>> relays) {
        public boolean allCurrent() {
            return relays.values().stream().flatMap(m -> m.values().stream()).noneMatch(s -> s.startsWith("failed"));
        }

        public int published() {
            return (int) relays.values().stream()
                    .flatMap(m -> m.values().stream())
                    .filter(s -> s.equals("published"))
                    .count();
        }
    }

    private final Config.Robot config;
    private final Keys keys;
    private final RelayClient client;
    private final JobQueue jobs;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration refresh;

    RobotProfile(
            Config.Robot config, RelayClient client, JobQueue jobs, Clock clock, int maxAttempts, Duration refresh) {
        this.config = config;
        this.keys = config.keys();
        this.client = client;
        this.jobs = jobs;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.refresh = refresh;
    }

    /** Queues the profile check in the caller's transaction; a check already queued is not queued twice. */
    void enqueue(Handle h) {
        jobs.enqueue(h, Robot.PROFILE_JOB, JobPayloads.NONE, Robot.PROFILE_JOB, maxAttempts);
    }

    @Override
    public void run(Job job) {
        Report report = publish();
        if (!report.allCurrent())
            throw new IllegalStateException("robot profile not current everywhere: " + report.relays());
    }

    @Override
    public void onGiveUp(Job job, String error) {
        log.warn("robot: giving up publishing the profile for now (next check in {}): {}", refresh, error);
    }

    /**
     * Makes kind 0, 10002 and 10050 current on every outbox and indexer relay: fetches what each relay holds and
     * publishes only where it is missing or differs. Kind 0 keeps fields other clients added (nip05, lud16, ...).
     */
    Report publish() {
        List<String> targets =
                new ArrayList<>(new LinkedHashSet<>(concat(config.outboxRelays(), config.indexerRelays())));
        Filter mine = Filter.any().authors(keys.pubkey()).kinds(KINDS.toArray(Integer[]::new));
        Map<String, CompletableFuture<QueryResult>> pending = new LinkedHashMap<>();
        for (String relay : targets) pending.put(relay, client.query(List.of(relay), List.of(mine)));
        Map<String, QueryResult> held = new LinkedHashMap<>();
        pending.forEach((relay, f) -> held.put(relay, f.join()));

        Map<Integer, Event> newest = new LinkedHashMap<>();
        for (QueryResult r : held.values())
            for (Event e : r.events()) newest.merge(e.kind(), e, (a, b) -> b.createdAt() > a.createdAt() ? b : a);

        long now = Epoch.seconds(clock);
        Map<Integer, Event> desired = new LinkedHashMap<>();
        for (int kind : KINDS) {
            Event prev = newest.get(kind);
            long createdAt = prev == null ? now : Math.max(now, prev.createdAt() + 1); // must replace what is there
            desired.put(
                    kind,
                    switch (kind) {
                        case 0 ->
                            keys.sign(createdAt, 0, List.of(), content(prev).toString());
                        case Nip65.RELAY_LIST -> Nip65.relayList(keys, config.outboxRelays(), createdAt);
                        default -> Nip17.dmRelayList(keys, config.messagingRelays(), createdAt);
                    });
        }

        Map<String, Map<Integer, String>> report = new LinkedHashMap<>();
        Map<Integer, List<String>> toPublish = new LinkedHashMap<>();
        for (String relay : targets) {
            QueryResult r = held.get(relay);
            Map<Integer, String> row = new LinkedHashMap<>();
            report.put(relay, row);
            for (int kind : KINDS) {
                Event there = r.complete(relay) ? Robot.newest(r.events(), keys.pubkey(), kind) : null;
                if (there != null && same(there, desired.get(kind))) row.put(kind, "current");
                else toPublish.computeIfAbsent(kind, k -> new ArrayList<>()).add(relay);
            }
        }
        toPublish.forEach((kind, relays) -> {
            Map<String, PublishResult> results =
                    client.publish(desired.get(kind), relays).join();
            results.forEach((relay, res) -> report.computeIfAbsent(relay, k -> new LinkedHashMap<>())
                    .put(kind, res.ok() ? "published" : "failed: " + res.describe()));
        });
        Report out = new Report(report);
        if (out.published() > 0 || !out.allCurrent()) log.info("robot profile: {}", report);
        return out;
    }

    /** The kind 0 JSON: the newest known profile's fields, with name/about/picture from the configuration. */
    private ObjectNode content(Event prev) {
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
    private static boolean same(Event a, Event b) {
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
