package caravel.live;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Relay;
import caravel.testing.BothDatabases;
import caravel.testing.Wait;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Member counts of a live stream: only active provisioned relays, a change wakes the stream, a failure keeps the last count. */
@BothDatabases
class MemberCountsTest {
    /** A Relay with just the fields counting looks at (by reflection, so new columns on the record do not matter). */
    static Relay relay(String id, String status, boolean provisioned) throws Exception {
        RecordComponent[] cs = Relay.class.getRecordComponents();
        Object[] args = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            Class<?> t = cs[i].getType();
            String n = cs[i].getName();
            types[i] = t;
            args[i] = n.equals("id")
                    ? id
                    : n.equals("status")
                            ? caravel.domain.RelayStatus.of(status)
                            : n.equals("zooidCreated")
                                    ? provisioned
                                    : t == caravel.domain.RelayHold.class
                                            ? caravel.domain.RelayHold.NONE
                                            : t == boolean.class
                                                    ? false
                                                    : t == int.class
                                                            ? 0
                                                            : t == long.class ? 0L : t == String.class ? "" : null;
        }
        return Relay.class.getDeclaredConstructor(types).newInstance(args);
    }

    static final MemberCounts.Holds NO_HOLDS = new MemberCounts.Holds() {
        @Override
        public long heldUntil(String relayId) {
            return 0;
        }

        @Override
        public void hold(Relay r) {}
    };

    @Test
    void countsActiveRelaysAndWakesOnChange() throws Exception {
        List<Relay> relays =
                List.of(relay("a", "active", true), relay("b", "inactive", true), relay("c", "active", false));
        Map<String, Integer> members = new ConcurrentHashMap<>(Map.of("a", 2, "b", 5, "c", 7));
        AtomicInteger wakes = new AtomicInteger();
        AtomicInteger failing = new AtomicInteger();
        try (MemberCounts counts = new MemberCounts(
                () -> relays,
                r -> {
                    if (failing.get() > 0) throw new IllegalStateException("zooid unreachable");
                    return members.get(r.id());
                },
                r -> null,
                NO_HOLDS,
                wakes::incrementAndGet,
                10,
                new RecentCounts(),
                Map::of)) {
            Wait.until("the first count", Duration.ofSeconds(10), counts::current, c -> c.equals(Map.of("a", 2)));
            assertThat(wakes.get()).isEqualTo(1);
            members.put("a", 3);
            Wait.until("the new count", Duration.ofSeconds(10), counts::current, c -> c.equals(Map.of("a", 3)));
            assertThat(wakes.get()).isEqualTo(2);
            failing.set(1);
            long passes = counts.passes();
            Wait.until( // several rounds while the relay cannot be asked
                    "three counts more", Duration.ofSeconds(10), () -> counts.passes() >= passes + 3);
            assertThat(counts.current()).isEqualTo(Map.of("a", 3));
            assertThat(wakes.get()).isEqualTo(2);
        }
    }

    /**
     * A change told for a relay is counted at once, not at the next periodic count (an hour away here); a relay whose
     * count is held keeps its last count until the hold is lifted, then is counted without another word.
     */
    @Test
    void aToldChangeIsCountedAtOnceAndAHeldOneWhenItsHoldEnds() throws Exception {
        List<Relay> relays = List.of(relay("a", "active", true), relay("b", "active", true));
        Map<String, Integer> members = new ConcurrentHashMap<>(Map.of("a", 1, "b", 4));
        Map<String, Long> holds = new ConcurrentHashMap<>();
        AtomicInteger counted = new AtomicInteger();
        java.util.concurrent.BlockingQueue<Map<String, Integer>> pushed =
                new java.util.concurrent.LinkedBlockingQueue<>();
        MemberCounts[] self = new MemberCounts[1];
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        try (MemberCounts counts = new MemberCounts(
                () -> relays,
                r -> {
                    counted.incrementAndGet();
                    return members.get(r.id());
                },
                r -> null,
                new MemberCounts.Holds() {
                    @Override
                    public long heldUntil(String id) {
                        return holds.getOrDefault(id, 0L);
                    }

                    @Override
                    public void hold(Relay r) {
                        throw new AssertionError("no allowance, nothing to hold");
                    }
                },
                () -> {
                    try {
                        ready.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pushed.add(self[0].current());
                },
                Duration.ofHours(1).toMillis(),
                new RecentCounts(),
                Map::of)) {
            self[0] = counts;
            ready.countDown();
            assertThat(pushed.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Map.of("a", 1, "b", 4));

            members.put("a", 2);
            long told = System.nanoTime();
            counts.recount("a");
            assertThat(pushed.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Map.of("a", 2, "b", 4));
            assertThat(Duration.ofNanos(System.nanoTime() - told)).isLessThan(Duration.ofSeconds(1));
            assertThat(counted.get()).as("only the told relay is counted again").isEqualTo(3);

            // held (a join waiting for its allowance check): told, but not counted until the hold ends by itself
            holds.put("b", System.currentTimeMillis() + 400);
            members.put("b", 5);
            long heldAt = System.nanoTime();
            counts.recount("b");
            Map<String, Integer> after = pushed.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(after).isEqualTo(Map.of("a", 2, "b", 5));
            assertThat(Duration.ofNanos(System.nanoTime() - heldAt)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        }
    }

    /**
     * A count that meets a join before the join was heard (zooid lists the member a moment before its "member added"
     * arrives) and rises past the allowance is held like a heard join: the check that reverses it ends the hold and the
     * count never shows the refused member; a rise that no check ends is shown when the hold runs out.
     */
    @Test
    void aRiseAboveTheAllowanceWaitsForTheCheck() throws Exception {
        List<Relay> relays = List.of(relay("a", "active", true));
        Map<String, Integer> members = new ConcurrentHashMap<>(Map.of("a", 10));
        Map<String, Long> holds = new ConcurrentHashMap<>();
        java.util.concurrent.BlockingQueue<Integer> pushed = new java.util.concurrent.LinkedBlockingQueue<>();
        MemberCounts[] self = new MemberCounts[1];
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        try (MemberCounts counts = new MemberCounts(
                () -> relays,
                r -> members.get(r.id()),
                r -> 10,
                new MemberCounts.Holds() {
                    @Override
                    public long heldUntil(String id) {
                        long until = holds.getOrDefault(id, 0L);
                        return until > System.currentTimeMillis() ? until : 0;
                    }

                    @Override
                    public void hold(Relay r) {
                        holds.put(r.id(), System.currentTimeMillis() + 300);
                    }
                },
                () -> {
                    try {
                        ready.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pushed.add(self[0].current().get("a"));
                },
                Duration.ofHours(1).toMillis(),
                new RecentCounts(),
                Map::of)) {
            self[0] = counts;
            ready.countDown();
            assertThat(pushed.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(10);

            // an 11th is on the relay, and a count runs before their join is heard: held, not shown
            members.put("a", 11);
            counts.recount("a");
            Wait.until("the count held", Duration.ofSeconds(10), () -> holds.containsKey("a"), h -> h);
            // the check reverses the join and ends the hold: 10 again, and 11 never pushed
            members.put("a", 10);
            holds.remove("a");
            // no pass under way, so the next one to end started after the recount below
            Wait.until("counting between passes", Duration.ofSeconds(10), counts::waiting);
            long passes = counts.passes();
            counts.recount("a");
            Wait.until("the recount done", Duration.ofSeconds(10), () -> counts.passes() > passes);
            assertThat(pushed).isEmpty();
            assertThat(counts.current()).isEqualTo(Map.of("a", 10));

            // an 11th no check turns away (the join is over an hour old): shown once the hold runs out
            members.put("a", 11);
            long t = System.nanoTime();
            counts.recount("a");
            assertThat(pushed.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(11);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }
}
