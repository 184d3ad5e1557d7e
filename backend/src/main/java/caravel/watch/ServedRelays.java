package caravel.watch;

import caravel.live.ChangeStore;
import caravel.store.RelayStore;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The served relays, kept by the pass (its thread alone): read whole at the first pass and every
 * {@link WatchSettings.Passes#fullEvery()} passes, otherwise only the relays of tenants whose change version (V40's
 * triggers, bumped by any write to their relays) moved since the set was read. Reading every served id each pass cost
 * ~0.1-0.3 s of CPU and ~30 MB of garbage every 15 s at 170,000 served relays, felt as latency spikes by the requests
 * beside it.
 */
final class ServedRelays {
    private final ChangeStore changes;
    private final RelayStore relays;
    private final WatchSettings.Passes settings;
    private final Set<String> served = new HashSet<>();
    private long servedVersion = -1;
    private int passesSinceFullRead;
    private final AtomicInteger fullReads = new AtomicInteger();

    ServedRelays(ChangeStore changes, RelayStore relays, WatchSettings.Passes settings) {
        this.changes = changes;
        this.relays = relays;
        this.settings = settings;
    }

    /** The served relays as of now (the set itself: the pass's thread alone reads it, until its next refresh). */
    Set<String> refresh() {
        long latest = changes.latestVersion();
        if (servedVersion >= 0 && ++passesSinceFullRead < settings.fullEvery()) {
            if (latest == servedVersion) return served;
            int max = settings.changedTenantsMax();
            List<Map.Entry<String, Long>> changed = changes.changedAfter(servedVersion, max + 1);
            if (changed.isEmpty()) { // nothing newer after all (cannot happen while versions only grow)
                servedVersion = latest;
                return served;
            }
            if (changed.size() <= max) {
                relays.servedOf(changed.stream().map(Map.Entry::getKey).toList())
                        .forEach((id, isServed) -> {
                            if (isServed) served.add(id);
                            else served.remove(id);
                        });
                servedVersion = changed.getLast().getValue();
                return served;
            }
        }
        // the version is read first: a change made during the read is read again on the next pass
        served.clear();
        served.addAll(relays.servedIds());
        fullReads.incrementAndGet();
        servedVersion = latest;
        passesSinceFullRead = 0;
        return served;
    }

    /** How many times every served relay was read (tests: changes between them are read by tenant). */
    int fullReads() {
        return fullReads.get();
    }
}
