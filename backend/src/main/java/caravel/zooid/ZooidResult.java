package caravel.zooid;

/** What a call to zooid's API came to, by the status codes in docs/zooid.md. */
public sealed interface ZooidResult {
    record Ok(int status, String message) implements ZooidResult {}

    /** 400: zooid refused the config. */
    record Invalid(String error) implements ZooidResult {}

    /** 401/403: our key or signature is not accepted — a configuration problem, not worth retrying fast. */
    record Unauthorized(int status, String error) implements ZooidResult {}

    record NotFound(String error) implements ZooidResult {}

    /** 409: the id exists, or another config holds the schema or host. */
    record Conflict(String error) implements ZooidResult {}

    /** 405, 5xx or anything unexpected. */
    record Failed(int status, String error) implements ZooidResult {}

    /** Could not reach zooid at all (connection refused, timeout, reset). */
    record Unreachable(String error) implements ZooidResult {}

    default String describe() {
        return switch (this) {
            case Ok o -> "ok (" + o.status() + ")";
            case Invalid i -> "zooid rejected the config: " + i.error();
            case Unauthorized u ->
                "zooid refused our credentials (" + u.status() + "): " + u.error()
                        + " — is the ZOOID_API_SECRET pubkey in zooid's API_WHITELIST?";
            case NotFound n -> "zooid has no such relay: " + n.error();
            case Conflict c -> "zooid reports a conflict: " + c.error();
            case Failed f -> "zooid answered " + f.status() + ": " + f.error();
            case Unreachable u -> "zooid is unreachable: " + u.error();
        };
    }
}
