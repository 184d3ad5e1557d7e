package caravel.admission;

/**
 * Someone who joined a relay through its join page (a row of admission_members). {@code paidUntil} is the end of the
 * paid or trial period, null for a one-time payment.
 */
public record PaidMember(
        String relayId,
        String pubkey,
        Status status,
        RelayAdmission.Mode mode,
        long joinedAt,
        Long paidUntil,
        boolean trialUsed,
        long totalPaidSats,
        int payments,
        Long lastPaidAt,
        Long remindedFor,
        long changedAt) {

    /** See V72's comment on admission_members. */
    public enum Status {
        ADMITTING,
        ACTIVE,
        TRIAL,
        GRACE,
        LAPSED,
        REMOVED,
        BLOCKED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }

        /** A member of the relay now (or about to be). */
        public boolean member() {
            return this == ADMITTING || this == ACTIVE || this == TRIAL || this == GRACE;
        }
    }

    /** On a free trial now: joining or on the relay, and not paid. */
    public boolean openTrial() {
        return (status == Status.ADMITTING || status == Status.TRIAL) && payments == 0;
    }
}
