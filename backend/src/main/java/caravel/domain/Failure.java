package caravel.domain;

/**
 * A request the domain refuses, in domain terms: what kind of refusal, a stable code a client can branch on, and the
 * request field it is about (null when it is about no single field). The HTTP layer maps the kind to a status in one
 * place; nothing below it knows about HTTP.
 */
public class Failure extends RuntimeException {
    /** Why the request cannot be done. */
    public enum Kind {
        /** The input breaks a rule; fixing the input helps. */
        INVALID("invalid_input"),
        /** The caller may never do this. */
        FORBIDDEN("forbidden"),
        NOT_FOUND("not_found"),
        /** The current state forbids it (taken name, quota, a transition the state machine refuses now). */
        CONFLICT("conflict"),
        /** Too many requests; try again later. */
        RATE_LIMITED("rate_limited"),
        /** A peer Caravel depends on (a relay, zooid) answered wrongly. */
        UPSTREAM("upstream_error"),
        /** A part of the platform is off or unreachable right now. */
        UNAVAILABLE("unavailable"),
        /** A payment was refused (a declined card). */
        PAYMENT_REFUSED("payment_refused"),
        /** The request is larger than the platform reads. */
        TOO_LARGE("too_large"),
        /** The request is not in a format the platform reads. */
        UNSUPPORTED_FORMAT("unsupported_format");

        /** The code sent when the failure names none of its own. */
        public final String defaultCode;

        Kind(String defaultCode) {
            this.defaultCode = defaultCode;
        }
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public Failure(Kind kind, String code, String field, String message) {
        super(message, null, false, false); // expected outcomes: no stack trace to fill
        this.kind = kind;
        this.code = code == null ? kind.defaultCode : code;
        this.field = field;
    }

    public Failure(Kind kind, String message) {
        this(kind, null, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The request field this failure is about, or null. */
    public String field() {
        return field;
    }

    public static Failure invalid(String message) {
        return new Failure(Kind.INVALID, message);
    }

    /** Bad input in one field: clients show the message beside that field. */
    public static Failure invalidField(String field, String message) {
        return new Failure(Kind.INVALID, null, field, message);
    }

    public static Failure forbidden(String message) {
        return new Failure(Kind.FORBIDDEN, message);
    }

    public static Failure notFound(String message) {
        return new Failure(Kind.NOT_FOUND, message);
    }

    public static Failure conflict(String message) {
        return new Failure(Kind.CONFLICT, message);
    }

    public static Failure unavailable(String message) {
        return new Failure(Kind.UNAVAILABLE, message);
    }

    public static Failure upstream(String message) {
        return new Failure(Kind.UPSTREAM, message);
    }
}
