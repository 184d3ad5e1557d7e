package caravel.admission;

import java.util.Locale;

/**
 * One person's request to join an "ask to join" relay: from its join page (with a message) or from a Nostr app's
 * NIP-43 join, waiting for the relay's owner or team, then approved (admitted, or on a priced relay asked to pay) or
 * denied.
 */
public record JoinRequest(
        String id,
        String relayId,
        String pubkey,
        String message,
        Source source,
        Status status,
        long createdAt,
        Long decidedAt,
        String decidedBy) {

    /** Where the request came from. */
    public enum Source {
        PAGE,
        NIP43;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Source of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * pending: waits; deciding: an approval is being carried out (held so a second approval finds nothing to do);
     * approved: admitted; to_pay: approved on a priced relay, their join page sells them membership; denied.
     */
    public enum Status {
        PENDING,
        DECIDING,
        APPROVED,
        TO_PAY,
        DENIED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }

        public boolean open() {
            return this == PENDING || this == DECIDING;
        }
    }
}
