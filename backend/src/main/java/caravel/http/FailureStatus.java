package caravel.http;

import caravel.domain.Failure;

/**
 * The HTTP status of each kind of refusal, one table for both listeners: the native API ({@code api.ErrorResponses})
 * and Flotilla's ({@code flotilla.FlotillaErrors}) differ in their bodies, never in their statuses.
 */
public final class FailureStatus {
    private FailureStatus() {}

    public static int of(Failure.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case PAYMENT_REFUSED -> 402;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_FORMAT -> 415;
            case RATE_LIMITED -> 429;
            case UPSTREAM -> 502;
            case UNAVAILABLE -> 503;
        };
    }
}
