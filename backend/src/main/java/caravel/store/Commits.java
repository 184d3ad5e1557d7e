package caravel.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners that this process has just committed a write (a transaction, or a write outside one), so that what
 * reads the database for changes (the live pages' change feed) can read at once instead of at its next poll. Writes of
 * other processes sharing the database are not told here: those readers still poll for them.
 */
public final class Commits {
    private static final Logger log = LoggerFactory.getLogger(Commits.class);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * Calls {@code listener} after each write this process commits, for as long as the process runs, on the writing
     * thread: it must return at once.
     */
    public void listen(Runnable listener) {
        listeners.add(listener);
    }

    /** A write was committed. */
    void committed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                // a listener's failure is not the writer's: its write stands
                log.warn("a commit listener failed: {}", e.toString());
            }
        }
    }
}
