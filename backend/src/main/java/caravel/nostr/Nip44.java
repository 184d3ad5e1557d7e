package caravel.nostr;

import caravel.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * NIP-44 version 2 payload encryption: secp256k1 ECDH (unhashed x), HKDF-SHA256, power-of-two padding, ChaCha20,
 * HMAC-SHA256 over nonce || ciphertext, base64.
 *
 * <p>Encryption accepts 1..65535 bytes of UTF-8 (the limit the published test vectors enforce and every client can
 * read). Decryption also reads the later extended length prefix (two zero bytes + u32) that newer clients may send
 * for larger plaintexts, up to {@link #MAX_DECRYPT_PAYLOAD_CHARS}.
 */
public final class Nip44 {
    public static final int VERSION = 2;
    public static final int MAX_PLAINTEXT_BYTES = 65535;
    /** Refuse larger payloads before decoding them (about 1 MiB of plaintext). */
    public static final int MAX_DECRYPT_PAYLOAD_CHARS = 1_500_000;

    private static final byte[] SALT = "nip44-v2".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Keys derived for one message from the conversation key and the nonce. */
    public record MessageKeys(byte[] chachaKey, byte[] chachaNonce, byte[] hmacKey) {}

    private Nip44() {}

    /** conversation_key = HKDF-extract(salt "nip44-v2", ECDH x(secret · pubkey)); symmetric in the two parties. */
    public static byte[] conversationKey(byte[] secret, byte[] xOnlyPubkey) {
        if (!Schnorr.isValidSecret(secret)) throw new IllegalArgumentException("nip44: invalid secret key");
        if (xOnlyPubkey == null || xOnlyPubkey.length != 32)
            throw new IllegalArgumentException("nip44: public key must be 32 bytes");
        byte[] shared;
        try {
            shared = Schnorr.sharedX(secret, xOnlyPubkey);
        } catch (RuntimeException e) { // not a point on the curve
            throw new IllegalArgumentException("nip44: invalid public key");
        }
        return hmac(SALT, shared);
    }

    public static byte[] conversationKey(Keys keys, String pubkeyHex) {
        return conversationKey(keys.secretUnsafe(), decodePubkey(pubkeyHex));
    }

    static byte[] decodePubkey(String pubkeyHex) {
        if (!Hex.isLowerHex(pubkeyHex, 32))
            throw new IllegalArgumentException("nip44: public key must be 64 lowercase hex characters");
        return Hex.decode(pubkeyHex);
    }

    /** HKDF-expand(conversation key, info = nonce, 76 bytes) sliced into ChaCha20 key, nonce and HMAC key. */
    public static MessageKeys messageKeys(byte[] conversationKey, byte[] nonce) {
        if (conversationKey == null || conversationKey.length != 32)
            throw new IllegalArgumentException("nip44: invalid conversation key length");
        if (nonce == null || nonce.length != 32) throw new IllegalArgumentException("nip44: invalid nonce length");
        byte[] okm = SecretBox.Hkdf.expand(conversationKey, nonce, 76);
        byte[] key = new byte[32], chachaNonce = new byte[12], hmacKey = new byte[32];
        System.arraycopy(okm, 0, key, 0, 32);
        System.arraycopy(okm, 32, chachaNonce, 0, 12);
        System.arraycopy(okm, 44, hmacKey, 0, 32);
        return new MessageKeys(key, chachaNonce, hmacKey);
    }

    /** Padded length (without the length prefix) for a plaintext of {@code unpaddedLen} bytes. */
    public static long paddedLength(long unpaddedLen) {
        if (unpaddedLen <= 0) throw new IllegalArgumentException("nip44: invalid plaintext length");
        if (unpaddedLen <= 32) return 32;
        long nextPower = 1L << (64 - Long.numberOfLeadingZeros(unpaddedLen - 1)); // smallest power of two >= len
        long chunk = nextPower <= 256 ? 32 : nextPower / 8;
        return chunk * ((unpaddedLen - 1) / chunk + 1);
    }

    static byte[] pad(String plaintext) {
        byte[] unpadded = plaintext.getBytes(StandardCharsets.UTF_8);
        int len = unpadded.length;
        if (len < 1 || len > MAX_PLAINTEXT_BYTES)
            throw new IllegalArgumentException("nip44: invalid plaintext length " + len);
        byte[] padded = new byte[2 + (int) paddedLength(len)];
        padded[0] = (byte) (len >>> 8);
        padded[1] = (byte) len;
        System.arraycopy(unpadded, 0, padded, 2, len);
        return padded;
    }

    static String unpad(byte[] padded) {
        if (padded.length < 2) throw new IllegalArgumentException("nip44: invalid padding");
        int len = ((padded[0] & 0xff) << 8) | (padded[1] & 0xff);
        int prefix = 2;
        if (len == 0) { // extended prefix: 0x0000 then u32 length, only for lengths >= 65536
            if (padded.length < 6) throw new IllegalArgumentException("nip44: invalid padding");
            long extended = ((padded[2] & 0xffL) << 24)
                    | ((padded[3] & 0xffL) << 16)
                    | ((padded[4] & 0xffL) << 8)
                    | (padded[5] & 0xffL);
            if (extended < 65536 || extended > Integer.MAX_VALUE)
                throw new IllegalArgumentException("nip44: invalid padding");
            len = (int) extended;
            prefix = 6;
        }
        if ((long) prefix + len > padded.length || padded.length != prefix + paddedLength(len))
            throw new IllegalArgumentException("nip44: invalid padding");
        return new String(padded, prefix, len, StandardCharsets.UTF_8);
    }

    /** Encrypts with a fresh random nonce. */
    public static String encrypt(String plaintext, byte[] conversationKey) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return encrypt(plaintext, conversationKey, nonce);
    }

    /** Encrypts with the given nonce (tests and vectors only: a nonce must never be reused). */
    public static String encrypt(String plaintext, byte[] conversationKey, byte[] nonce) {
        MessageKeys keys = messageKeys(conversationKey, nonce);
        byte[] padded = pad(plaintext);
        byte[] ciphertext = chacha20(keys, padded);
        byte[] mac = hmacAad(keys.hmacKey(), ciphertext, nonce);
        byte[] out = new byte[1 + 32 + ciphertext.length + 32];
        out[0] = VERSION;
        System.arraycopy(nonce, 0, out, 1, 32);
        System.arraycopy(ciphertext, 0, out, 33, ciphertext.length);
        System.arraycopy(mac, 0, out, 33 + ciphertext.length, 32);
        return Base64.getEncoder().encodeToString(out);
    }

    /** Decrypts and authenticates; throws IllegalArgumentException saying what is wrong. */
    public static String decrypt(String payload, byte[] conversationKey) {
        if (payload == null) throw new IllegalArgumentException("nip44: invalid payload length: none");
        if (!payload.isEmpty() && payload.charAt(0) == '#')
            throw new IllegalArgumentException("nip44: unknown encryption version");
        if (payload.length() < 132 || payload.length() > MAX_DECRYPT_PAYLOAD_CHARS)
            throw new IllegalArgumentException("nip44: invalid payload length: " + payload.length());
        byte[] data;
        try {
            data = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nip44: invalid base64");
        }
        if (data.length < 99) throw new IllegalArgumentException("nip44: invalid data length " + data.length);
        if (data[0] != VERSION)
            throw new IllegalArgumentException("nip44: unknown encryption version " + (data[0] & 0xff));
        byte[] nonce = new byte[32];
        System.arraycopy(data, 1, nonce, 0, 32);
        byte[] ciphertext = new byte[data.length - 65];
        System.arraycopy(data, 33, ciphertext, 0, ciphertext.length);
        byte[] mac = new byte[32];
        System.arraycopy(data, data.length - 32, mac, 0, 32);
        MessageKeys keys = messageKeys(conversationKey, nonce);
        if (!MessageDigest.isEqual(mac, hmacAad(keys.hmacKey(), ciphertext, nonce))) // constant time
        throw new IllegalArgumentException("nip44: invalid MAC");
        return unpad(chacha20(keys, ciphertext));
    }

    private static byte[] chacha20(MessageKeys keys, byte[] input) {
        try {
            // A new Cipher each time: the JDK refuses to re-init one instance with the same key and nonce.
            Cipher c = Cipher.getInstance("ChaCha20");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(keys.chachaKey(), "ChaCha20"),
                    new ChaCha20ParameterSpec(keys.chachaNonce(), 0));
            return c.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20 unavailable", e);
        }
    }

    private static byte[] hmacAad(byte[] key, byte[] message, byte[] aad) {
        if (aad.length != 32) throw new IllegalArgumentException("nip44: AAD must be 32 bytes");
        Mac mac = newHmac(key);
        mac.update(aad);
        return mac.doFinal(message);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return newHmac(key).doFinal(data);
    }

    private static Mac newHmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
