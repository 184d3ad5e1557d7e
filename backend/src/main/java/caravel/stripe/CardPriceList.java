package caravel.stripe;

import caravel.billing.CardPrices;
import caravel.domain.Epoch;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stripe's prices of the paid plans, asked once and kept: the account page says what the card will be charged before
 * anyone is sent to Checkout. Asking Stripe is a network call, so it never happens on a reader's thread (the summary
 * is read inside a database handle): a reader gets what is known and, when it is missing or older than an hour, starts
 * one refresh in the background. {@link #refresh} is also called once at start so the first page already has them.
 */
public final class CardPriceList implements CardPrices {
    private static final Logger log = LoggerFactory.getLogger(CardPriceList.class);
    static final long MAX_AGE_SECONDS = 3600;
    /** After a failed read, the next try waits this long: an unreachable Stripe is not asked (and logged) per page. */
    static final long RETRY_SECONDS = 60;

    private final StripeGateway stripe;
    private final Prices prices;
    private final Clock clock;
    private final Map<String, StripeGateway.Price> byPlan = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** Background refreshes started (a test hook, see {@link #refreshesStarted()}). */
    private final java.util.concurrent.atomic.AtomicInteger refreshesStarted =
            new java.util.concurrent.atomic.AtomicInteger();

    private volatile long fetchedAt;
    private volatile long triedAt = Long.MIN_VALUE / 2;

    public CardPriceList(StripeGateway stripe, Prices prices, Clock clock) {
        this.stripe = stripe;
        this.prices = prices;
        this.clock = clock;
    }

    @Override
    public Optional<Money> perPeriod(Map<String, Long> quantities) {
        long now = Epoch.seconds(clock);
        if (now - fetchedAt > MAX_AGE_SECONDS && now - triedAt > RETRY_SECONDS) refreshLater();
        long total = 0;
        String currency = null;
        for (var e : quantities.entrySet()) {
            if (e.getValue() <= 0) continue;
            StripeGateway.Price p = byPlan.get(e.getKey());
            if (p == null) return Optional.empty();
            // one subscription has one currency; prices in two could not be added up into one charge
            if (currency != null && !currency.equals(p.currency())) return Optional.empty();
            currency = p.currency();
            total += p.unitAmount() * e.getValue();
        }
        return currency == null ? Optional.empty() : Optional.of(new Money(total, currency));
    }

    private void refreshLater() {
        if (refreshing.compareAndSet(false, true)) {
            refreshesStarted.incrementAndGet();
            Thread.ofVirtual().name("stripe-prices").start(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    /** Background refreshes started so far (tests: reads that must not ask Stripe start none). */
    int refreshesStarted() {
        return refreshesStarted.get();
    }

    /** Whether a background refresh is under way (tests wait for it to end). */
    boolean refreshing() {
        return refreshing.get();
    }

    /** Asks Stripe for every paid plan's price; a failure keeps what was known and is tried again on the next read. */
    void refresh() {
        triedAt = Epoch.seconds(clock);
        try {
            for (var plan : prices.plans().paid()) byPlan.put(plan.id(), stripe.retrievePrice(prices.price(plan.id())));
            fetchedAt = Epoch.seconds(clock);
        } catch (RuntimeException e) {
            log.warn("Stripe prices not read: {}", e.getMessage());
        }
    }
}
