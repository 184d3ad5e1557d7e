package caravel.admission;

import caravel.config.Config;
import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.RetryLater;
import caravel.invoice.Expiry;
import caravel.invoice.Lifecycle;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A person's join invoice, for {@link Joins}: the one open now (one that ran out is asked about once more and closed),
 * a new one from the owner's wallet (at most ADMISSION_OPEN_JOIN_INVOICES open per relay), and the look-up a person's
 * page asks for, at most every {@link Joins#CHECK_EVERY_SECONDS} per invoice.
 *
 * @param openJoins the relays' join invoices being made now, counted with the open ones
 */
record JoinInvoices(
        Jdbi jdbi,
        Clock clock,
        AdmissionInvoiceStore invoices,
        InvoiceLookUps lookUps,
        WalletInvoices making,
        Config.PaidAdmission timing,
        OpenJoinInvoices openJoins) {

    /** The person's open invoice on the relay, once one that ran out is closed. */
    Optional<AdmissionInvoice> open(Relay r, String pubkey) {
        Optional<AdmissionInvoice> open = jdbi.withHandle(h -> invoices.open(h, r.id(), pubkey));
        if (open.isPresent() && Expiry.ranOut(open.get().expiresAt(), Epoch.seconds(clock))) {
            // a person asking again for an invoice that ran out: the wallet is asked once more, and an invoice it
            // still calls unpaid is closed (a node refuses payments of an expired invoice), so a new one is made
            AdmissionInvoice stale = open.get();
            lookUps.lookUp(r, stale, true);
            jdbi.useHandle(h -> new Lifecycle<>(invoices).expire(h, stale.id(), Epoch.seconds(clock)));
            open = jdbi.withHandle(h -> invoices.open(h, r.id(), pubkey));
        }
        return open;
    }

    /** A new join invoice for the person, stored; false when a second join of theirs raced this one and won. */
    boolean make(Relay r, RelayAdmission a, String pubkey) {
        AdmissionInvoice made = openJoins.making(
                r.id(),
                timing.openJoinInvoices(),
                () -> jdbi.withHandle(h -> invoices.openJoins(h, r.id(), Epoch.seconds(clock))),
                counted -> tooManyOpen(r, counted),
                () -> making.make(r, a, pubkey, AdmissionInvoice.Purpose.JOIN, Joins.JOIN_EXPIRY_SECONDS));
        return jdbi.inTransaction(h -> {
            try {
                invoices.insert(h, made);
                return true;
            } catch (UnableToExecuteStatementException e) {
                return false; // a second join of the same person raced this one: theirs is the open invoice
            }
        });
    }

    /** Rate limited until the first of the relay's open join invoices runs out (or a minute, when they were being made). */
    private RetryLater tooManyOpen(Relay r, AdmissionInvoiceStore.OpenJoins open) {
        long wait = open.firstExpiry() == null
                ? 60
                : Math.min(Joins.JOIN_EXPIRY_SECONDS, open.firstExpiry() - Epoch.seconds(clock));
        return new RetryLater(
                Failure.Kind.RATE_LIMITED,
                "too_many_open_invoices",
                r.name() + " has " + timing.openJoinInvoices() + " unpaid join invoices open already; try again in "
                        + Math.max(1, wait) + " s.",
                wait);
    }

    /** Asks the owner's wallet about the person's open invoice, unless it was asked about moments ago. */
    void checkIfDue(Relay r, String pubkey) {
        Optional<AdmissionInvoice> open = jdbi.withHandle(h -> invoices.open(h, r.id(), pubkey));
        if (open.isEmpty()) return;
        AdmissionInvoice inv = open.get();
        long now = Epoch.seconds(clock);
        if (inv.checkedAt() != null && now - inv.checkedAt() < Joins.CHECK_EVERY_SECONDS) return;
        lookUps.lookUp(r, inv, true);
    }
}
