package caravel.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of secrets at rest (relay keys, tenant NWC URLs): AES-256-GCM with a random
 * 96-bit nonce and the row's purpose as associated data, under a key derived from ENCRYPTION_SECRET with HKDF-SHA256.
 * Stored form: "v1:" + base64(nonce || ciphertext || tag).
 */
public final class SecretBox {
    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public SecretBox(byte[] encryptionSecret) {
        this.key = new SecretKeySpec(
                Hkdf.derive(
                        encryptionSecret,
                        "caravel".getBytes(StandardCharsets.UTF_8),
                        "caravel secrets at rest v1".getBytes(StandardCharsets.UTF_8),
                        32),
                "AES");
    }

    /** {@code context} binds the ciphertext to its place (e.g. "relay-secret:<id>") so rows cannot be swapped. */
    public String seal(byte[] plaintext, String context) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[12 + ct.length];
            System.arraycopy(nonce, 0, out, 0, 12);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String sealString(String plaintext, String context) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    public byte[] open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(PREFIX)) throw new IllegalStateException("not a sealed secret");
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, 12, in.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "stored secret cannot be decrypted (wrong ENCRYPTION_SECRET or tampered row)");
        }
    }

    public String openString(String sealed, String context) {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }

    /** RFC 5869 HKDF with HMAC-SHA256; also used by NIP-44. */
    public static final class Hkdf {
        private Hkdf() {}

        public static byte[] extract(byte[] salt, byte[] ikm) {
            return hmac(salt, ikm);
        }

        public static byte[] expand(byte[] prk, byte[] info, int length) {
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int pos = 0;
            for (int i = 1; pos < length; i++) {
                byte[] input = new byte[t.length + info.length + 1];
                System.arraycopy(t, 0, input, 0, t.length);
                System.arraycopy(info, 0, input, t.length, info.length);
                input[input.length - 1] = (byte) i;
                t = hmac(prk, input);
                int n = Math.min(t.length, length - pos);
                System.arraycopy(t, 0, out, pos, n);
                pos += n;
            }
            return out;
        }

        public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
            return expand(extract(salt, ikm), info, length);
        }

        public static byte[] hmac(byte[] key, byte[] data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
