package caravel.domains;

/**
 * A custom domain's states as checks move it (pure: no DNS, no database): pending until both records are seen,
 * verified while they are, lost once they went missing after verification.
 */
final class DomainStates {
    /** Background checks in a row that must miss the records before a verified domain is lost. */
    static final int MISSES_TO_LOSE = 3;

    private DomainStates() {}

    /** What DNS says about the row: found, missing (a problem sentence) or unknown (DNS did not answer). */
    record Finding(boolean found, boolean unknown, String problem) {}

    /** The row after a check that found {@code f} (pure: the state machine of a custom domain). */
    static RelayDomain next(RelayDomain cur, Finding f, boolean onDemand, long now) {
        String state;
        int misses;
        Long verifiedAt = cur.verifiedAt();
        if (f.found()) {
            state = RelayDomain.VERIFIED;
            misses = 0;
            verifiedAt = now;
        } else if (cur.verified()) {
            // DNS that did not answer is never proof the records are gone, even when the owner asks
            boolean definite = onDemand && !f.unknown();
            misses = cur.misses() + 1;
            state = definite || misses >= MISSES_TO_LOSE ? RelayDomain.LOST : RelayDomain.VERIFIED;
            if (state.equals(RelayDomain.LOST)) misses = 0;
        } else {
            state = cur.state();
            misses = 0;
        }
        return new RelayDomain(
                cur.relayId(),
                cur.domain(),
                cur.token(),
                state,
                f.found() ? null : f.problem(),
                misses,
                cur.createdAt(),
                now,
                verifiedAt,
                nextCheck(state, cur.createdAt(), now));
    }

    /** When a row is checked again: a pending one 1, 5 and 15 minutes after it was set, then hourly; others hourly. */
    static long nextCheck(String state, long createdAt, long now) {
        if (state.equals(RelayDomain.PENDING)) {
            for (long after : new long[] {60, 300, 900}) if (now < createdAt + after) return createdAt + after;
        }
        return now + 3600;
    }
}
