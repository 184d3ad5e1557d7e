package caravel.nostr;

import java.util.Locale;

/** NIP-19 bare keys: npub / nsec. Hex input is accepted wherever a key is read. */
public final class Nip19 {
    private Nip19() {}

    public static String npub(String pubkeyHex) {
        return Bech32.encode("npub", Hex.decode(pubkeyHex));
    }

    /** The npub shortened for people to read in messages and the activity log: npub1abcdefg…uvwxyz. */
    public static String shortNpub(String pubkeyHex) {
        String npub = npub(pubkeyHex);
        return npub.substring(0, 12) + "…" + npub.substring(npub.length() - 6);
    }

    public static String nsec(byte[] secret) {
        return Bech32.encode("nsec", secret);
    }

    /** A public key given as 64-hex or npub → lowercase hex. */
    public static String parsePubkey(String s) {
        if (s == null) throw new IllegalArgumentException("missing public key");
        s = s.trim();
        if (s.startsWith("npub1")) {
            Bech32.Decoded d = Bech32.decode(s);
            if (!d.hrp().equals("npub") || d.data().length != 32) throw new IllegalArgumentException("invalid npub");
            return onTheCurve(Hex.encode(d.data()));
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (!Hex.isLowerHex(lower, 32))
            throw new IllegalArgumentException("public key must be 64 hex characters or an npub");
        return onTheCurve(lower);
    }

    /**
     * 32 bytes that are no point's x coordinate are no one's key: nothing can sign for it, and a peer given one (zooid's
     * NIP-86) refuses it, which reached the caller as the peer's failure (upstream) instead of their own mistake.
     */
    private static String onTheCurve(String hex) {
        if (!Schnorr.isValidXOnly(Hex.decode(hex))) throw new NotOnTheCurve();
        return hex;
    }

    /** A well-formed public key that is no point on the curve: a caller's mistake with its own words. */
    public static final class NotOnTheCurve extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotOnTheCurve() {
            super("public key is not a point on the secp256k1 curve, so it is no one's key");
        }
    }

    /** A secret key given as 64-hex or nsec → 32 bytes, checked to be a valid secp256k1 scalar. */
    public static byte[] parseSecret(String s) {
        if (s == null) throw new IllegalArgumentException("missing secret key");
        s = s.trim();
        byte[] key;
        if (s.startsWith("nsec1")) {
            Bech32.Decoded d = Bech32.decode(s);
            if (!d.hrp().equals("nsec") || d.data().length != 32) throw new IllegalArgumentException("invalid nsec");
            key = d.data();
        } else {
            if (!Hex.isLowerHex(s.toLowerCase(Locale.ROOT), 32))
                throw new IllegalArgumentException("secret key must be 64 hex characters or an nsec");
            key = Hex.decode(s);
        }
        if (!Schnorr.isValidSecret(key)) throw new IllegalArgumentException("secret key is not a valid secp256k1 key");
        return key;
    }

    /**
     * The hex prefix a (possibly partial) npub stands for, so a search box can take "npub1abc…": the 5-bit groups
     * typed so far are converted, dropping a trailing incomplete nibble. A complete npub is decoded with its checksum.
     */
    public static String npubPrefixToHex(String partial) {
        String s = partial.trim().toLowerCase(Locale.ROOT);
        if (!s.startsWith("npub1")) throw new IllegalArgumentException("not an npub");
        if (s.length() == 63) return parsePubkey(s);
        String data = s.substring(5);
        StringBuilder bits = new StringBuilder();
        for (int ci = 0; ci < data.length(); ci++) {
            char c = data.charAt(ci);
            int v = Bech32.CHARSET.indexOf(c);
            if (v < 0) throw new IllegalArgumentException("not an npub");
            for (int i = 4; i >= 0; i--) bits.append((v >> i) & 1);
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i + 4 <= bits.length() && hex.length() < 64; i += 4)
            hex.append(Integer.toHexString(Integer.parseInt(bits.substring(i, i + 4), 2)));
        return hex.toString();
    }
}
