package caravel.live;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.store.Relay;
import caravel.testing.Wait;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Member counts of a live stream: only active provisioned relays, a change wakes the stream, a failure keeps the last count. */
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
                            ? status
                            : n.equals("zooidCreated")
                                    ? provisioned
                                    : t == boolean.class
                                            ? false
                                            : t == int.class ? 0 : t == long.class ? 0L : t == String.class ? "" : null;
        }
        return Relay.class.getDeclaredConstructor(types).newInstance(args);
    }

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
                wakes::incrementAndGet,
                10)) {
            Wait.until("the first count", Duration.ofSeconds(10), counts::current, c -> c.equals(Map.of("a", 2)));
            assertThat(wakes.get()).isEqualTo(1);
            members.put("a", 3);
            Wait.until("the new count", Duration.ofSeconds(10), counts::current, c -> c.equals(Map.of("a", 3)));
            assertThat(wakes.get()).isEqualTo(2);
            failing.set(1);
            Thread.sleep(100); // several rounds while the relay cannot be asked
            assertThat(counts.current()).isEqualTo(Map.of("a", 3));
            assertThat(wakes.get()).isEqualTo(2);
        }
    }
}
