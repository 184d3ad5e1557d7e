package caravel.invoice;

/**
 * When a Lightning invoice (a bolt11) is still worth paying, and when an unpaid one is given up: one set of margins
 * for every domain, since the network is the same. Times are epoch seconds.
 */
public final class Expiry {
    /** A bolt11 is offered or paid only with more than this left: a payment started later may not arrive in time. */
    public static final long MIN_LEFT_SECONDS = 60;

    /**
     * How long past its expiry an unpaid invoice stays open when its wallet does not say it expired: a payment in
     * flight at the last moment may still land, and is proven by the same check.
     */
    public static final long SLACK_SECONDS = 300;

    private Expiry() {}

    /** Whether a bolt11 expiring at {@code expiresAt} (null: none yet) can still be offered. */
    public static boolean payable(Long expiresAt, long now) {
        return expiresAt != null && expiresAt > now + MIN_LEFT_SECONDS;
    }

    /** Whether a bolt11 (null: none yet) is about to expire: too late to pay it, not yet given up. */
    public static boolean expiring(Long expiresAt, long now) {
        return expiresAt != null && !payable(expiresAt, now);
    }

    /** Whether a bolt11 expiring at {@code expiresAt} ran out: nothing can be paid to it any more. */
    public static boolean ranOut(long expiresAt, long now) {
        return expiresAt <= now;
    }

    /** Whether an unpaid invoice is given up: its wallet says it expired, or the slack after its expiry is over. */
    public static boolean givenUp(long expiresAt, boolean walletSaysExpired, long now) {
        return walletSaysExpired || now > expiresAt + SLACK_SECONDS;
    }
}
