package caravel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PLANS / PLANS_FILE, PRICE_CURRENCY and the bitcoin price settings: what an operator may write, and every mistake named. */
class PlanCatalogConfigTest {
    static final String USD_PLANS = """
            [{"id":"free","name":"Free","price":0,"members":5},
             {"id":"team","name":"Team","price":1200,"members":50,"blossom":true,"custom_domain":false,"stripe_price":"price_team"},
             {"id":"legacy","name":"Legacy","price":900,"members":null,"hidden":true,"stripe_price":"price_legacy"}]""";

    @TempDir
    Path dir;

    Map<String, String> env() {
        return new HashMap<>(TestEnv.env(dir, 2892));
    }

    @Test
    void withoutPlansTheThreeSeedPlansArePricedInSats() {
        Config c = Config.fromEnv(env());
        assertThat(c.plans()).isEqualTo(Plans.seed());
        assertThat(c.plans().all()).extracting(Plan::id).containsExactly("free", "basic", "growth");
        assertThat(c.pricing().currency().code()).isEqualTo("SAT");
        assertThat(c.pricing().fiatCurrency()).isEmpty();
    }

    @Test
    void plansInUsDollarsWithAPriceFeed() {
        Map<String, String> e = env();
        e.put("PRICE_CURRENCY", "usd");
        e.put("PLANS", USD_PLANS);
        e.put("FIAT_RATE_URL", "http://127.0.0.1:4851/api/v1/prices");
        Config c = Config.fromEnv(e);
        assertThat(c.pricing().currency().code()).isEqualTo("USD");
        assertThat(c.pricing().fiatCurrency()).contains("USD");
        assertThat(c.plans().offered()).extracting(Plan::id).containsExactly("free", "team");
        assertThat(c.plans().of("team"))
                .isEqualTo(Plan.builder("team", "Team", 1200)
                        .maxMembers(50)
                        .blossom(true)
                        .customDomain(false)
                        .build());
        assertThat(c.plans().of("free").names())
                .as("names are offered unless turned off")
                .isTrue();
        assertThat(c.plans().of("free").customDomain()).isTrue();
        assertThat(c.plans().of("legacy").hidden()).isTrue();
        assertThat(c.plans().of("legacy").maxMembers()).isNull();
        assertThat(c.toString()).contains("plans=[free, team, legacy] in USD");
    }

    @Test
    void plansFromAFileAndStripePricesPerPlan() throws Exception {
        Path file = dir.resolve("plans.json");
        Files.writeString(file, USD_PLANS);
        Map<String, String> e = env();
        e.put("PRICE_CURRENCY", "USD");
        e.put("PLANS_FILE", file.toString());
        e.put("FIAT_RATE", "USD:65000");
        e.put("STRIPE_SECRET_KEY", "sk_test_x");
        e.put("STRIPE_WEBHOOK_SECRET", "whsec_x");
        Config c = Config.fromEnv(e);
        assertThat(c.stripe().orElseThrow().prices())
                .containsOnly(Map.entry("team", "price_team"), Map.entry("legacy", "price_legacy"));
        // the seed plans take their Stripe prices from STRIPE_PRICE_<ID>, and each paid plan needs one
        Map<String, String> seed = env();
        seed.put("STRIPE_SECRET_KEY", "sk_test_x");
        seed.put("STRIPE_WEBHOOK_SECRET", "whsec_x");
        seed.put("STRIPE_PRICE_BASIC", "price_b");
        assertThatThrownBy(() -> Config.fromEnv(seed))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("STRIPE_PRICE_GROWTH");
        seed.put("STRIPE_PRICE_GROWTH", "price_b");
        assertThatThrownBy(() -> Config.fromEnv(seed)).hasMessageContaining("share one Stripe price");
        seed.put("STRIPE_PRICE_GROWTH", "price_g");
        assertThat(Config.fromEnv(seed).stripe().orElseThrow().prices())
                .containsOnly(Map.entry("basic", "price_b"), Map.entry("growth", "price_g"));
    }

    @Test
    void everyMistakeInThePlansIsNamed() {
        String[][] cases = {
            {"[]", "at least one plan"},
            {"{\"id\":\"x\"}", "JSON array"},
            {"[{\"id\":\"x\",\"name\":\"X\",\"price\":1", "not valid JSON"},
            {"[{\"id\":\"Basic!\",\"name\":\"B\",\"price\":1}]", "PLANS[0].id"},
            {"[{\"id\":\"b\",\"price\":1}]", "plan \"b\".name"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":-1}]", "plan \"b\".price"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1.5}]", "plan \"b\".price"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":\"10\"}]", "plan \"b\".price"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1,\"members\":0}]", "plan \"b\".members"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1,\"blossom\":\"yes\"}]", "plan \"b\".blossom"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1,\"names\":1}]", "plan \"b\".names"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1,\"custom_domain\":\"no\"}]", "plan \"b\".custom_domain"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1,\"colour\":\"red\"}]", "unknown field \"colour\""},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1},{\"id\":\"b\",\"name\":\"C\",\"price\":2}]", "defined twice"},
            {"[{\"id\":\"b\",\"name\":\"B\",\"price\":1,\"hidden\":true}]", "every plan is hidden"},
        };
        for (String[] c : cases) {
            Map<String, String> e = env();
            e.put("PLANS", c[0]);
            assertThatThrownBy(() -> Config.fromEnv(e))
                    .as(c[0])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void aFiatCurrencyNeedsItsPlansAndABitcoinPriceInIt() {
        Map<String, String> e = env();
        e.put("PRICE_CURRENCY", "USD");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("needs the price of bitcoin");
        e.put("FIAT_RATE", "USD:60000");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("set PLANS or PLANS_FILE");
        e.put("PLANS", USD_PLANS);
        e.put("FIAT_RATE", "EUR:60000");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("must be in PRICE_CURRENCY");
        e.put("FIAT_RATE", "USD:60000");
        e.put("FIAT_RATE_URL", "http://127.0.0.1:1/prices");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("not both");
        e.remove("FIAT_RATE");
        e.put("FIAT_RATE_CURRENCY", "EUR");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("must be in PRICE_CURRENCY");
        e.put("PRICE_CURRENCY", "DOLLARS");
        assertThatThrownBy(() -> Config.fromEnv(e)).hasMessageContaining("PRICE_CURRENCY must be SAT or an ISO 4217");
        Map<String, String> sats = env();
        sats.put("FIAT_RATE_URL", "ftp://example.com/prices");
        assertThatThrownBy(() -> Config.fromEnv(sats)).hasMessageContaining("FIAT_RATE_URL");
        sats.put("FIAT_RATE_URL", "https://prices.example.com/api/v1/prices");
        assertThat(Config.fromEnv(sats).pricing().fiatCurrency()).contains("USD"); // sats plans, a USD hint
        sats.put("FIAT_RATE_CURRENCY", "sat");
        assertThatThrownBy(() -> Config.fromEnv(sats)).hasMessageContaining("FIAT_RATE_CURRENCY");
    }
}
