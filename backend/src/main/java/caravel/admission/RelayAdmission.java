package caravel.admission;

import java.util.List;

/**
 * A relay's admission as its owner set it (a row of relay_admissions). {@code walletEnc} is the owner's NWC connection
 * sealed with the platform's secret: only the payment code opens it, and no view carries it. {@code trialsPerDay}
 * bounds the free trials that may start in a day (throw-away keys cost nothing).
 */
public record RelayAdmission(
        String relayId,
        Mode mode,
        long priceSats,
        int trialDays,
        String rules,
        String walletEnc,
        String walletAlias,
        List<String> walletMethods,
        Long walletCheckedAt,
        long updatedAt,
        int trialsPerDay) {

    /** Trials that may start per day when the owner set no number. */
    public static final int DEFAULT_TRIALS_PER_DAY = 5;

    /** free: invite only; once: one payment, a member for good; monthly: a payment per period. */
    public enum Mode {
        FREE,
        ONCE,
        MONTHLY;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Mode of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public RelayAdmission {
        walletMethods = walletMethods == null ? List.of() : List.copyOf(walletMethods);
    }

    /** No row: invite only, as every relay was before paid admission. */
    public static RelayAdmission free(String relayId) {
        return new RelayAdmission(relayId, Mode.FREE, 0, 0, "", null, null, List.of(), null, 0, DEFAULT_TRIALS_PER_DAY);
    }

    public boolean priced() {
        return mode != Mode.FREE && priceSats > 0;
    }

    public boolean walletConnected() {
        return walletEnc != null;
    }
}
