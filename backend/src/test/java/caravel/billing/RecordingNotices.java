package caravel.billing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;

/** Captures billing notices in tests (the robot's DM delivery is tested with real relays elsewhere). */
public final class RecordingNotices implements Notices {
    public record Sent(String tenant, String message, String key) {}

    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void send(Handle h, String tenant, String relayId, String message, String dedupeKey) {
        if (keys.add(dedupeKey)) sent.add(new Sent(tenant, message, dedupeKey));
    }

    public long count(String keyPrefix) {
        return sent.stream().filter(s -> s.key().startsWith(keyPrefix)).count();
    }
}
