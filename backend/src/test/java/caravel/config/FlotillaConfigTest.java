package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FLOTILLA_*: off unless FLOTILLA_PORT is set; the public URL is an origin, compared without its trailing slash. */
class FlotillaConfigTest {
    Map<String, String> env() {
        Map<String, String> e = new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2892));
        e.put("DATABASE_URL", "sqlite:///tmp/caravel-config-test/caravel.db"); // settings read, no database opened
        return e;
    }

    @Test
    void offUnlessAPortIsGiven() {
        assertThat(Config.fromEnv(env()).flotilla()).isEmpty();
        Map<String, String> e = env();
        e.put("FLOTILLA_PUBLIC_URL", "https://hosting.example.com");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessage("FLOTILLA_PUBLIC_URL is set but FLOTILLA_PORT is not");
    }

    @Test
    void publicUrlDefaultsToTheListenerAndLosesItsTrailingSlash() {
        Map<String, String> e = env();
        e.put("FLOTILLA_PORT", "2893");
        Config.Flotilla f = Config.fromEnv(e).flotilla().orElseThrow();
        assertThat(f.port()).isEqualTo(2893);
        assertThat(f.publicUrl()).isEqualTo("http://localhost:2893");
        assertThat(f.allowOrigins()).isEmpty();
        e.put("FLOTILLA_PUBLIC_URL", "https://hosting.example.com//");
        e.put("FLOTILLA_ALLOW_ORIGINS", "https://app.flotilla.social, http://localhost:1847/");
        f = Config.fromEnv(e).flotilla().orElseThrow();
        assertThat(f.publicUrl()).isEqualTo("https://hosting.example.com");
        assertThat(f.allowOrigins()).containsExactly("https://app.flotilla.social", "http://localhost:1847");
    }

    @Test
    void aPathOrTheMainPortIsRefused() {
        Map<String, String> e = env();
        e.put("FLOTILLA_PORT", "2893");
        e.put("FLOTILLA_PUBLIC_URL", "https://example.com/hosting");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("without a path");
        Map<String, String> same = env();
        same.put("FLOTILLA_PORT", "2892");
        assertThatThrownBy(() -> Config.fromEnv(same)).hasMessageContaining("must differ from PORT");
        Map<String, String> bad = env();
        bad.put("FLOTILLA_PORT", "2893");
        bad.put("FLOTILLA_ALLOW_ORIGINS", "app.flotilla.social");
        assertThatThrownBy(() -> Config.fromEnv(bad)).hasMessageContaining("FLOTILLA_ALLOW_ORIGINS");
    }
}
