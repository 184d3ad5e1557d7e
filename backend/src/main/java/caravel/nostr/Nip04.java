package caravel.nostr;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * NIP-04 (deprecated, unauthenticated) encryption: AES-256-CBC keyed with the unhashed ECDH x coordinate,
 * {@code base64(ciphertext) + "?iv=" + base64(iv)}. Only for peers that still speak it, such as older NIP-47 wallets.
 */
public final class Nip04 {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Refuse absurd payloads before decoding them. */
    private static final int MAX_PAYLOAD_CHARS = 1_500_000;

    private Nip04() {}

    public static byte[] sharedKey(Keys keys, String pubkeyHex) {
        try {
            return Schnorr.sharedX(keys.secretUnsafe(), Nip44.decodePubkey(pubkeyHex));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("nip04: invalid public key");
        }
    }

    public static String encrypt(Keys keys, String pubkeyHex, String plaintext) {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return encrypt(sharedKey(keys, pubkeyHex), plaintext, iv);
    }

    static String encrypt(byte[] sharedKey, String plaintext, byte[] iv) {
        byte[] ct = aes(Cipher.ENCRYPT_MODE, sharedKey, iv, plaintext.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        return b64.encodeToString(ct) + "?iv=" + b64.encodeToString(iv);
    }

    public static String decrypt(Keys keys, String pubkeyHex, String payload) {
        return decrypt(sharedKey(keys, pubkeyHex), payload);
    }

    static String decrypt(byte[] sharedKey, String payload) {
        if (payload == null || payload.length() > MAX_PAYLOAD_CHARS)
            throw new IllegalArgumentException("nip04: invalid payload");
        int sep = payload.indexOf("?iv=");
        if (sep < 0) throw new IllegalArgumentException("nip04: payload has no ?iv=");
        byte[] ct, iv;
        try {
            ct = Base64.getDecoder().decode(payload.substring(0, sep));
            iv = Base64.getDecoder().decode(payload.substring(sep + 4));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("nip04: invalid base64");
        }
        if (iv.length != 16) throw new IllegalArgumentException("nip04: iv must be 16 bytes");
        if (ct.length == 0 || ct.length % 16 != 0)
            throw new IllegalArgumentException("nip04: invalid ciphertext length");
        return strictUtf8(aes(Cipher.DECRYPT_MODE, sharedKey, iv, ct));
    }

    /**
     * NIP-04 carries no MAC, and a wrong key still yields valid PKCS#7 padding about once in 256 tries; the text
     * it produces is then random bytes. Decoding strictly (no replacement characters) refuses that garbage instead
     * of handing it on as a message.
     */
    private static String strictUtf8(byte[] plain) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("nip04: cannot decrypt (wrong key or corrupted payload)");
        }
    }

    private static byte[] aes(int mode, byte[] key, byte[] iv, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(input);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new IllegalArgumentException("nip04: cannot decrypt (wrong key or corrupted payload)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC unavailable", e);
        }
    }
}
