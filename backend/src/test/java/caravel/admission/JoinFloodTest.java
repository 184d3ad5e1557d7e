package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.App;
import caravel.Inside;
import caravel.billing.NwcWallet;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.LocalStack;
import caravel.testing.Member;
import caravel.testing.Wait;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 150 strangers join at once while the owner's wallet (the development wallet service, over real NWC) takes every
 * request and never answers. Only the per-wallet bound of calls wait on it; every other join is answered at once
 * with 503 wallet_busy, and the backend's threads stay flat instead of one NWC connection per join.
 */
@Tag("peer")
class JoinFloodTest {
    static final int JOINS = 150;
    static final int PER_WALLET = 4;

    @TempDir
    Path dir;

    LocalStack stack;
    CommunityFixture fx;

    @AfterEach
    void stop() throws Exception {
        if (fx != null) fx.close();
        if (stack != null) stack.close();
    }

    @AfterAll
    static void stopBridge() throws Exception {
        Member.shutdown();
    }

    record Answer(int status, String code) {}

    @Test
    void aFloodOfJoinsAgainstAWalletThatNeverAnswersIsRefusedAtOnceAndHoldsNoThreads() throws Exception {
        stack = new LocalStack();
        // the wallet's timeout is far longer than the flood takes to arrive: every refusal must come from the bound (a
        // 10 s timeout, freeing the bound's calls, was within reach of a flood on a loaded two-core CI machine; the
        // waiting calls end with the backend, so the test does not wait it out)
        Duration walletTimeout = Duration.ofMinutes(2);
        fx = CommunityFixture.start(
                dir,
                CommunityFixture.Options.defaults()
                        .withoutDms()
                        .withEnv(Map.of(
                                "TENANT_WALLET_CONCURRENCY", Integer.toString(PER_WALLET),
                                "TENANT_WALLET_TIMEOUT_SECONDS", Long.toString(walletTimeout.toSeconds())))
                        .withOwnerWallets(url -> new NwcWallet(url, walletTimeout, Clock.systemUTC())),
                "Town Square",
                "town");
        App app = fx.backend.app;
        long now = fx.clock.seconds();
        String ownerWallet = stack.get("tenant_nwc_url");
        Inside.of(app)
                .db()
                .jdbi()
                .useHandle(h -> Inside.of(app)
                        .admission()
                        .store
                        .put(
                                h,
                                new RelayAdmission(
                                        fx.relayId,
                                        RelayAdmission.Mode.ONCE,
                                        21,
                                        0,
                                        "",
                                        Inside.of(app).admission().rules.sealWallet(fx.relayId, ownerWallet),
                                        "tenant",
                                        List.of("make_invoice", "lookup_invoice"),
                                        now,
                                        now,
                                        RelayAdmission.DEFAULT_TRIALS_PER_DAY)));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        // one honest join first: the wallet's invoice passes the check, and every lazily started pool is running
        assertThat(join(http, Keys.generate()).status()).isEqualTo(201);

        stack.fault("tenant", "drop_responses", null);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        ConcurrentLinkedQueue<Answer> inOrder = new ConcurrentLinkedQueue<>();
        ExecutorService strangers = Executors.newVirtualThreadPerTaskExecutor();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < JOINS; i++)
                strangers.submit(() -> {
                    inOrder.add(join(http, Keys.generate()));
                    return null;
                });
            // every join beyond the bound is answered while the bound's calls still wait on the wallet (they wait
            // out its timeout, far longer than the flood takes): nothing here waits for time to pass
            // (a timeout names how many answers had come, and which)
            Wait.until(
                    "the refusals",
                    Duration.ofSeconds(60),
                    () -> inOrder.size() + " answers: "
                            + inOrder.stream()
                                    .collect(java.util.stream.Collectors.groupingBy(
                                            a -> a.status() + " " + a.code(), java.util.stream.Collectors.counting())),
                    seen -> inOrder.size() >= JOINS - PER_WALLET);
            int peak = threads.getPeakThreadCount();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            List<Answer> answers = List.copyOf(inOrder);
            assertThat(answers)
                    .as("only the bound waits on the wallet")
                    .hasSize(JOINS - PER_WALLET)
                    .allMatch(a -> a.status() == 503 && a.code().equals("wallet_busy"));
            System.out.printf(
                    "join flood: %d refusals in %d ms; threads %d before, %d at the peak%n",
                    answers.size(), tookMs, before, peak);
            assertThat(peak - before)
                    .as("threads at the peak (%d) against before the flood (%d)", peak, before)
                    .isLessThan(40);
        } finally {
            strangers.shutdownNow();
        }
        int rows = Inside.of(app)
                .db()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admission_invoices WHERE relay_id = :r")
                        .bind("r", fx.relayId)
                        .mapTo(Integer.class)
                        .one());
        assertThat(rows).as("only the honest join's invoice").isEqualTo(1);
    }

    Answer join(HttpClient http, Keys who) throws Exception {
        String url = fx.api.base() + "/admissions/town/join";
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", Api.nip98(who, url, "POST", body, fx.clock.seconds()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return new Answer(
                r.statusCode(),
                r.statusCode() == 201
                        ? "created"
                        : new Api.Response(r.statusCode(), r.body())
                                .json()
                                .path("code")
                                .asText());
    }
}
