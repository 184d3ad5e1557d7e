package caravel.relays;

import caravel.domain.Plan;
import caravel.store.Relay;
import java.util.function.Supplier;

/**
 * A relay's members as a plan change needs them: the relay lists them (community asks it over NIP-86), and members are
 * added there too, so the count a plan change is checked on must hold until it commits. Community's Members implements this;
 * {@code App} passes it to {@link Relays}.
 */
public interface RelayMembers {
    /** Refuses a move to {@code to} when the relay has more members than {@code to} allows. */
    void checkPlanChange(Relay r, Plan to);

    /** Runs {@code change} while no member is being added to the relay, so a count read inside it stays true. */
    <T> T holdingCount(String relayId, Supplier<T> change);
}
