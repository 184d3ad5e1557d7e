package caravel.nostr;

import java.util.List;

/** A Nostr key pair. The secret never appears in toString. */
public final class Keys {
    private final byte[] secret;
    private final String pubkey;

    public Keys(byte[] secret) {
        if (!Schnorr.isValidSecret(secret)) throw new IllegalArgumentException("invalid secret key");
        this.secret = secret.clone();
        this.pubkey = Hex.encode(Schnorr.publicKey(secret));
    }

    public static Keys generate() {
        return new Keys(Schnorr.newSecret());
    }

    /** From 64-hex or nsec. */
    public static Keys parse(String secret) {
        return new Keys(Nip19.parseSecret(secret));
    }

    public String pubkey() {
        return pubkey;
    }

    public byte[] secret() {
        return secret.clone();
    }

    public String secretHex() {
        return Hex.encode(secret);
    }

    public String npub() {
        return Nip19.npub(pubkey);
    }

    /** Signs an unsigned event with this key (pubkey is set to this key's). */
    public Event sign(long createdAt, int kind, List<List<String>> tags, String content) {
        return Event.sign(this, createdAt, kind, tags, content);
    }

    byte[] secretUnsafe() {
        return secret;
    }

    @Override
    public String toString() {
        return "Keys[" + pubkey + "]";
    }
}
