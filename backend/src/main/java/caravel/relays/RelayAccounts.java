package caravel.relays;

import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import org.jdbi.v3.core.Handle;

/**
 * What happens to relays as accounts change: an administrator's suspension of an account and its lifting
 * ({@link AccountSuspension}), a relay handed to another account ({@link RelayHandover}).
 */
public final class RelayAccounts {
    private final AccountSuspension suspension;
    private final RelayHandover handover;

    public RelayAccounts(AccountSuspension suspension, RelayHandover handover) {
        this.suspension = suspension;
        this.handover = handover;
    }

    void suspendTenant(String tenant, Actor by) {
        suspension.suspendTenant(tenant, by);
    }

    void reinstateTenant(String tenant, Actor by) {
        suspension.reinstateTenant(tenant, by);
    }

    boolean accountSuspended(String tenant) {
        return suspension.accountSuspended(tenant);
    }

    Relay changeOwner(Handle h, String relayId, String from, String to) {
        return handover.changeOwner(h, relayId, from, to);
    }
}
