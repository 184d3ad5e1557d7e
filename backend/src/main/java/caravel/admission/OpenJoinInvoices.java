package caravel.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The bound on a relay's open join invoices (ADMISSION_OPEN_JOIN_INVOICES). Every join by a stranger asks the owner's
 * wallet for an invoice and leaves a row, so without a bound fresh keys could make any number. The stored open
 * invoices count, and so do the ones being made on this process right now (they are not stored yet): a burst of
 * joins cannot all pass the count before the first is stored. Several processes (PostgreSQL) may each have invoices
 * in the making, so the bound holds within the number of processes times the wallet's own concurrency bound.
 */
final class OpenJoinInvoices {
    private final ConcurrentHashMap<String, Integer> making = new ConcurrentHashMap<>();

    /**
     * Runs {@code make} when the relay has room for one more open join invoice, else throws what {@code full} gives
     * for the count that found it full.
     *
     * @param stored the relay's stored open join invoices, counted now
     */
    <T> T making(
            String relayId,
            int cap,
            Supplier<AdmissionInvoiceStore.OpenJoins> stored,
            Function<AdmissionInvoiceStore.OpenJoins, RuntimeException> full,
            Supplier<T> make) {
        AdmissionInvoiceStore.OpenJoins counted = stored.get();
        int open = counted.count();
        boolean[] room = {false};
        making.compute(relayId, (k, n) -> {
            int now = n == null ? 0 : n;
            if (open + now >= cap) return n;
            room[0] = true;
            return now + 1;
        });
        if (!room[0]) throw full.apply(counted);
        try {
            return make.get();
        } finally {
            making.computeIfPresent(relayId, (k, n) -> n <= 1 ? null : n - 1);
        }
    }
}
