package caravel.auth;

import caravel.domain.Actor;

/**
 * Who is calling, and how they proved it. sessionHash is set when the request used a bearer session.
 *
 * @param proof what the caller presented: only {@link Proof#SIGNATURE} (a fresh, single-use NIP-98 event for this
 *              very request) counts as the owner's consent for what a stolen credential must not do (raising the
 *              autopay budget, paying beyond it, opening sessions)
 * @param token the API token the request carried ({@link Proof#API_TOKEN}), null otherwise
 */
public record Principal(String pubkey, boolean admin, String sessionHash, Proof proof, TokenGrant token) {
    public enum Proof {
        /** Strict NIP-98: signed for this method, URL and body, within 60 s, used once. */
        SIGNATURE,
        /** A bearer session opened earlier with a signature. */
        SESSION,
        /** Flotilla's reusable sign-in event, accepted only on the Flotilla listener; never an administrator. */
        FLOTILLA_TOKEN,
        /**
         * A personal API token (docs/api-tokens.md): accepted on relay routes only, within its scopes and its
         * creator's current role; never an administrator, never a fresh signature, never a session.
         */
        API_TOKEN
    }

    public Principal(String pubkey, boolean admin, String sessionHash, Proof proof) {
        this(pubkey, admin, sessionHash, proof, null);
    }

    public Principal {
        if (proof == Proof.SESSION && sessionHash == null)
            throw new IllegalArgumentException("a session needs its hash");
        if (proof != Proof.SESSION && sessionHash != null)
            throw new IllegalArgumentException("only a session carries a session hash");
        if (proof == Proof.FLOTILLA_TOKEN && admin)
            throw new IllegalArgumentException("a Flotilla token never makes an administrator");
        if ((proof == Proof.API_TOKEN) != (token != null))
            throw new IllegalArgumentException("an API token's principal, and only it, carries the token");
        if (proof == Proof.API_TOKEN && admin)
            throw new IllegalArgumentException("an API token never makes an administrator");
    }

    /** The caller as who acts: what the services record. */
    public Actor actor() {
        return token == null ? Actor.person(pubkey) : Actor.withToken(pubkey, token.id());
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

    /** A request made with an API token, as its creator, never as an administrator. */
    public static Principal apiToken(TokenGrant token) {
        return new Principal(token.pubkey(), false, null, Proof.API_TOKEN, token);
    }

    /** True only for a strict NIP-98 signature made for this request. */
    public boolean freshSignature() {
        return proof == Proof.SIGNATURE;
    }

    public boolean canAccessTenant(String tenant) {
        return admin || pubkey.equals(tenant);
    }
}
