package caravel.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed (docs/webhooks.md): {@code Caravel-Webhook-Signature: v1=<hex HMAC-SHA256>} over {@code
 * <id>.<timestamp>.<body>} with the endpoint's secret (its UTF-8 bytes) as the key, the id and timestamp (epoch
 * seconds) sent beside it, so a receiver refuses a forged body and, by the timestamp, an old one sent again.
 */
public final class WebhookSignature {
    public static final String ID = "Caravel-Webhook-Id";
    public static final String TIMESTAMP = "Caravel-Webhook-Timestamp";
    public static final String SIGNATURE = "Caravel-Webhook-Signature";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {}

    /** A new secret: "whsec_" and 32 random bytes, base64url. */
    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The signature header's value for this delivery id, timestamp (epoch seconds) and body. */
    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
