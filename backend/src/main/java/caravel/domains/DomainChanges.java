package caravel.domains;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Validation;
import caravel.domains.CustomDomains.Change;
import caravel.domains.CustomDomains.Settings;
import caravel.relays.RelayStateMachine;
import caravel.relays.RelayTransitions;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's custom domain set, changed or removed: validated against the platform's own hosts and the plan, one row
 * and an activity entry per change, the domain let go redirecting for a while. What is left after the commit (the
 * proxy told, the new domain checked) is {@link CustomDomains#afterCommit}'s.
 *
 * @param transitions say what a suspended account may not change (its relays' domains too)
 */
record DomainChanges(
        Jdbi jdbi,
        Clock clock,
        RelayStore relays,
        ActivityLog activity,
        RelayTransitions transitions,
        DomainStore store,
        DomainServing serving,
        Settings settings) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@link CustomDomains#set} up to its commit. */
    Change set(Relay r, String domain, RelayStateMachine.Actor by) {
        return jdbi.inTransaction(h -> setIn(h, r, domain, by));
    }

    /** {@link CustomDomains#setIn}: the row replaced (new token, pending) unless it already names the domain. */
    Change setIn(Handle h, Relay r, String domain, RelayStateMachine.Actor by) {
        String name = Validation.customDomain(domain, reservedHosts());
        requirePlan(r.plan());
        long now = Epoch.seconds(clock);
        Relay current = relays.find(h, r.id()).orElseThrow(() -> Failure.notFound("relay not found"));
        transitions.checkEditable(h, current, by.role());
        Optional<RelayDomain> old = store.find(h, r.id());
        if (old.isPresent() && old.get().domain().equals(name)) return new Change(r.id(), false, false);
        if (store.verifiedElsewhere(h, name, r.id()).isPresent()) throw taken(name);
        boolean wasServed = old.isPresent() && serving.served(current, old.get());
        old.ifPresent(o -> redirectOldDomain(h, o, now));
        store.put(
                h,
                new RelayDomain(
                        r.id(),
                        name,
                        token(),
                        RelayDomain.PENDING,
                        null,
                        0,
                        now,
                        null,
                        null,
                        DomainStates.nextCheck(RelayDomain.PENDING, now, now)));
        activity.add(
                h,
                r.tenant(),
                r.id(),
                "domain_set",
                old.map(o -> "Custom domain changed from " + o.domain() + " to " + name)
                                .orElse("Custom domain " + name + " set")
                        + ": waiting for its DNS records",
                by.who(),
                now);
        return new Change(r.id(), wasServed, false);
    }

    /** {@link CustomDomains#remove} up to its commit. */
    Change remove(Relay r, RelayStateMachine.Actor by) {
        return jdbi.inTransaction(h -> removeIn(h, r, by));
    }

    /** {@link CustomDomains#removeIn}: the row deleted, the domain let go redirecting. */
    Change removeIn(Handle h, Relay r, RelayStateMachine.Actor by) {
        long now = Epoch.seconds(clock);
        Relay current = relays.find(h, r.id()).orElse(r);
        transitions.checkEditable(h, current, by.role());
        Optional<RelayDomain> old = store.delete(h, r.id());
        old.ifPresent(o -> redirectOldDomain(h, o, now));
        old.ifPresent(o -> activity.add(
                h, r.tenant(), r.id(), "domain_removed", "Custom domain " + o.domain() + " removed", by.who(), now));
        return new Change(r.id(), old.isPresent() && serving.served(current, old.get()), true);
    }

    /**
     * The relay lets a domain go (changed or removed): while RELAY_REDIRECT_SECONDS last, NIP-11 reads of it answer
     * redirect_to the relay's address now, so Nostr apps move their members' lists over. Only for a domain the relay
     * held verified: its owner proved the name (the TXT record), so nobody can make a name they never proved redirect
     * to their relay; a pending or lost one was never the relay's address.
     */
    private void redirectOldDomain(Handle h, RelayDomain old, long now) {
        if (!old.verified() || settings.redirectFor().isZero()) return;
        store.addRedirect(
                h, old.domain(), old.relayId(), now + settings.redirectFor().toSeconds(), now);
    }

    /** {@link CustomDomains#validate}: the name's rules, the plan, another relay served at it. */
    String validate(String domain, Plan plan) {
        String name = Validation.customDomain(domain, reservedHosts());
        requirePlan(plan.id());
        if (jdbi.withHandle(h -> store.verifiedElsewhere(h, name, "")).isPresent()) throw taken(name);
        return name;
    }

    /** The app's own hosts and the zooid nodes' relay domains: no relay may claim them or a name under them. */
    private List<String> reservedHosts() {
        List<String> hosts = new ArrayList<>(settings.platformHosts());
        hosts.addAll(settings.nodes().domains());
        return hosts;
    }

    private void requirePlan(String planId) {
        if (!serving.planAllows(planId))
            throw new Failure(
                    Failure.Kind.FORBIDDEN,
                    "not_in_plan",
                    "domain",
                    "Custom domains are not included in the " + settings.plans().nameOf(planId)
                            + " plan: move the relay to a plan with them first.");
    }

    private static Failure taken(String name) {
        return new Failure(
                Failure.Kind.CONFLICT, "domain_taken", "domain", name + " is already the domain of another relay");
    }

    private static String token() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
