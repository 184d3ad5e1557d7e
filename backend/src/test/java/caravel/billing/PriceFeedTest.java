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
}
