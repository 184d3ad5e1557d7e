package caravel.billing;

import caravel.config.FiatRate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FIAT_RATE_URL: the bitcoin price read from a JSON feed once a minute in the background, so that making an invoice
 * (inside a database transaction) only reads the last figure and never waits on the network. A figure older than
 * {@link #STALE_AFTER} counts as unknown: invoices priced in fiat then wait rather than charge an old rate.
 *
 * <p>Three common shapes are understood: a flat object keyed by currency ({@code {"USD": 65000, ...}}), a spot
 * price ({@code {"data": {"amount": "65000.00", "currency": "USD"}}}), and a per-coin object ({@code {"bitcoin":
 * {"usd": 65000}}}).
 */
public final class PriceFeed implements BitcoinPrice, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PriceFeed.class);
    static final Duration EVERY = Duration.ofMinutes(1);
    static final Duration STALE_AFTER = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI url;
    private final String currency;
    private volatile FiatRate last;
    /** System.nanoTime() of the last good read: staleness is real time, whatever clock billing runs on. */
    private volatile long lastAt;

    private volatile boolean failing;
    private volatile Thread loop;

    public PriceFeed(HttpClient http, String url, String currency) {
        this.http = http;
        this.url = URI.create(url);
        this.currency = currency;
    }

    /** Reads the feed now (so the first invoice after start has a price) and then every minute until closed. */
    public PriceFeed start() {
        refresh();
        loop = Thread.ofVirtual().name("price-feed").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                    return;
                }
                refresh();
            }
        });
        return this;
    }

    @Override
    public Optional<FiatRate> now() {
        FiatRate r = last;
        if (r == null || System.nanoTime() - lastAt > STALE_AFTER.toNanos()) return Optional.empty();
        return Optional.of(r);
    }

    /** One read of the feed; a failure keeps the last figure (until it is stale) and is logged once per outage. */
    public boolean refresh() {
        try {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) throw new IllegalStateException("answered HTTP " + res.statusCode());
            BigDecimal price = parse(res.body(), currency);
            last = new FiatRate(currency, price);
            lastAt = System.nanoTime();
            if (failing) log.info("bitcoin price feed answers again: {} {}", price.toPlainString(), currency);
            failing = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            if (!failing) log.warn("bitcoin price feed {} failed: {}", url.getHost(), e.getMessage());
            failing = true;
            return false;
        }
    }

    /** The price of one bitcoin in {@code currency} from a feed's body; an exception says what is wrong with it. */
    static BigDecimal parse(String body, String currency) throws java.io.IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.isObject()) throw new IllegalArgumentException("the feed is not a JSON object");
        JsonNode v = root.get(currency);
        JsonNode data = root.get("data");
        if (v == null && data != null && data.isObject()) {
            JsonNode c = data.get("currency");
            if (c == null || c.asText().equalsIgnoreCase(currency)) v = data.get("amount");
        }
        JsonNode coin = root.get("bitcoin");
        if (v == null && coin != null && coin.isObject()) v = coin.get(currency.toLowerCase(Locale.ROOT));
        if (v == null || !(v.isNumber() || v.isTextual()))
            throw new IllegalArgumentException("the feed has no " + currency + " price");
        BigDecimal price;
        try {
            price = new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the feed's " + currency + " price is not a number");
        }
        if (price.signum() <= 0) throw new IllegalArgumentException("the feed's " + currency + " price is not above 0");
        return price;
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t != null) t.interrupt();
    }
}
