package caravel.store;

import java.security.SecureRandom;

/** Random, unguessable row ids: 16 base32 characters (80 bits), lowercase, URL-safe. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        char[] out = new char[16];
        for (int i = 0; i < out.length; i++) out[i] = ALPHABET[RANDOM.nextInt(32)];
        return new String(out);
    }
}
