package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.TestEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DNS_RESOLVERS and DOMAIN_CHECK_SECONDS: defaults, accepted forms and the mistakes that stop start-up. */
class CustomDomainsConfigTest {
    static Map<String, String> env() {
        return new HashMap<>(TestEnv.env(Path.of("/tmp/caravel-config-test"), 2892));
    }

    @Test
    void defaultsAreTheSystemsResolversEveryFiveMinutes() {
        Config c = Config.fromEnv(env());
        assertThat(c.customDomains().dnsResolvers()).isEmpty();
        assertThat(c.customDomains().checkEvery()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void resolversAndPeriodAreRead() {
        Map<String, String> e = env();
        e.put("DNS_RESOLVERS", "127.0.0.1:5353, dns.example.org ,[::1]:53");
        e.put("DOMAIN_CHECK_SECONDS", "30");
        Config c = Config.fromEnv(e);
        assertThat(c.customDomains().dnsResolvers()).containsExactly("127.0.0.1:5353", "dns.example.org", "[::1]:53");
        assertThat(c.customDomains().checkEvery()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void mistakesStopStartUp() {
        for (String bad : List.of("127.0.0.1:", "udp://1.1.1.1", "1.1.1.1:0", "::1", "a b")) {
            Map<String, String> e = env();
            e.put("DNS_RESOLVERS", bad);
            assertThatThrownBy(() -> Config.fromEnv(e)).as(bad).hasMessageContaining("DNS_RESOLVERS");
        }
        for (String bad : List.of("0", "-5", "5m", "86401")) {
            Map<String, String> e = env();
            e.put("DOMAIN_CHECK_SECONDS", bad);
            assertThatThrownBy(() -> Config.fromEnv(e)).as(bad).hasMessageContaining("DOMAIN_CHECK_SECONDS");
        }
    }
}
