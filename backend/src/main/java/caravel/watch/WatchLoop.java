package caravel.watch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch's one thread for its passes: the periodic pass, the passes asked for sooner (after a config write, a
 * dropped socket, a lease gained) and the other periodic looks. A pass only compares the served relays with the open
 * subscriptions and starts openers: it never waits on a relay.
 */
final class WatchLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WatchLoop.class);

    private final Runnable pass;
    /** Whether a pass is already due soon for dropped sockets (one pass serves every relay that dropped). */
    private final AtomicBoolean soonPass = new AtomicBoolean();
    /** Passes that ran to their end, failed or not (a test hook). */
    private final AtomicLong passesCompleted = new AtomicLong();

    private volatile ScheduledExecutorService loop;

    WatchLoop(Runnable pass) {
        this.pass = pass;
    }

    synchronized void start(Duration every) {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "community-watcher");
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::passQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on this thread every {@code period}, a failure logged as {@code what}. */
    void every(Duration period, String what, Runnable task) {
        ScheduledExecutorService l = loop;
        if (l == null) return;
        l.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.info("community watcher: {} failed: {}", what, e.toString());
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs one pass now. */
    void now() {
        ScheduledExecutorService l = loop;
        if (l == null) return;
        try {
            l.execute(this::passQuietly);
        } catch (RejectedExecutionException e) {
            // closing down
        }
    }

    /** Runs a pass after the delay (a reopening after a config write must not wait for the next pass). */
    void after(Duration delay) {
        ScheduledExecutorService l = loop;
        if (l == null) return;
        try {
            l.schedule(this::passQuietly, delay.toMillis() + 20, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing down
        }
    }

    /**
     * One pass after the delay for all relays that asked, however many (a zooid restart drops every socket at once: a
     * pass each would read the served relays thousands of times).
     */
    void soon(Duration delay) {
        ScheduledExecutorService l = loop;
        if (l == null || !soonPass.compareAndSet(false, true)) return;
        try {
            l.schedule(
                    () -> {
                        soonPass.set(false);
                        passQuietly();
                    },
                    delay.toMillis() + 20,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            soonPass.set(false); // closing down
        }
    }

    private void passQuietly() {
        try {
            pass.run();
        } catch (RuntimeException e) {
            log.warn("community watcher pass failed: {}", e.toString());
        } finally {
            passesCompleted.incrementAndGet();
        }
    }

    long passesCompleted() {
        return passesCompleted.get();
    }

    @Override
    public synchronized void close() {
        if (loop != null) loop.shutdownNow();
        loop = null;
    }
}
