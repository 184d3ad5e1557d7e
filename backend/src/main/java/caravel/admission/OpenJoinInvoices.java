package caravel.admission;

import caravel.domain.InFlight;
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
    private final InFlight making = new InFlight();

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
        // the stored ones leave cap - open places for invoices in the making
        if (!making.tryEnter(relayId, cap - open)) throw full.apply(counted);
        try {
            return make.get();
        } finally {
            making.leave(relayId);
        }
    }
}
