package caravel.billing;

import caravel.config.FiatRate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FIAT_RATE_URL: the bitcoin price read from a JSON feed once a minute in the background, so that making an invoice
 * (inside a database transaction) only reads the last figure and never waits on the network. A figure older than
 * {@link #STALE_AFTER} counts as unknown: invoices priced in fiat then wait rather than charge an old rate.
 *
 * <p>The feed is not believed whatever it says: a feed that is wrong, hijacked or broken would otherwise set what
 * everyone is charged. An answer is refused, and the last accepted rate kept (until it is stale), when its body is
 * larger than {@link #MAX_BODY} bytes (read no further), when the price is outside {@link #LOWEST}..{@link #HIGHEST}
 * units of the currency per bitcoin, or when it is more than {@link #MAX_MOVE} away from any rate accepted in the
 * past {@link #MOVE_WINDOW}. The last refusal, with when and why, is in {@link #status()} for the operators.
 *
 * <p>Three common shapes are understood: a flat object keyed by currency ({@code {"USD": 65000, ...}}), a spot
 * price ({@code {"data": {"amount": "65000.00", "currency": "USD"}}}), and a per-coin object ({@code {"bitcoin":
 * {"usd": 65000}}}).
 */
public final class PriceFeed implements BitcoinPrice, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PriceFeed.class);
    static final Duration EVERY = Duration.ofMinutes(1);
    static final Duration STALE_AFTER = Duration.ofMinutes(15);
    /** A price answer is a few hundred bytes; anything near this is not one (and is not read into memory). */
    static final int MAX_BODY = 16 * 1024;
    /**
     * The plausible band, in units of the configured currency per bitcoin, whatever the currency: wide enough for
     * every currency's real price (from dinars to dong), narrow enough that no plan price turns into an absurd or
     * overflowing number of sats.
     */
    static final BigDecimal LOWEST = BigDecimal.valueOf(100), HIGHEST = BigDecimal.valueOf(10_000_000_000L);
    /** The largest share a rate may move from any rate accepted within {@link #MOVE_WINDOW} (docs: README, Plans). */
    static final BigDecimal MAX_MOVE = new BigDecimal("0.25");

    static final Duration MOVE_WINDOW = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI url;
    private final String currency;
    /** Staleness and the move window are real time (System.nanoTime), whatever clock billing runs on. */
    private final LongSupplier nanos;
    /** Only for the times the operators are shown. */
    private final Clock wall;

    private record Accepted(FiatRate rate, long atNanos, Instant at) {}

    private record Refusal(Instant at, String reason) {}

    private volatile Accepted last;
    private volatile Refusal refused;
    /** The rates accepted within the move window, oldest first (only refresh touches it, under the lock). */
    private final Deque<Accepted> recent = new ArrayDeque<>();

    private volatile boolean failing;
    private volatile Thread loop;

    public PriceFeed(HttpClient http, String url, String currency) {
        this(http, url, currency, System::nanoTime, Clock.systemUTC());
    }

    PriceFeed(HttpClient http, String url, String currency, LongSupplier nanos, Clock wall) {
        this.http = http;
        this.url = URI.create(url);
        this.currency = currency;
        this.nanos = nanos;
        this.wall = wall;
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
        Accepted a = last;
        if (a == null || stale(a)) return Optional.empty();
        return Optional.of(a.rate());
    }

    @Override
    public PriceStatus status() {
        Accepted a = last;
        Refusal r = refused;
        return new PriceStatus(
                "feed",
                Optional.ofNullable(a).map(Accepted::rate),
                Optional.ofNullable(a).map(Accepted::at),
                a == null || stale(a),
                Optional.ofNullable(r).map(Refusal::at),
                Optional.ofNullable(r).map(Refusal::reason));
    }

    private boolean stale(Accepted a) {
        return nanos.getAsLong() - a.atNanos() > STALE_AFTER.toNanos();
    }

    /**
     * One read of the feed; a failure or a refused answer keeps the last rate (until it is stale), is logged once per
     * outage and is kept, with when and why, for {@link #status()}.
     */
    public synchronized boolean refresh() {
        try {
            BigDecimal price = parse(fetch(), currency);
            accept(price);
            if (failing) log.info("bitcoin price feed answers again: {} {}", price.toPlainString(), currency);
            failing = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // a parser's message may quote the body: keep what the operators are shown short
            if (reason.length() > 300) reason = reason.substring(0, 300) + "…";
            refused = new Refusal(wall.instant(), reason);
            if (!failing) log.warn("bitcoin price feed {} refused: {}", url.getHost(), reason);
            failing = true;
            return false;
        }
    }

    /** The feed's body, read no further than {@link #MAX_BODY} bytes. */
    private String fetch() throws IOException, InterruptedException {
        HttpResponse<InputStream> res = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // closing the stream before its end drops the connection: the rest is never read
        try (InputStream in = res.body()) {
            if (res.statusCode() != 200) throw new IllegalStateException("the feed answered HTTP " + res.statusCode());
            long declared = res.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > MAX_BODY) throw tooLarge();
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) throw tooLarge();
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static IllegalArgumentException tooLarge() {
        return new IllegalArgumentException("the feed's answer is larger than " + MAX_BODY + " bytes");
    }

    /** Takes a parsed price as the rate, unless it is implausible or moved too far too fast (then it says why). */
    private void accept(BigDecimal price) {
        if (price.compareTo(LOWEST) < 0 || price.compareTo(HIGHEST) > 0)
            throw new IllegalArgumentException(shown(price) + " " + currency + " per bitcoin is outside the plausible"
                    + " band of " + LOWEST.toPlainString() + " to " + HIGHEST.toPlainString());
        long at = nanos.getAsLong();
        while (!recent.isEmpty() && at - recent.peekFirst().atNanos() > MOVE_WINDOW.toNanos()) recent.removeFirst();
        for (Accepted a : recent) {
            BigDecimal was = a.rate().perBitcoin();
            BigDecimal move = price.subtract(was).abs().divide(was, MathContext.DECIMAL64);
            if (move.compareTo(MAX_MOVE) > 0)
                throw new IllegalArgumentException(shown(price) + " " + currency + " per bitcoin moves "
                        + move.movePointRight(2).setScale(0, java.math.RoundingMode.HALF_UP) + "% from "
                        + shown(was) + " accepted at " + a.at() + ", more than the "
                        + MAX_MOVE.movePointRight(2).stripTrailingZeros().toPlainString()
                        + "% a rate may move within an hour");
        }
        Accepted now = new Accepted(new FiatRate(currency, price), at, wall.instant());
        recent.addLast(now);
        last = now;
    }

    /** A number from the feed as a short text, whatever its size or exponent. */
    private static String shown(BigDecimal n) {
        BigDecimal r = n.round(new MathContext(12)).stripTrailingZeros();
        return Math.abs(r.scale()) > 12 ? r.toString() : r.toPlainString();
    }

    /** The price of one bitcoin in {@code currency} from a feed's body; an exception says what is wrong with it. */
    static BigDecimal parse(String body, String currency) throws IOException {
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
