package caravel.watch;

import caravel.relayaccess.RelaySocket;
import caravel.zooid.RelayManagement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One served relay's watch: its socket, and what the reopening and the two probes keep about it. Only the pass and
 * one opener at a time write the socket's counters (the {@link #opening} flag admits one opener).
 */
final class RelayWatch {
    final String relayId;

    RelayWatch(String relayId) {
        this.relayId = relayId;
    }

    /** Config writes seen for the relay: a socket opened before the latest one may belong to an old instance. */
    final AtomicInteger writes = new AtomicInteger();

    volatile RelaySocket socket;
    /** Whose events the open socket carries (the relay's tenant and key); null before the first one opened. */
    volatile RelayEventStream.Origin origin;

    volatile int quickRetries;
    volatile int opens;
    volatile int failures;
    volatile long retryAtMs;
    volatile boolean opening;

    /** The relay's name, description and icon read just before the open subscription; null if unread. */
    volatile RelayManagement.Info info;

    /** The pass from which its NIP-11 is due to be read again. */
    volatile long infoDuePass;

    volatile boolean infoReading;

    /** The relay's count of config writes read just before its open subscription was opened; -1 if none is. */
    volatile long configWritesSeen = -1;

    /**
     * From when (created_at, seconds) the next subscription asks for every stored event: {@code MIN_VALUE} before the
     * first one (then the backfill's whole reach back), {@code MAX_VALUE} while a socket is open, and set just before
     * the time an open socket was closed or lost, since which it may have missed events.
     */
    volatile long resumeFromS = Long.MIN_VALUE;

    /** The socket's live subscriptions' since (seconds), and when it was opened (ms). */
    volatile long liveSince;

    volatile long openedAtMs;

    /** When the socket is due for its next deafness check (ms), and whether one is under way. */
    volatile long checkAtMs;

    volatile boolean checking;

    /** When a socket found deaf was last opened again (ms); 0 if never. */
    volatile long deafReopenAtMs;

    /**
     * The socket was closed or lost, and worked until {@code workedUntilS} as far as is known: the next subscription
     * asks for what it may have missed since, and {@code marginS} before (clients' clocks).
     */
    void socketEnded(long workedUntilS, long marginS) {
        resumeFromS = Math.min(resumeFromS, workedUntilS - marginS);
    }

    /** Whether a socket is open now. */
    boolean connected() {
        RelaySocket s = socket;
        return s != null && s.isOpen();
    }

    /** Forgets the socket and returns it, for Caravel to close: a socket Caravel closed is not opened again as lost. */
    RelaySocket takeSocket() {
        RelaySocket old = socket;
        socket = null;
        return old;
    }
}
