package caravel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.domain.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A whole number is a JSON number without a fraction, however it is written: the document's "integer" counts 2730.0,
 * and so does the server (the fuzzer sent it as valid data and was refused).
 */
class BodyNumbersTest {
    private static long budget(String json) {
        return Body.parse(
                        ("{\"autopay_budget\":" + json + "}").getBytes(StandardCharsets.UTF_8),
                        Set.of("autopay_budget"))
                .longValue("autopay_budget");
    }

    @Test
    void aWholeNumberWrittenWithAFractionPartOfZeroIsThatNumber() {
        assertThat(budget("2730")).isEqualTo(2730);
        assertThat(budget("2730.0")).isEqualTo(2730);
        assertThat(budget("2.73e3")).isEqualTo(2730);
    }

    @Test
    void fractionsTextAndNumbersBeyondALongAreRefused() {
        for (String bad : new String[] {"2730.5", "\"2730\"", "1e30", "true"})
            assertThatThrownBy(() -> budget(bad)).as(bad).isInstanceOf(Failure.class);
    }
}
