package caravel.watch;

import caravel.relayaccess.RelaySocket;
import caravel.store.Relay;
import caravel.store.RelayStore;
import caravel.zooid.RelayManagement;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a config zooid wrote itself. An owner can make zooid rewrite a relay's file without Caravel: renaming the
 * relay (or changing its description or icon) over NIP-86 from any Nostr app, the only config zooid writes itself. A
 * socket's traffic cannot tell (a quiet relay and a deaf socket look the same), but the relay's NIP-11 document can:
 * its name, description and icon are read just before each socket opens and then again every
 * {@link WatchSettings.InfoChecks#everyPasses()} passes, and a change means a new instance, so the socket is opened
 * again as after Caravel's own writes. The reads are one small HTTP request each, at most
 * {@link WatchSettings.InfoChecks#perPass()} per pass: a large platform notices such a rename later, never at more
 * cost. A rewrite that changes none of the three (renaming to the same name) is left to the deafness probe.
 */
final class InfoProbe {
    private static final Logger log = LoggerFactory.getLogger(InfoProbe.class);

    private final WatchSettings.InfoChecks settings;
    private final RelayStore relays;
    private final RelayManagement management;
    private final WatchedRelays watches;
    /** Opens the relay's socket again, as after a config write. */
    private final Consumer<String> reopen;

    InfoProbe(
            WatchSettings.InfoChecks settings,
            RelayStore relays,
            RelayManagement management,
            WatchedRelays watches,
            Consumer<String> reopen) {
        this.settings = settings;
        this.relays = relays;
        this.management = management;
        this.watches = watches;
        this.reopen = reopen;
    }

    /** A socket was opened (its NIP-11 read just before): the next read is due some passes on. */
    void opened(RelayWatch w, long pass) {
        w.infoDuePass = pass + settings.everyPasses();
    }

    /**
     * Whether the relay's NIP-11 is due for reading at this pass, the reads started so far counted; if so, it is
     * marked as being read and due again some passes on.
     */
    boolean due(RelayWatch w, long pass, int readsSoFar) {
        if (w.infoDuePass > pass || w.infoReading || readsSoFar >= settings.perPass()) return false;
        w.infoReading = true;
        w.infoDuePass = pass + settings.everyPasses();
        return true;
    }

    /**
     * Reads the watched relay's NIP-11 again; a name, description or icon other than the one read before its socket
     * opened means zooid rewrote the config, so the socket is on an old instance and is opened again.
     */
    void read(RelayWatch w, long pass) {
        try {
            RelaySocket socket = w.socket;
            if (!watches.current(w) || socket == null) return;
            Relay r = relays.find(w.relayId).orElse(null);
            if (r == null) return;
            RelayManagement.Info now = management.info(r).orElse(null);
            if (now == null) { // not readable now: tried again at the next pass
                w.infoDuePass = pass + 1;
                return;
            }
            RelayManagement.Info before = w.info;
            if (w.socket != socket) return; // opened again meanwhile, with its own reading
            if (before == null) {
                w.info = now;
                return;
            }
            if (before.equals(now)) return;
            log.info(
                    "relay {}: its name, description or icon changed on the relay itself, so zooid rewrote its config;"
                            + " the watcher subscribes again",
                    w.relayId);
            reopen.accept(w.relayId);
        } catch (RuntimeException e) {
            log.info("relay {}: reading its NIP-11 for the watcher failed: {}", w.relayId, e.toString());
        } finally {
            w.infoReading = false;
        }
    }

    /** Makes every watched relay's NIP-11 due at the next pass (tests). */
    void readAllAtNextPass() {
        for (RelayWatch w : watches.all()) w.infoDuePass = 0;
    }
}
