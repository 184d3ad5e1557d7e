package caravel.relayparts;

import caravel.store.Relay;

/**
 * How a part ends one person's state on a relay when they are erased: a NIP-62 request to vanish, or the owner's
 * erasure of a member. Runs in the erasure's job after the person's events were removed from zooid, through the part's
 * own service as {@link Request#caller}; it must be idempotent (a job that stopped half-way runs it again).
 */
@FunctionalInterface
public interface Erasure {
    void erase(Request request);

    /** Whether this part's end runs before every other part's ({@link #first}); most run in registration order. */
    default boolean runsFirst() {
        return false;
    }

    /**
     * An end that runs before every other part's: one that stops what the others' ends would otherwise announce about
     * the person (the webhooks part: the membership's end would be told to third parties as {@code member.left}).
     */
    static Erasure first(Erasure e) {
        return new Erasure() {
            @Override
            public void erase(Request request) {
                e.erase(request);
            }

            @Override
            public boolean runsFirst() {
                return true;
            }
        };
    }

    /**
     * Erase {@code pubkey} from {@code relay}: what they wrote up to {@code untilS} (the request's created_at), asked by
     * {@code caller} (the owner or an admin, or the person themselves for their own request to vanish, who may end
     * only their own state).
     */
    record Request(Relay relay, String pubkey, long untilS, Caller caller) {
        public Request {
            if (relay == null || pubkey == null || caller == null) throw new IllegalArgumentException("incomplete");
        }
    }
}
