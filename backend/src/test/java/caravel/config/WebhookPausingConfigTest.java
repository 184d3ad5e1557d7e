package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WEBHOOK_PAUSE_FAILURES and WEBHOOK_PAUSE_MINUTES: when an outbound webhook endpoint is paused. */
class WebhookPausingConfigTest {
    Map<String, String> env() {
        Map<String, String> e = new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2893));
        e.put("DATABASE_URL", "sqlite:///tmp/caravel-config-test/caravel.db");
        return e;
    }

    @Test
    void fifteenFailuresOverAnHourUnlessTheOperatorSaysOtherwise() {
        assertThat(Config.fromEnv(env()).webhookPausing())
                .isEqualTo(new Config.WebhookPausing(15, Duration.ofHours(1)));
        Map<String, String> e = env();
        e.put("WEBHOOK_PAUSE_FAILURES", " 3 ");
        e.put("WEBHOOK_PAUSE_MINUTES", "0");
        assertThat(Config.fromEnv(e).webhookPausing()).isEqualTo(new Config.WebhookPausing(3, Duration.ZERO));
    }

    @Test
    void aBadValueStopsTheStartWithTheSettingsName() {
        for (var bad : Map.of(
                        "WEBHOOK_PAUSE_FAILURES", "0",
                        "WEBHOOK_PAUSE_MINUTES", "-1")
                .entrySet()) {
            Map<String, String> e = env();
            e.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> Config.fromEnv(e))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad.getKey());
        }
        Map<String, String> words = env();
        words.put("WEBHOOK_PAUSE_MINUTES", "an hour");
        assertThatThrownBy(() -> Config.fromEnv(words)).hasMessageContaining("WEBHOOK_PAUSE_MINUTES must be a whole");
        Map<String, String> many = env();
        many.put("WEBHOOK_PAUSE_FAILURES", "1001");
        assertThatThrownBy(() -> Config.fromEnv(many)).hasMessageContaining("from 1 to 1000");
    }
}
