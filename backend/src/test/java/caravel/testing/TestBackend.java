package caravel.testing;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.config.Config;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** A real backend (HTTP server + SQLite file) in this JVM on a free port, with one admin key. */
public final class TestBackend implements AutoCloseable {
    public final Keys admin = Keys.generate();
    public final Map<String, String> env;
    public final App app;
    public final Api api;
    public final MutableClock clock;

    public TestBackend(Path dir) {
        this(dir, e -> {});
    }

    /** Job timings for tests: quick polling and short backoff, so retries happen within a test's patience. */
    public static final JobRunner.Settings FAST_JOBS = new JobRunner.Settings(50, 30_000, 200, 1_500, 4);

    public TestBackend(Path dir, Consumer<Map<String, String>> customize) {
        this(dir, customize, (Wallets) null, new MutableClock());
    }

    /** @param wallets null → NIP-47 wallets from the settings (without NWC_URL: none, so paid plans are unavailable) */
    public TestBackend(Path dir, Consumer<Map<String, String>> customize, Wallets wallets, MutableClock clock) {
        this(
                dir,
                customize,
                wallets == null ? AppOptions.builder() : AppOptions.builder().wallets(wallets),
                clock);
    }

    /** @param options job timings are always {@link #FAST_JOBS} */
    public TestBackend(Path dir, Consumer<Map<String, String>> customize, AppOptions options, MutableClock clock) {
        int port = TestEnv.freePort();
        this.clock = clock;
        this.env = TestEnv.env(dir, port, admin.pubkey());
        customize.accept(env);
        TestDatabases.seed(env);
        this.app = new App(Config.fromEnv(env), clock, options.jobs(FAST_JOBS).build()).start();
        this.api = new Api("http://127.0.0.1:" + app.port(), clock::seconds);
    }

    /**
     * Waits until the job runners have nothing left to do: no job running or due, checked again after both runners
     * completed two more claim passes (so nothing due was about to be claimed). Tests call this before asserting that
     * no job did something, instead of sleeping and hoping the job would have run by then.
     */
    public void awaitJobsSettled() {
        awaitJobsSettled(java.time.Duration.ofSeconds(60));
    }

    /** No job running or due now (one that is queued for later may wait); lighter than {@link #awaitJobsSettled()}. */
    public void awaitNoJobDue() {
        Wait.until("no job running or due", java.time.Duration.ofSeconds(60), () -> busyJobs(), String::isEmpty);
    }

    public void awaitJobsSettled(java.time.Duration timeout) {
        Wait.until("no job running or due", timeout, () -> busyJobs(), String::isEmpty);
        Wait.until(
                "the job runners settled",
                timeout,
                () -> {
                    long passes = app.jobRunnerPasses();
                    Wait.until("two more job-runner passes", timeout, () -> app.jobRunnerPasses() >= passes + 2);
                    return busyJobs();
                },
                String::isEmpty);
    }

    /** The jobs running or due now, as "kind:status" (empty when none). */
    private String busyJobs() {
        java.util.List<String> busy = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT kind || ':' || status FROM jobs WHERE status = 'running'"
                                + " OR (status = 'queued' AND run_at_ms <= :now)")
                        .bind("now", clock.millis())
                        .mapTo(String.class)
                        .list());
        return String.join(",", busy);
    }

    @Override
    public void close() {
        app.close();
    }
}
