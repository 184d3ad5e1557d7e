package caravel.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.domain.InvoiceStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/** Settle once, expire, cancel: only pending moves, and only once, whoever asks. */
class LifecycleTest {
    /** An in-memory ledger with the compare-and-set the stores make in SQL. */
    static final class Ledger implements InvoiceLedger<String> {
        final Map<String, InvoiceStatus> states = new HashMap<>();
        final Map<String, String> payments = new HashMap<>();

        @Override
        public boolean markPaid(Handle h, String id, long at, String payment) {
            if (states.get(id) != InvoiceStatus.PENDING) return false;
            states.put(id, InvoiceStatus.PAID);
            payments.put(id, payment);
            return true;
        }

        @Override
        public boolean close(Handle h, String id, InvoiceStatus to, long now) {
            if (states.get(id) != InvoiceStatus.PENDING) return false;
            states.put(id, to);
            return true;
        }
    }

    @Test
    void aPaymentBuysWhatItPaysForOnceHoweverOftenItIsSettled() {
        Ledger ledger = new Ledger();
        ledger.states.put("a", InvoiceStatus.PENDING);
        Lifecycle<String> lifecycle = new Lifecycle<>(ledger);
        AtomicInteger bought = new AtomicInteger();
        assertThat(lifecycle.settle(null, "a", 10, "hash1", h -> bought.incrementAndGet()))
                .isTrue();
        assertThat(lifecycle.settle(null, "a", 11, "hash2", h -> bought.incrementAndGet()))
                .isFalse();
        assertThat(bought).hasValue(1);
        assertThat(ledger.payments).containsEntry("a", "hash1");
        // a paid invoice neither expires nor is cancelled
        assertThat(lifecycle.expire(null, "a", 12)).isFalse();
        assertThat(lifecycle.cancel(null, "a", 12)).isFalse();
        assertThat(ledger.states).containsEntry("a", InvoiceStatus.PAID);
    }

    @Test
    void anExpiredOrCancelledInvoiceSettlesNothing() {
        Ledger ledger = new Ledger();
        ledger.states.put("x", InvoiceStatus.PENDING);
        ledger.states.put("v", InvoiceStatus.PENDING);
        Lifecycle<String> lifecycle = new Lifecycle<>(ledger);
        assertThat(lifecycle.expire(null, "x", 5)).isTrue();
        assertThat(lifecycle.cancel(null, "v", 5)).isTrue();
        AtomicInteger bought = new AtomicInteger();
        assertThat(lifecycle.settle(null, "x", 6, "h", h -> bought.incrementAndGet()))
                .isFalse();
        assertThat(lifecycle.settle(null, "v", 6, "h", h -> bought.incrementAndGet()))
                .isFalse();
        assertThat(bought).hasValue(0);
        assertThat(ledger.states).containsEntry("x", InvoiceStatus.EXPIRED).containsEntry("v", InvoiceStatus.VOID);
    }

    @Test
    void aBolt11IsOfferedWithMoreThanAMinuteLeftAndGivenUpFiveMinutesAfterItsExpiry() {
        assertThat(Expiry.payable(null, 0)).isFalse();
        assertThat(Expiry.payable(61L, 0)).isTrue();
        assertThat(Expiry.payable(60L, 0)).isFalse();
        assertThat(Expiry.expiring(null, 0)).isFalse();
        assertThat(Expiry.expiring(60L, 0)).isTrue();
        assertThat(Expiry.ranOut(100, 100)).isTrue();
        assertThat(Expiry.ranOut(101, 100)).isFalse();
        assertThat(Expiry.givenUp(100, false, 400)).isFalse();
        assertThat(Expiry.givenUp(100, false, 401)).isTrue();
        assertThat(Expiry.givenUp(100, true, 0)).isTrue();
    }
}
