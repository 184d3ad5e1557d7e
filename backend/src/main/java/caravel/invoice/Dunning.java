package caravel.invoice;

/**
 * Renewal, grace and lapse of a paid term, in the same order for every domain that charges by the period: the
 * renewal is offered from {@code notice} before the term ends; a term that ends unpaid enters grace (said once); a
 * reminder goes out {@code reminder} before the grace is over; and once it is over the term lapses. Each domain gives
 * the lengths ({@link Schedule}) and what each step does ({@link Steps}: the price of the renewal, who is told, what
 * a lapse takes away); this class only decides which steps are due. Times are epoch seconds.
 */
public final class Dunning {
    private Dunning() {}

    /**
     * The lengths of one domain's steps, in seconds.
     *
     * @param notice how long before the end of a term its renewal is offered (0: at the end)
     * @param grace how long after the end an unpaid term is kept
     * @param reminder how long before the grace is over the reminder goes out (0: none)
     */
    public record Schedule(long notice, long grace, long reminder) {
        /** When a term that ends at {@code end} lapses unpaid. */
        public long graceEnds(long end) {
            return end + grace;
        }

        public boolean lapsed(long end, long now) {
            return graceEnds(end) <= now;
        }

        public boolean reminderDue(long end, long now) {
            return reminder > 0 && graceEnds(end) - reminder <= now;
        }

        public boolean renewalDue(long end, long now) {
            return end - notice <= now;
        }
    }

    /**
     * What one domain does at each step of one term. A step may be called on every run while it is due: each
     * implementation makes its own effect happen once (a conditional update, a job's dedupe key).
     */
    public interface Steps {
        /** Offer the renewal (make its invoice, send it). */
        default void renew() {}

        /** The term ended unpaid: it enters grace (and whoever must know is told). */
        default void enterGrace() {}

        /** The grace is nearly over: remind. */
        default void remind() {}

        /** The grace is over: the term lapses (what that takes away is the domain's). */
        void lapse();
    }

    /**
     * Runs the steps due for a term that ends at {@code end}. {@code inGrace}: it entered grace before (a domain whose
     * unpaid terms are in grace from their end on, with nobody to tell, passes true). A term lapses only from grace,
     * so one that was never put in grace is put there first (and lapses on a later run); a lapsed term is offered
     * nothing more.
     */
    public static void advance(Schedule s, long end, boolean inGrace, long now, Steps steps) {
        if (inGrace && s.lapsed(end, now)) {
            steps.lapse();
            return;
        }
        if (!inGrace && end <= now) steps.enterGrace();
        else if (inGrace && s.reminderDue(end, now)) steps.remind();
        if (s.renewalDue(end, now)) steps.renew();
    }
}
