package caravel.domain;

/**
 * A refusal that passes: the request may be sent again after {@link #retryAfterSeconds} (the HTTP layer says so in
 * Retry-After). Rate limits, and bounds on work a stranger can cause (open join invoices, a busy wallet), use it.
 */
public class RetryLater extends Failure {
    public final long retryAfterSeconds;

    public RetryLater(Kind kind, String code, String message, long retryAfterSeconds) {
        super(kind, code, null, message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }
}
