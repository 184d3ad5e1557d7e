package caravel.nostr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** NIP-65 relay list metadata (kind 10002): r tags with an optional read/write marker (none = both). */
public final class Nip65 {
    public static final int RELAY_LIST = 10002;

    public record RelayList(List<String> read, List<String> write) {}

    private Nip65() {}

    /** A kind 10002 listing every relay for both reading and writing. */
    public static Event relayList(Keys keys, List<String> relays, long createdAt) {
        return keys.sign(
                createdAt, RELAY_LIST, relays.stream().map(r -> List.of("r", r)).toList(), "");
    }

    /** Read and write relays of a kind 10002 event, normalized; malformed entries are skipped. */
    public static RelayList parse(Event e) {
        if (e.kind() != RELAY_LIST) throw new IllegalArgumentException("not a kind 10002 event");
        Set<String> read = new LinkedHashSet<>(), write = new LinkedHashSet<>();
        for (List<String> t : e.tags()) {
            if (t.size() < 2 || !t.get(0).equals("r")) continue;
            String url;
            try {
                url = RelayUrls.normalize(t.get(1));
            } catch (IllegalArgumentException ignored) {
                continue;
            }
            String marker = t.size() >= 3 ? t.get(2) : "";
            if (!marker.equals("write")) read.add(url);
            if (!marker.equals("read")) write.add(url);
        }
        return new RelayList(List.copyOf(read), List.copyOf(write));
    }
}
