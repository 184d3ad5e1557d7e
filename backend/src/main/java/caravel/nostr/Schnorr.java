package caravel.nostr;

import fr.acinq.secp256k1.Secp256k1;
import java.security.SecureRandom;

/** BIP-340 Schnorr signatures and x-only keys over libsecp256k1 (JNI). */
public final class Schnorr {
    private static final Secp256k1 SECP = Secp256k1.Companion;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Schnorr() {}

    public static boolean isValidSecret(byte[] secret) {
        return secret != null && secret.length == 32 && SECP.secKeyVerify(secret);
    }

    public static byte[] newSecret() {
        byte[] key = new byte[32];
        do RANDOM.nextBytes(key);
        while (!SECP.secKeyVerify(key));
        return key;
    }

    /** x-only public key (32 bytes) of a secret key. */
    public static byte[] publicKey(byte[] secret) {
        byte[] full = SECP.pubkeyCreate(secret); // 65-byte uncompressed: 0x04 || x || y
        byte[] x = new byte[32];
        System.arraycopy(full, 1, x, 0, 32);
        return x;
    }

    public static byte[] sign(byte[] message32, byte[] secret) {
        byte[] aux = new byte[32];
        RANDOM.nextBytes(aux);
        return SECP.signSchnorr(message32, secret, aux);
    }

    /** Never throws: malformed keys or signatures are simply invalid. */
    public static boolean verify(byte[] signature64, byte[] message32, byte[] xOnlyPubkey32) {
        if (signature64.length != 64 || message32.length != 32 || xOnlyPubkey32.length != 32) return false;
        try {
            return SECP.verifySchnorr(signature64, message32, xOnlyPubkey32);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The x coordinate of secret·P, where P is the even-y point with x-only key {@code xOnlyPubkey}
     * (the unhashed ECDH secret NIP-04 and NIP-44 use).
     */
    public static byte[] sharedX(byte[] secret, byte[] xOnlyPubkey) {
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(xOnlyPubkey, 0, compressed, 1, 32);
        byte[] point = SECP.pubKeyTweakMul(SECP.pubkeyParse(compressed), secret);
        byte[] x = new byte[32];
        System.arraycopy(point, 1, x, 0, 32);
        return x;
    }

    /** True when the 32 bytes are the x coordinate of a point on the curve (a usable x-only public key). */
    public static boolean isValidXOnly(byte[] xOnlyPubkey) {
        if (xOnlyPubkey.length != 32) return false;
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(xOnlyPubkey, 0, compressed, 1, 32);
        try {
            SECP.pubkeyParse(compressed);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
