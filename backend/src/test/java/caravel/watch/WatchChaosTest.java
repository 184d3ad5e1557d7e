package caravel.watch;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch's one stream under everything that changes its sockets at once: while members post notes and reports and
 * the owner adds members, at random (seeded; the seed is printed, {@code -Dcaravel.chaosSeed=} repeats a run) zooid
 * restarts, Caravel writes the relay's config, the owner renames the relay from a Nostr app, and the watch's socket
 * drops. Then every event is counted per consumer: none missed, none handled twice.
 */
@Tag("peer")
class WatchChaosTest {
    static final int POSTS = 36;

    @TempDir
    Path dir;

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    /** Every hand-over to a consumer, by consumer and event id; the membership events kept whole (their p tags). */
    static final class Tally {
        final Map<RelayEventStream.Consumer, Map<String, AtomicInteger>> byConsumer =
                new EnumMap<>(RelayEventStream.Consumer.class);
        final List<Event> membership = java.util.Collections.synchronizedList(new ArrayList<>());

        Tally() {
            for (RelayEventStream.Consumer c : RelayEventStream.Consumer.values())
                byConsumer.put(c, new ConcurrentHashMap<>());
        }

        void handled(RelayEventStream.Consumer to, Event e) {
            byConsumer
                    .get(to)
                    .computeIfAbsent(e.id(), id -> new AtomicInteger())
                    .incrementAndGet();
            if (to == RelayEventStream.Consumer.MEMBERSHIP) membership.add(e);
        }

        boolean has(RelayEventStream.Consumer c, String id) {
            return byConsumer.get(c).containsKey(id);
        }

        long seen(RelayEventStream.Consumer c, Set<String> ids) {
            return ids.stream().filter(id -> has(c, id)).count();
        }

        long twice(RelayEventStream.Consumer c) {
            return byConsumer.get(c).values().stream().filter(n -> n.get() > 1).count();
        }

        boolean joinHeard(String pubkey) {
            synchronized (membership) {
                return membership.stream()
                        .anyMatch(e -> e.kind() == WatchedKinds.MEMBER_ADDED
                                && e.tags().stream()
                                        .anyMatch(t -> t.size() > 1
                                                && t.get(0).equals("p")
                                                && t.get(1).equals(pubkey)));
            }
        }
    }

    enum Chaos {
        RESTART_ZOOID,
        CONFIG_WRITE,
        RENAME_FROM_APP,
        DROP_SOCKET
    }

    @Test
    void everyEventIsHandledOncePerConsumerThroughRestartsWritesRenamesAndDrops() throws Exception {
        long seed = Long.getLong("caravel.chaosSeed", System.nanoTime());
        System.out.printf("watch chaos: seed %d (-Dcaravel.chaosSeed=%d repeats it)%n", seed, seed);
        Random random = new Random(seed);
        try (WatchedRelay relay = WatchedRelay.start(dir, "Chaos Hall", "chaos")) {
            Tally tally = new Tally();
            relay.watcher.events().observe(tally::handled);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) members.add(new Member(Keys.generate(), relay.relayUrl));
            Set<String> joined = ConcurrentHashMap.newKeySet();
            for (Member m : members) addMember(relay, m.pubkey(), joined);

            Set<String> posted = ConcurrentHashMap.newKeySet(), reports = ConcurrentHashMap.newKeySet();
            Map<Chaos, Integer> done = new TreeMap<>();
            long began = System.nanoTime();
            for (int i = 0; i < POSTS; i++) {
                if (random.nextInt(3) == 0) done.merge(chaos(relay, random, done, i), 1, Integer::sum);
                boolean report = i % 4 == 3;
                String id = post(members.get(i % members.size()), report, i);
                posted.add(id);
                if (report) reports.add(id);
                if (i % 12 == 11) addMember(relay, Keys.generate().pubkey(), joined);
            }
            Wait.until(
                    "every posted event and every join handed to each consumer it is for",
                    Duration.ofSeconds(30),
                    () -> posted.stream().allMatch(id -> tally.has(RelayEventStream.Consumer.EVERY_EVENT, id))
                            && reports.stream().allMatch(id -> tally.has(RelayEventStream.Consumer.REPORTS, id))
                            && joined.stream().allMatch(tally::joinHeard));
            Wait.until(
                    "every report recorded by the queue",
                    Duration.ofSeconds(10),
                    () -> reports.stream().allMatch(relay::counted));
            long ms = (System.nanoTime() - began) / 1_000_000;

            RelayEventStream stream = relay.watcher.events();
            System.out.printf(
                    "watch chaos (seed %d, %d ms): posted %d events (%d of them reports) and %d joins; chaos %s%n",
                    seed, ms, posted.size(), reports.size(), joined.size(), done);
            for (RelayEventStream.Consumer c : RelayEventStream.Consumer.values())
                System.out.printf(
                        "watch chaos: %-11s handled %4d events (%s), handled twice: %d%n",
                        c,
                        tally.byConsumer.get(c).size(),
                        switch (c) {
                            case MEMBERSHIP ->
                                joined.stream().filter(tally::joinHeard).count() + " of the " + joined.size()
                                        + " joins";
                            case MEMBER_LIST -> "the member lists zooid wrote";
                            case REPORTS -> tally.seen(c, reports) + " of the " + reports.size() + " reports posted";
                            case EVERY_EVENT -> tally.seen(c, posted) + " of the " + posted.size() + " events posted";
                        },
                        tally.twice(c));
            System.out.printf(
                    "watch chaos: second deliveries left out by the stream %d, sockets found deaf %d, sockets opened %d%n",
                    stream.repeats(), relay.watcher.deafSocketsFound(), relay.watcher.opens(relay.relayId));

            for (RelayEventStream.Consumer c : RelayEventStream.Consumer.values())
                assertThat(tally.twice(c)).as("%s handled an event twice", c).isZero();
            assertThat(posted).as("distinct events posted").hasSize(POSTS);
            assertThat(tally.seen(RelayEventStream.Consumer.EVERY_EVENT, posted))
                    .isEqualTo(posted.size());
            assertThat(tally.seen(RelayEventStream.Consumer.REPORTS, reports)).isEqualTo(reports.size());
            assertThat(done.values().stream().mapToInt(Integer::intValue).sum()).isPositive();
        }
    }

    /** One chaos action, drawn from the seeded random (zooid restarts at most twice: each costs seconds). */
    static Chaos chaos(WatchedRelay relay, Random random, Map<Chaos, Integer> done, int i) throws Exception {
        Chaos c = Chaos.values()[random.nextInt(Chaos.values().length)];
        if (c == Chaos.RESTART_ZOOID && done.getOrDefault(c, 0) >= 2) c = Chaos.DROP_SOCKET;
        switch (c) {
            case RESTART_ZOOID -> relay.fx.restartZooid();
            case CONFIG_WRITE ->
                WatchedRelay.ok(relay.api.as(
                        relay.owner, "PUT", "/relays/" + relay.relayId, "{\"name\":\"Chaos Hall " + i + "\"}"));
            case RENAME_FROM_APP ->
                Wait.until(
                        "the rename from an app taken",
                        Duration.ofSeconds(10),
                        () -> {
                            try {
                                relay.renameFromAnApp("Renamed in an app " + i);
                                return true;
                            } catch (RuntimeException refused) { // zooid restarting or reloading the relay
                                return false;
                            }
                        },
                        taken -> taken);
            case DROP_SOCKET -> relay.watcher.dropSocket(relay.relayId);
        }
        return c;
    }

    /** A note or a report (the {@code n}th, so no two are the same event), posted until the relay accepts it (it refuses connections while zooid reloads); its id. */
    static String post(Member m, boolean report, int n) {
        JsonNode ok = Wait.until(
                "a post accepted",
                Duration.ofSeconds(15),
                () -> WatchedRelay.unlessRefused(() -> report
                        ? m.publish(1984, List.of(List.of("p", Keys.generate().pubkey())), "chaos report " + n)
                        : m.publish(1, List.of(), "chaos note " + n)),
                r -> r != null && r.get("ok").asBoolean());
        return ok.at("/event/id").asText();
    }

    /** The owner adds a member through Caravel (a NIP-86 call zooid answers with a join), retried while zooid is away. */
    static void addMember(WatchedRelay relay, String pubkey, Set<String> joined) {
        Wait.until(
                "the member added",
                Duration.ofSeconds(15),
                () -> relay.call("POST", "/members", "{\"pubkey\":\"" + pubkey + "\"}")
                        .status(),
                status -> status >= 200 && status < 300);
        joined.add(pubkey);
    }
}
