package caravel.billing;

import org.jdbi.v3.core.Handle;

/** Billing's outgoing messages (NIP-17 DMs from the robot), enqueued in the caller's transaction. */
public interface Notices {
    /** @param dedupeKey the same key never sends twice */
    void send(Handle h, String tenant, String relayId, String message, String dedupeKey);

    Notices NONE = (h, tenant, relayId, message, key) -> {};
}
