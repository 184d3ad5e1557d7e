package caravel.admission;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.billing.LightningWallet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every join to an owner's wallet passes {@link PaymentListeners#ensure}: while one caller opens the wallet's
 * subscription (a wallet that does not answer holds it for the whole timeout), the others must go on at once, not queue
 * behind it.
 */
class PaymentListenersOpeningTest {

    /** A wallet whose listen call does not come back until released, as one that never answers until its timeout. */
    static final class StalledWallet implements LightningWallet {
        final CountDownLatch release;
        final AtomicInteger listens;

        StalledWallet(CountDownLatch release, AtomicInteger listens) {
            this.release = release;
            this.listens = listens;
        }

        @Override
        public MadeInvoice makeInvoice(long amountSats, String description, long expirySeconds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lookup lookupInvoice(String paymentHash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String payInvoice(String bolt11) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Info getInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Listening> listen(Consumer<String> paymentHash) throws WalletException {
            listens.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new WalletException("TIMEOUT", "the wallet did not answer");
        }
    }

    @Test
    void callersWhileTheSubscriptionIsBeingOpenedGoOnAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger listens = new AtomicInteger();
        PaymentListeners listeners = new PaymentListeners(null, url -> new StalledWallet(release, listens));
        String url = "nostr+walletconnect://stalled";
        Thread first = Thread.ofVirtual().start(() -> listeners.ensure(url));
        while (listens.get() == 0) Thread.onSpinWait();
        // the first caller is inside the wallet's listen call; ten more joins arrive
        List<Thread> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) others.add(Thread.ofVirtual().start(() -> listeners.ensure(url)));
        for (Thread t : others)
            assertThat(t.join(java.time.Duration.ofSeconds(10)))
                    .as("a caller went on")
                    .isTrue();
        assertThat(listens.get()).as("only one caller opens").isEqualTo(1);
        assertThat(first.isAlive()).as("the opener still waits on the wallet").isTrue();
        release.countDown();
        first.join();
        assertThat(listeners.listeningTo(url)).isFalse();
    }
}
