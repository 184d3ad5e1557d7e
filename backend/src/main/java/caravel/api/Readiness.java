package caravel.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What GET /readyz checks: the database answers with the schema this code expects, zooid answers, the job runners
 * run. The zooid probe is a network call, so its answer is kept for {@link #ZOOID_FRESH} and a probe that takes longer
 * than {@link #ZOOID_WAIT} counts as unreachable (a readiness check must answer fast even when zooid hangs); a
 * probe still running is not started again.
 */
public final class Readiness {
    static final Duration ZOOID_FRESH = Duration.ofSeconds(5);
    static final Duration ZOOID_WAIT = Duration.ofSeconds(2);

    private final BooleanSupplier database;
    private final BooleanSupplier zooid;
    private final BooleanSupplier jobs;
    private CompletableFuture<Boolean> probe;
    private long probedAtNanos;

    /**
     * @param database true when the database answers and is migrated
     * @param zooid    true when zooid answers (a network call; cached here)
     * @param jobs     true when the job runners are running
     */
    public Readiness(BooleanSupplier database, BooleanSupplier zooid, BooleanSupplier jobs) {
        this.database = database;
        this.zooid = zooid;
        this.jobs = jobs;
    }

    /** Check name → "ok" or what is wrong, in words that name no host, key or internal error. */
    Map<String, String> check() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("database", database.getAsBoolean() ? "ok" : "not open or not migrated");
        out.put("zooid", zooidReachable() ? "ok" : "unreachable");
        out.put("jobs", jobs.getAsBoolean() ? "ok" : "not running");
        return out;
    }

    /** zooid's last known answer, probed again when older than {@link #ZOOID_FRESH}. */
    public boolean zooidReachable() {
        CompletableFuture<Boolean> p;
        synchronized (this) {
            boolean stale = probe == null || System.nanoTime() - probedAtNanos > ZOOID_FRESH.toNanos();
            if (stale && (probe == null || probe.isDone())) {
                probedAtNanos = System.nanoTime();
                probe = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return zooid.getAsBoolean();
                            } catch (RuntimeException e) {
                                return false;
                            }
                        },
                        r -> Thread.ofVirtual().name("readiness-zooid").start(r));
            }
            p = probe;
        }
        try {
            return p.get(ZOOID_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return false;
        }
    }
}
