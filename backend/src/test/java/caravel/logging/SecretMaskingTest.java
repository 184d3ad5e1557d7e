package caravel.logging;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.config.Config;
import caravel.nostr.Keys;
import caravel.testing.TestEnv;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets never appear in toString or in a log line, whoever formats them. */
class SecretMaskingTest {
    @TempDir
    Path dir;

    @Test
    void configToStringHoldsNoSecret() {
        Map<String, String> env = TestEnv.env(dir, 1234, Keys.generate().pubkey());
        String walletSecret = Keys.generate().secretHex();
        env.put(
                "NWC_URL",
                "nostr+walletconnect://" + Keys.generate().pubkey() + "?relay=wss%3A%2F%2Fr.example.com&secret="
                        + walletSecret);
        env.put("STRIPE_SECRET_KEY", "sk_live_abcdef");
        env.put("STRIPE_WEBHOOK_SECRET", "whsec_abcdef");
        env.put("STRIPE_PRICE_BASIC", "p1");
        env.put("STRIPE_PRICE_GROWTH", "p2");
        Config c = Config.fromEnv(env);
        String s = c.toString();
        assertThat(s)
                .doesNotContain(walletSecret)
                .doesNotContain(env.get("ENCRYPTION_SECRET"))
                .doesNotContain(env.get("ROBOT_SECRET"))
                .doesNotContain(env.get("ZOOID_API_SECRET"))
                .doesNotContain("sk_live")
                .doesNotContain("whsec");
        assertThat(s).contains("lightning=configured");
        assertThat(c.robot().toString()).doesNotContain(env.get("ROBOT_SECRET"));
    }

    @Test
    void logLinesAreMasked() {
        String secret = Keys.generate().secretHex();
        Keys k = Keys.generate();
        String nsec = caravel.nostr.Nip19.nsec(k.secret());
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent(
                "x",
                ctx.getLogger("t"),
                Level.WARN,
                "wallet nostr+walletconnect://abc?relay=wss://r&secret={} failed; key {} token cvs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                new IllegalStateException("bad url ...&secret=" + secret),
                new Object[] {secret, nsec});
        MaskingConverter conv = new MaskingConverter();
        String line = conv.convert(e);
        assertThat(line).doesNotContain(secret).doesNotContain(nsec).doesNotContain("cvs_AAAA");
        assertThat(line).contains("secret=***").contains("nsec1***").contains("IllegalStateException");
        assertThat(Redact.secrets("Authorization: Bearer abcdefghijkl")).isEqualTo("Authorization: Bearer ***");
    }

    @Test
    void jsonLinesAreMaskedTooAndCarryTheRequestId() throws Exception {
        String secret = Keys.generate().secretHex();
        String nsec = caravel.nostr.Nip19.nsec(Keys.generate().secret());
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent(
                "x",
                ctx.getLogger("caravel.t"),
                Level.WARN,
                "wallet nostr+walletconnect://abc?relay=wss://r&secret={} failed; key {} \"quoted\"\nnext line",
                new IllegalStateException("bad url ...&secret=" + secret, new RuntimeException("Bearer " + secret)),
                new Object[] {secret, nsec});
        e.setMDCPropertyMap(Map.of("request_id", "abc123", "other", "Bearer " + secret));
        JsonLineEncoder enc = new JsonLineEncoder();
        enc.setContext(ctx);
        enc.start();
        String line = enc.line(e);
        // one line, one JSON object
        assertThat(line).endsWith("\n");
        assertThat(line.strip()).doesNotContain("\n");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("caravel.t");
        assertThat(json.get("request_id").asText()).isEqualTo("abc123");
        assertThat(json.get("msg").asText())
                .contains("secret=***")
                .contains("nsec1***")
                .contains("\"quoted\"");
        assertThat(json.get("error").asText()).contains("IllegalStateException").contains("secret=***");
        assertThat(json.has("other")).isFalse();
        // no secret anywhere in the line: not in the message, the arguments, the error chain or the MDC
        assertThat(line).doesNotContain(secret).doesNotContain(nsec);
    }
}
