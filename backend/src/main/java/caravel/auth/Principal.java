package caravel.auth;

import caravel.domain.Actor;

/**
 * Who is calling, and how they proved it. sessionHash is set when the request used a bearer session.
 *
 * @param proof what the caller presented: only {@link Proof#SIGNATURE} (a fresh, single-use NIP-98 event for this
 *              very request) counts as the owner's consent for what a stolen credential must not do (raising the
 *              autopay budget, paying beyond it, opening sessions)
 */
public record Principal(String pubkey, boolean admin, String sessionHash, Proof proof) {
    public enum Proof {
        /** Strict NIP-98: signed for this method, URL and body, within 60 s, used once. */
        SIGNATURE,
        /** A bearer session opened earlier with a signature. */
        SESSION,
        /** Flotilla's reusable sign-in event, accepted only on the Flotilla listener; never an administrator. */
        FLOTILLA_TOKEN
    }

    public Principal {
        if (proof == Proof.SESSION && sessionHash == null)
            throw new IllegalArgumentException("a session needs its hash");
        if (proof != Proof.SESSION && sessionHash != null)
            throw new IllegalArgumentException("only a session carries a session hash");
        if (proof == Proof.FLOTILLA_TOKEN && admin)
            throw new IllegalArgumentException("a Flotilla token never makes an administrator");
    }

    /** The caller as who acts: what the services record. */
    public Actor actor() {
        return Actor.person(pubkey);
    }

    public static Principal signed(String pubkey, boolean admin) {
        return new Principal(pubkey, admin, null, Proof.SIGNATURE);
    }

    public static Principal session(String pubkey, boolean admin, String sessionHash) {
        return new Principal(pubkey, admin, sessionHash, Proof.SESSION);
    }

    public static Principal flotilla(String pubkey) {
        return new Principal(pubkey, false, null, Proof.FLOTILLA_TOKEN);
    }

    /** True only for a strict NIP-98 signature made for this request. */
    public boolean freshSignature() {
        return proof == Proof.SIGNATURE;
    }

    public boolean canAccessTenant(String tenant) {
        return admin || pubkey.equals(tenant);
    }
}
