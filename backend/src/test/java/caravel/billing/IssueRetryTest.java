package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.Wallets;
import caravel.config.Config;
import caravel.domain.Plans;
import caravel.domain.RelayProfile;
import caravel.jobs.JobRunner;
import caravel.nostr.Keys;
import caravel.relays.NewRelay;
import caravel.testing.AppOptions;
import caravel.testing.BothDatabases;
import caravel.testing.MemoryWallet;
import caravel.testing.MutableClock;
import caravel.testing.TestEnv;
import caravel.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform-wallet outage longer than the issue job's retry budget (found in issue 12: it gave up after ~25 minutes
 * and the invoice stayed without a bolt11 for good). Invariant: while an invoice is pending, its issue job is never
 * 'failed' — it keeps retrying with the runner's capped backoff — so when the wallet is back the invoice gets its
 * bolt11 with nobody pressing anything. Time is a fake clock; the runner uses production backoff (2 s doubling,
 * capped at 5 min).
 */
@BothDatabases
class IssueRetryTest {
    @TempDir
    Path dir;

    @Test
    void issuingOutlastsAPlatformWalletOutageOfHours() throws Exception {
        MutableClock clock = new MutableClock();
        MemoryWallet platform = new MemoryWallet(clock);
        platform.offline = true;
        Map<String, String> env = TestEnv.env(dir, TestEnv.freePort());
        JobRunner.Settings production = JobRunner.Settings.defaults();
        // production backoff; only the poll interval is short, so each due retry is picked up at once
        JobRunner.Settings jobs = new JobRunner.Settings(
                50, production.leaseMs(), production.backoffBaseMs(), production.backoffMaxMs(), 4);
        try (App app = new App(
                        Config.fromEnv(env),
                        clock,
                        AppOptions.builder()
                                .jobs(jobs)
                                .wallets(new Wallets(Optional.of(platform), url -> platform))
                                .build())
                .start()) {
            String tenant = Keys.generate().pubkey();
            String invoice = Inside.of(app)
                    .relays()
                    .create(
                            NewRelay.of(
                                    tenant,
                                    RelayProfile.EMPTY.withName("R"),
                                    "long-outage",
                                    Plans.seed().of("basic")),
                            caravel.relays.RelayStateMachine.Actor.tenant(tenant))
                    .invoiceId();
            String key = "invoice:" + invoice;
            // two hours of outage in steps longer than the backoff cap (5 min + 20 % jitter): one attempt per step
            int attempts = 0;
            for (int step = 0; step < 20; step++) {
                int before = attempts;
                attempts = Wait.until(
                                "issue attempt after " + before,
                                Duration.ofSeconds(30),
                                () -> issueJob(app, key),
                                // a failed job makes no more attempts: stop waiting and let the assertion below say so
                                j -> j.status().equals("failed")
                                        || (j.attempts() > before && !j.status().equals("running")))
                        .attempts();
                assertThat(issueJob(app, key).status())
                        .as("issue job after %d attempts and %d min of outage", attempts, step * 6)
                        .isNotEqualTo("failed");
                clock.advance(Duration.ofMinutes(6).plusSeconds(30));
            }
            assertThat(attempts).as("attempts made during the outage").isGreaterThan(10);
            assertThat(Inside.of(app).invoices().find(invoice).orElseThrow().bolt11())
                    .isNull();

            platform.offline = false;
            clock.advance(Duration.ofMinutes(6).plusSeconds(30));
            Wait.until(
                    "bolt11 once the wallet is back",
                    Duration.ofSeconds(30),
                    () -> Inside.of(app).invoices().find(invoice).orElseThrow().bolt11(),
                    b -> b != null);
            assertThat(platform.makeCalls.get())
                    .as("make_invoice calls that reached the wallet")
                    .isEqualTo(1);
        }
    }

    record JobRow(String status, int attempts) {}

    private static JobRow issueJob(App app, String key) {
        return Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT status, attempts FROM jobs WHERE dedupe_key = :k ORDER BY id DESC LIMIT 1")
                        .bind("k", key)
                        .map((rs, ctx) -> new JobRow(rs.getString("status"), rs.getInt("attempts")))
                        .one());
    }
}
