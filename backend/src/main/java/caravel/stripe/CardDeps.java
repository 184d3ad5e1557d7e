package caravel.stripe;

import caravel.billing.InvoiceStore;
import caravel.billing.Invoicing;
import caravel.billing.Notices;
import caravel.billing.PaymentConfirmation;
import caravel.relays.RelayDeps;
import caravel.store.ActivityLog;
import caravel.store.RelayStore;
import caravel.store.TenantStore;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * What the card rail's parts share: the relays (their rows, outcomes, transitions), Stripe, and Lightning billing's
 * invoices, issuing and settling, which the card rail mirrors its invoices into.
 */
public record CardDeps(
        RelayDeps relays,
        StripeGateway stripe,
        InvoiceStore invoices,
        Invoicing invoicing,
        PaymentConfirmation payments,
        CardRail rail,
        Notices notices) {
    Jdbi jdbi() {
        return relays.jdbi();
    }

    Clock clock() {
        return relays.clock();
    }

    RelayStore relayStore() {
        return relays.relayStore();
    }

    TenantStore tenants() {
        return relays.tenants();
    }

    ActivityLog activity() {
        return relays.activity();
    }
}
