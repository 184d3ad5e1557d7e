package caravel.accounts;

import caravel.billing.Invoice;
import caravel.billing.PaymentConfirmation;
import caravel.domain.Plan;
import caravel.domain.Setting;
import caravel.domains.CustomDomains;
import caravel.relays.NewRelay;
import caravel.relays.RelayStateMachine.Actor;
import caravel.relays.Relays;
import caravel.store.Relay;
import java.util.Map;

/**
 * A tenant orders a relay: the relay is created (with its first invoice, on a paid plan) and that invoice gets its
 * bolt11 at once when the platform wallet answers in time, so the creating page can show it without a second call.
 * A relay created or edited with its custom domain is one transaction for both: a refused domain makes no relay and
 * changes nothing. Lives above relays, billing and domains because it uses all three, and relays must not see their
 * classes.
 */
public record RelayOrders(Relays relays, PaymentConfirmation billing, CustomDomains domains) {

    /** The new relay and its first invoice (null on the free plan or the card rail). */
    public record Order(Relay relay, Invoice invoice) {}

    /** What a create or an edit asks of the relay's custom domain: keep it as it is, remove it, or set a name. */
    public record DomainChange(boolean keep, String name) {
        public static final DomainChange KEEP = new DomainChange(true, "");
        public static final DomainChange REMOVE = new DomainChange(false, "");

        /** A name to set; blank removes the domain. */
        public static DomainChange to(String name) {
            return name == null || name.isBlank() ? REMOVE : new DomainChange(false, name.strip());
        }

        boolean sets() {
            return !keep && !name.isEmpty();
        }
    }

    public Order create(NewRelay n, String tenant) {
        return create(n, DomainChange.KEEP, Actor.tenant(tenant));
    }

    /**
     * Creates the relay with its custom domain (none when {@code domain} keeps or removes). The domain's own rules are
     * checked first, so a refused domain is the answer even when the relay's fields are wrong too; the relay and its
     * domain are then written in one transaction, and the domain is checked once both are committed.
     */
    public Order create(NewRelay n, DomainChange domain, Actor by) {
        if (domain.sets()) domains.validate(domain.name(), n.plan());
        CustomDomains.Change[] change = {null};
        Relays.Created created = relays.create(n, by, (h, r) -> {
            if (domain.sets()) change[0] = domains.setIn(h, r, domain.name(), by);
        });
        if (change[0] != null) domains.afterCommit(change[0]);
        return new Order(created.relay(), created.invoiceId() == null ? null : billing.issueNow(created.invoiceId()));
    }

    /**
     * Edits the relay, its settings and its custom domain in one transaction: a refused domain leaves the relay's
     * fields unchanged too. The domain's rules are checked first, against the plan asked for ({@code c.plan()}) or the
     * relay's own; the same domain again keeps its row, token and state, and is checked again once committed.
     */
    public Relay update(Relay r, Relays.Changes c, Map<Setting, Boolean> settings, DomainChange domain, Actor by) {
        if (domain.sets()) domains.validate(domain.name(), planAfter(r, c));
        CustomDomains.Change[] change = {null};
        Relay updated = relays.update(r.id(), c, settings, by, (h, now) -> {
            if (domain.keep()) return;
            change[0] = domain.sets() ? domains.setIn(h, now, domain.name(), by) : domains.removeIn(h, now, by);
        });
        if (change[0] != null) domains.afterCommit(change[0]);
        return updated;
    }

    private Plan planAfter(Relay r, Relays.Changes c) {
        return c.plan() != null ? c.plan() : domains.planOf(r);
    }
}
