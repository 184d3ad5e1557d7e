package caravel.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.PriceFeedServer;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class PriceFeedTest {
    @Test
    void readsTheThreeCommonShapesOfAPriceFeed() throws Exception {
        assertThat(PriceFeed.parse("{\"time\":1,\"USD\":65000,\"EUR\":60000}", "EUR"))
                .isEqualByComparingTo("60000");
        assertThat(PriceFeed.parse("{\"data\":{\"amount\":\"65000.12\",\"currency\":\"USD\"}}", "USD"))
                .isEqualByComparingTo("65000.12");
        assertThat(PriceFeed.parse("{\"bitcoin\":{\"usd\":64999.5}}", "USD")).isEqualByComparingTo("64999.5");
    }

    @Test
    void aFeedWithoutAUsablePriceIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PriceFeed.parse("{\"EUR\":60000}", "USD")).hasMessageContaining("no USD price");
        assertThatThrownBy(() -> PriceFeed.parse("{\"data\":{\"amount\":\"1\",\"currency\":\"EUR\"}}", "USD"))
                .hasMessageContaining("no USD price");
        assertThatThrownBy(() -> PriceFeed.parse("{\"USD\":0}", "USD")).hasMessageContaining("not above 0");
        assertThatThrownBy(() -> PriceFeed.parse("{\"USD\":-3}", "USD")).hasMessageContaining("not above 0");
        assertThatThrownBy(() -> PriceFeed.parse("{\"USD\":\"lots\"}", "USD")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PriceFeed.parse("[65000]", "USD")).hasMessageContaining("not a JSON object");
    }

    @Test
    void anOutageKeepsTheLastPriceAndAFeedThatNeverAnsweredHasNone() throws Exception {
        try (PriceFeedServer server = new PriceFeedServer("100000")) {
            PriceFeed feed = new PriceFeed(HttpClient.newHttpClient(), server.url, "USD");
            assertThat(feed.now()).isEmpty(); // not read yet
            assertThat(feed.refresh()).isTrue();
            assertThat(feed.now().orElseThrow().perBitcoin()).isEqualByComparingTo("100000");
            server.price("90000");
            server.failWith(503);
            assertThat(feed.refresh()).isFalse();
            assertThat(feed.now().orElseThrow().perBitcoin()).isEqualByComparingTo("100000");
            server.failWith(0);
            assertThat(feed.refresh()).isTrue();
            assertThat(feed.now().orElseThrow().perBitcoin()).isEqualByComparingTo("90000");
        }
        try (PriceFeedServer down = new PriceFeedServer("100000")) {
            down.failWith(502);
            PriceFeed feed = new PriceFeed(HttpClient.newHttpClient(), down.url, "USD").start();
            try {
                assertThat(down.requests.get()).isEqualTo(1); // read once at start, before anything is priced
                assertThat(feed.now()).isEmpty();
            } finally {
                feed.close();
            }
        }
    }

    /** A feed whose real time the test moves (staleness and the move window are real time). */
    static final class Feed {
        final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        final PriceFeed feed;

        Feed(PriceFeedServer server) {
            feed = new PriceFeed(
                    HttpClient.newHttpClient(),
                    server.url,
                    "USD",
                    nanos::get,
                    java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC));
        }

        void advance(java.time.Duration d) {
            nanos.addAndGet(d.toNanos());
        }

        String usd() {
            return feed.now().orElseThrow().perBitcoin().toPlainString();
        }
    }

    @Test
    void anImplausiblePriceIsRefusedAndTheLastGoodOneKeptWithTheReasonForTheOperators() throws Exception {
        try (PriceFeedServer server = new PriceFeedServer("100000")) {
            Feed f = new Feed(server);
            assertThat(f.feed.refresh()).isTrue();
            assertThat(f.feed.status().refusal()).isEmpty();
            // a dollar-millionth bitcoin would make a $10 plan cost 10^15 sats; 1E-30 overflowed the sats into a 500
            for (String absurd : new String[] {"0.000001", "1E-30", "99.99", "1E13", "\"1E999999999\""}) {
                server.price(absurd);
                assertThat(f.feed.refresh()).as(absurd).isFalse();
                assertThat(f.usd()).as("kept after " + absurd).isEqualTo("100000");
                assertThat(f.feed.status().refusal().orElseThrow())
                        .as(absurd)
                        .contains("outside the plausible band of 100 to 10000000000")
                        .hasSizeLessThan(200);
                assertThat(f.feed.status().refusedAt()).contains(java.time.Instant.parse("2026-11-25T12:00:00Z"));
                assertThat(f.feed.status().stale()).isFalse();
            }
            // never a rate before: an absurd first answer is refused too, and there is no price
            try (PriceFeedServer fresh = new PriceFeedServer("1E-30")) {
                Feed g = new Feed(fresh);
                assertThat(g.feed.refresh()).isFalse();
                assertThat(g.feed.now()).isEmpty();
                assertThat(g.feed.status().stale()).isTrue();
            }
        }
    }

    @Test
    void aRateMovingMoreThanAQuarterFromAnyAcceptedInThePastHourIsRefused() throws Exception {
        try (PriceFeedServer server = new PriceFeedServer("100000")) {
            Feed f = new Feed(server);
            assertThat(f.feed.refresh()).isTrue();
            server.price("130000");
            assertThat(f.feed.refresh()).isFalse();
            assertThat(f.feed.status().refusal().orElseThrow())
                    .contains("moves 30% from 100000")
                    .contains("more than the 25%");
            assertThat(f.usd()).isEqualTo("100000");
            f.advance(java.time.Duration.ofMinutes(1));
            server.price("124000");
            assertThat(f.feed.refresh()).isTrue();
            // creeping step by step does not get further: every rate of the past hour bounds the next
            f.advance(java.time.Duration.ofMinutes(1));
            server.price("150000");
            assertThat(f.feed.refresh()).isFalse();
            assertThat(f.feed.status().refusal().orElseThrow()).contains("from 100000");
            server.price("80000");
            assertThat(f.feed.refresh()).as("35% below 124000").isFalse();
            assertThat(f.usd()).isEqualTo("124000");
            // the last accepted rate ages: past 15 minutes it is stale, nothing is charged at it
            f.advance(java.time.Duration.ofMinutes(16));
            assertThat(f.feed.refresh()).isFalse();
            assertThat(f.feed.now()).isEmpty();
            assertThat(f.feed.status().stale()).isTrue();
            assertThat(f.feed.status().rate().orElseThrow().perBitcoin()).isEqualByComparingTo("124000");
            // an hour after the last accepted rate a real crash is followed (still within the band)
            f.advance(java.time.Duration.ofMinutes(45));
            assertThat(f.feed.refresh()).isTrue();
            assertThat(f.usd()).isEqualTo("80000");
            assertThat(f.feed.status().stale()).isFalse();
        }
    }

    @Test
    void aHugeAnswerIsNotReadIntoMemory() throws Exception {
        try (PriceFeedServer server = new PriceFeedServer("100000")) {
            Feed f = new Feed(server);
            assertThat(f.feed.refresh()).isTrue();
            long huge = 450L * 1024 * 1024;
            for (boolean declared : new boolean[] {true, false}) {
                server.floodSent.set(0);
                server.flood(huge, declared);
                assertThat(f.feed.refresh()).as("declared: %s", declared).isFalse();
                assertThat(f.feed.status().refusal().orElseThrow()).contains("larger than 16384 bytes");
                assertThat(f.usd()).isEqualTo("100000");
                // what the server got out before the reader hung up: socket buffers, not the 450 MB
                assertThat(server.floodSent.get()).as("declared: %s", declared).isLessThan(huge / 10);
            }
            // a body just under the bound is read (and then judged on what it says)
            server.body("{\"USD\":101000" + " ".repeat(PriceFeed.MAX_BODY - 20) + "}");
            assertThat(f.feed.refresh()).isTrue();
            assertThat(f.usd()).isEqualTo("101000");
        }
    }
}
