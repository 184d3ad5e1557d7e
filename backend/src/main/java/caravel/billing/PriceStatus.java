package caravel.billing;

import caravel.config.FiatRate;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the bitcoin price stands, for the operators (GET /admin/platform): its source, the rate in use, when it was
 * accepted, whether it is too old to charge with, and the feed's last refused answer (when and why), so an operator
 * sees a feed that says something implausible rather than only prices that stop moving.
 *
 * @param source {@code none} (plans in sats, no rate configured), {@code fixed} (FIAT_RATE) or {@code feed}
 *     (FIAT_RATE_URL)
 */
public record PriceStatus(
        String source,
        Optional<FiatRate> rate,
        Optional<Instant> acceptedAt,
        boolean stale,
        Optional<Instant> refusedAt,
        Optional<String> refusal) {

    static PriceStatus of(Optional<FiatRate> rate) {
        return new PriceStatus(
                rate.isPresent() ? "fixed" : "none", rate, Optional.empty(), false, Optional.empty(), Optional.empty());
    }
}
