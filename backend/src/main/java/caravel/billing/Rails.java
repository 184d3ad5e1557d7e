package caravel.billing;

import caravel.domain.Rail;
import caravel.store.Relay;
import org.jdbi.v3.core.Handle;

/**
 * The other rail. A tenant on card is charged through Stripe (caravel.stripe), not by Lightning invoices: the
 * charges {@link Invoicing} makes hand such a tenant's changes to it, and renewals leave its cycles to Stripe's
 * subscription.
 */
public interface Rails {
    /** Whether the tenant's relays are billed by card. */
    boolean onCard(Handle h, String tenant);

    /**
     * How the tenant pays: the rail billing it now, the rail it asked to switch to at its next renewal (null: none),
     * and whether a card subscription is set up (a switch to card takes effect at the renewal only then).
     */
    record Choice(Rail rail, Rail nextRail, boolean cardSetUp) {
        public static final Choice LIGHTNING = new Choice(Rail.LIGHTNING, null, false);

        public boolean onCard() {
            return rail == Rail.CARD;
        }
    }

    Choice choice(Handle h, String tenant);

    /** The tenant's relays changed what they should be paying for: card billing brings Stripe in line. */
    void changed(Handle h, String tenant);

    /**
     * Whether the card subscription, as its verified webhooks last reported it, pays this period for a place for this
     * (inactive) relay besides the places of the tenant's other relays.
     */
    boolean placePaid(Handle h, Relay r);

    /** A renewal boundary of the tenant's cycle: a rail switch asked for earlier takes effect now. */
    void atRenewal(Handle h, String tenant, long cycleStart);

    /**
     * Whether the renewal of the cycle starting at cycleStart must wait: which rail bills that cycle depends on
     * something only the other rail's provider knows yet (a card Checkout handed out for a switch, which may have
     * been paid while its webhooks are still on the way). {@link RenewalBoundary} asks the provider before the
     * periodic run's renewal; until it has an answer nothing renews the cycle, so it is never billed on both rails.
     */
    boolean renewalWaits(Handle h, String tenant, long cycleStart);

    Rails LIGHTNING_ONLY = new Rails() {
        @Override
        public boolean onCard(Handle h, String tenant) {
            return false;
        }

        @Override
        public Choice choice(Handle h, String tenant) {
            return Choice.LIGHTNING;
        }

        @Override
        public void changed(Handle h, String tenant) {}

        @Override
        public void atRenewal(Handle h, String tenant, long cycleStart) {}

        @Override
        public boolean renewalWaits(Handle h, String tenant, long cycleStart) {
            return false;
        }

        @Override
        public boolean placePaid(Handle h, Relay r) {
            return false; // never asked: no tenant is on card
        }
    };
}
