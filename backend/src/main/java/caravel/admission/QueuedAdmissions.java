package caravel.admission;

import caravel.domain.Epoch;
import caravel.jobs.JobQueue;
import caravel.store.Relay;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins that queue the admission job without a new payment, for {@link Joins}: a free trial started (within the
 * relay's trials per day and its seats), and a person who paid but could not be added tried again.
 */
record QueuedAdmissions(Jdbi jdbi, Clock clock, PaidMemberStore members, JobQueue jobs, Admissions rules) {
    private static final Logger log = LoggerFactory.getLogger(QueuedAdmissions.class);
    /** Trials per day are counted over the last day. */
    private static final long TRIAL_DAY_SECONDS = 86_400;

    /**
     * Starts a free trial, unless the relay's trials are used up for today or would take seats paying members need:
     * then false, and the person is asked to pay as on a relay without trials. The count and the start are one write
     * transaction (one writer at a time on either database), so concurrent joins cannot start more than the bound.
     */
    boolean startTrial(Relay r, RelayAdmission a, String pubkey, PaidMember before) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> {
            Optional<String> refused = trialRefusal(h, r, a, now);
            if (refused.isPresent()) {
                log.info("relay {}: no free trial now ({}), the join asks for payment", r.id(), refused.get());
                return false;
            }
            members.put(
                    h,
                    new PaidMember(
                            r.id(),
                            pubkey,
                            PaidMember.Status.ADMITTING,
                            RelayAdmission.Mode.MONTHLY,
                            now,
                            now + a.trialDays() * 86_400L,
                            true,
                            before == null ? 0 : before.totalPaidSats(),
                            before == null ? 0 : before.payments(),
                            before == null ? null : before.lastPaidAt(),
                            null,
                            now));
            jobs.enqueue(
                    h,
                    Settlements.JOB_ADMIT,
                    Admitting.payload(r.id(), pubkey),
                    Admitting.key(r.id(), pubkey),
                    Admitting.ATTEMPTS);
            return true;
        });
    }

    void retryAdmission(Relay r, String pubkey) {
        jdbi.useTransaction(h -> {
            if (members.transition(
                    h, r.id(), pubkey, PaidMember.Status.BLOCKED, PaidMember.Status.ADMITTING, Epoch.seconds(clock)))
                jobs.enqueue(
                        h,
                        Settlements.JOB_ADMIT,
                        Admitting.payload(r.id(), pubkey),
                        Admitting.key(r.id(), pubkey),
                        Admitting.ATTEMPTS);
        });
    }

    /**
     * Whether a newcomer joining now would get a free trial: the relay offers one and neither its trials per day nor
     * the trial seats are used up. The join page offers the trial only then, so it never promises a trial that the join
     * would turn into an invoice.
     */
    boolean trialOffered(Relay r, RelayAdmission a) {
        if (a.mode() != RelayAdmission.Mode.MONTHLY || a.trialDays() <= 0) return false;
        long now = Epoch.seconds(clock);
        return jdbi.withHandle(h -> trialRefusal(h, r, a, now)).isEmpty();
    }

    /** Why no free trial starts on {@code r} now, counted over the last day ({@link Admissions#trialRefusal}). */
    private Optional<String> trialRefusal(Handle h, Relay r, RelayAdmission a, long now) {
        return rules.trialRefusal(r, a, members.trialCounts(h, r.id(), now - TRIAL_DAY_SECONDS));
    }
}
