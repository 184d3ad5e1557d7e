package caravel.watch;

import caravel.live.ChangeStore;
import caravel.store.RelayStore;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config writes made by another process (its job runner synced a relay this process watches) are told to this one
 * through the relay's count of writes: a watched relay whose count moved past the one its socket was opened at is
 * opened again, as after this process's own writes. Each look reads the change version (one indexed read) and, when it
 * moved, the relays of the tenants that changed since the last look.
 */
final class OtherProcessesWrites {
    private static final Logger log = LoggerFactory.getLogger(OtherProcessesWrites.class);

    private final ChangeStore changes;
    private final RelayStore relays;
    private final WatchedRelays watches;
    private final int changedTenantsMax;
    /** Opens the relay's socket again, as after a config write. */
    private final Consumer<String> reopen;

    /** The change version up to which config writes were looked at; -1 before the first look. */
    private long checkedVersion = -1;

    OtherProcessesWrites(
            ChangeStore changes,
            RelayStore relays,
            WatchedRelays watches,
            WatchSettings.Passes settings,
            Consumer<String> reopen) {
        this.changes = changes;
        this.relays = relays;
        this.watches = watches;
        this.changedTenantsMax = settings.changedTenantsMax();
        this.reopen = reopen;
    }

    /** One look (on the watch's loop alone). */
    void look() {
        long latest = changes.latestVersion();
        if (checkedVersion < 0 || latest < checkedVersion) {
            checkedVersion = latest;
            return;
        }
        while (checkedVersion < latest) {
            List<Map.Entry<String, Long>> changed = changes.changedAfter(checkedVersion, changedTenantsMax);
            if (changed.isEmpty()) break;
            relays.configWritesOf(changed.stream().map(Map.Entry::getKey).toList())
                    .forEach((id, writes) -> {
                        RelayWatch w = watches.get(id);
                        if (w == null || w.configWritesSeen < 0 || writes <= w.configWritesSeen) return;
                        w.configWritesSeen = writes;
                        log.info("relay {}: zooid took a config written by another process; subscribing again", id);
                        reopen.accept(id);
                    });
            checkedVersion = changed.getLast().getValue();
        }
    }
}
