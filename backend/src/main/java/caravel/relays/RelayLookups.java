package caravel.relays;

import caravel.domain.Epoch;
import caravel.relays.RelayStateMachine.Role;
import caravel.relays.Relays.Offer;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** What is read about a relay beside its row: the actions offered now, its undo window, an old address, a debt. */
public record RelayLookups(
        Jdbi jdbi, Clock clock, RelayStore relayStore, RelayTransitions transitions, RelayBilling billing) {

    /** What {@link Relays#offer} finds, by the state machine and the undo window. */
    Offer offer(Relay r, Role role) {
        var facts = jdbi.withHandle(h -> transitions.timedFacts(h, r.tenant()));
        List<String> actions = RelayStateMachine.offered(RelayTransitions.stateOf(r), role, facts.facts());
        long changesAt = facts.changesAt();
        Long until = RelayDeletion.undoUntil(r);
        if (until != null) {
            // the undo window is the clock's: past it, undo is refused (the purge follows)
            if (Epoch.seconds(clock) >= until)
                actions = actions.stream().filter(a -> !a.equals("undo_delete")).toList();
            else changesAt = Math.min(changesAt, until);
        }
        return new Offer(actions, changesAt);
    }

    /** Deleted and past its undo ({@link Relays#pastUndo}). */
    boolean pastUndo(Relay r) {
        if (!r.deleted()) return false;
        Long until = RelayDeletion.undoUntil(r);
        return until == null || Epoch.seconds(clock) >= until;
    }

    /** The relay whose old subdomain this was, while it redirects ({@link Relays#redirectedFrom}). */
    Optional<Relay> redirectedFrom(String subdomain) {
        if (relayStore.bySubdomain(subdomain).isPresent()) return Optional.empty();
        return relayStore.redirectedFrom(subdomain, Epoch.seconds(clock));
    }

    Optional<Relay> find(String id) {
        return relayStore.find(id);
    }

    boolean owesFor(Relay r) {
        return jdbi.withHandle(h -> billing.owesFor(h, r));
    }
}
