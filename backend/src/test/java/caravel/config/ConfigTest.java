package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.nostr.Keys;
import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    Map<String, String> env() {
        Map<String, String> e = new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2892));
        e.put("DATABASE_URL", "sqlite:///tmp/caravel-config-test/caravel.db"); // settings read, no database opened
        return e;
    }

    @Test
    void completeEnvironmentParses() {
        Map<String, String> e = env();
        e.put("ROBOT_MESSAGING_RELAYS", " relay.one.example , wss://Relay.Two.example/ ");
        e.put("NIP46_RELAYS", "ws://127.0.0.1:4848/");
        Config c = Config.fromEnv(e);
        assertThat(c.nip46Relays()).containsExactly("ws://127.0.0.1:4848");
        assertThat(Config.fromEnv(env()).nip46Relays()).isEmpty();
        assertThat(c.robot().messagingRelays()).containsExactly("wss://relay.one.example", "wss://relay.two.example");
        assertThat(c.stripe()).isEmpty();
        assertThat(c.livekit()).isEmpty();
        assertThat(c.blossomS3()).isEmpty();
        assertThat(c.nwcUrl()).isEmpty();
        assertThat(c.port()).isEqualTo(2892);
        assertThat(c.databasePath()).isEqualTo(Path.of("/tmp/caravel-config-test/caravel.db"));
    }

    @Test
    void missingRequiredValuesAreNamed() {
        Map<String, String> e = env();
        e.remove("ZOOID_API_SECRET");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage("missing required setting ZOOID_API_SECRET");
        e.remove("RELAY_DOMAIN");
        assertThatThrownBy(() -> Config.fromEnv(e))
                .hasMessage("missing required settings ZOOID_API_SECRET, RELAY_DOMAIN");
    }

    @Test
    void partialOptionalGroupIsAnError() {
        Map<String, String> e = env();
        e.put("STRIPE_SECRET_KEY", "sk_test_x");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("STRIPE_WEBHOOK_SECRET");
        Map<String, String> s3 = env();
        s3.put("BLOSSOM_S3_ENDPOINT", "https://s3.example");
        assertThatThrownBy(() -> Config.fromEnv(s3)).hasMessageContaining("BLOSSOM_S3_BUCKET");
    }

    @Test
    void malformedValuesAreExplained() {
        Map<String, String> e = env();
        e.put("ADMINS", "not-a-key");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("ADMINS");
        Map<String, String> p = env();
        p.put("PORT", "70000");
        assertThatThrownBy(() -> Config.fromEnv(p)).hasMessageContaining("PORT");
        Map<String, String> k = env();
        k.put("ENCRYPTION_SECRET", "short");
        assertThatThrownBy(() -> Config.fromEnv(k)).hasMessageContaining("ENCRYPTION_SECRET");
    }

    @Test
    void adminsAcceptNpub() {
        Keys a = Keys.generate();
        Map<String, String> e = env();
        e.put("ADMINS", a.npub());
        assertThat(Config.fromEnv(e).isAdmin(a.pubkey())).isTrue();
    }

    @Test
    void secretsDoNotLeakThroughToString() {
        Map<String, String> e = env();
        e.put("STRIPE_SECRET_KEY", "sk_live_secret");
        e.put("STRIPE_WEBHOOK_SECRET", "whsec_secret");
        e.put("STRIPE_PRICE_BASIC", "price_b");
        e.put("STRIPE_PRICE_GROWTH", "price_g");
        Config c = Config.fromEnv(e);
        assertThat(c.toString())
                .doesNotContain("sk_live_secret", "whsec_secret", e.get("ROBOT_SECRET"), e.get("ZOOID_API_SECRET"));
    }

    @Test
    void aFiatRateIsOptionalAndMustBeCurrencyColonPrice() {
        assertThat(Config.fromEnv(env()).pricing().fixedRate()).isEmpty(); // off unless the operator sets one
        Map<String, String> e = env();
        e.put("FIAT_RATE", "usd:65000.5");
        FiatRate rate = Config.fromEnv(e).pricing().fixedRate().orElseThrow();
        assertThat(rate.currency()).isEqualTo("USD");
        assertThat(rate.perBitcoin()).isEqualByComparingTo("65000.5");
        for (String bad : new String[] {"65000", "USD", "USD:", "USD:-1", "USD:0", "DOLLAR:1", "USD:1e5"}) {
            e.put("FIAT_RATE", bad);
            assertThatThrownBy(() -> Config.fromEnv(e))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("FIAT_RATE");
        }
    }

    @Test
    void observabilitySettingsAreCheckedAndNamed() {
        Config plain = Config.fromEnv(env());
        assertThat(plain.observability().metricsToken()).isEmpty();
        assertThat(plain.observability().logFormat()).isEqualTo(Observability.LogFormat.TEXT);
        assertThat(plain.limits().liveStreams()).isEqualTo(1000);
        assertThat(plain.limits().liveStreamsPerAddress()).isEqualTo(64);

        Map<String, String> e = env();
        String token = "0123456789abcdef0123456789abcdef";
        e.put("METRICS_TOKEN", token);
        e.put("LOG_FORMAT", "json");
        e.put("LIVE_STREAMS_MAX", "50");
        e.put("LIVE_STREAMS_PER_ADDRESS", "5");
        Config c = Config.fromEnv(e);
        assertThat(c.observability().metricsToken()).hasValue(token);
        assertThat(c.observability().logFormat()).isEqualTo(Observability.LogFormat.JSON);
        assertThat(c.limits().liveStreams()).isEqualTo(50);
        assertThat(c.limits().liveStreamsPerAddress()).isEqualTo(5);
        assertThat(c.toString()).doesNotContain(token).contains("metrics=on");

        for (var bad : Map.of(
                        "METRICS_TOKEN", "short",
                        "LOG_FORMAT", "xml",
                        "LIVE_STREAMS_MAX", "0",
                        "LIVE_STREAMS_PER_ADDRESS", "many")
                .entrySet()) {
            Map<String, String> b = env();
            b.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> Config.fromEnv(b)).hasMessageContaining(bad.getKey());
        }
        // logback.xml picks the appender by this exact name, so "JSON" would silence the log: refused at start-up
        Map<String, String> upper = env();
        upper.put("LOG_FORMAT", "JSON");
        assertThatThrownBy(() -> Config.fromEnv(upper)).hasMessageContaining("LOG_FORMAT");
    }
}
