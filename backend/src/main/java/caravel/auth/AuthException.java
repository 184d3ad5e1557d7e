package caravel.auth;

/** Authentication failed; the message is the reason returned with 401. */
public class AuthException extends RuntimeException {
    public AuthException(String message) {
        super(message, null, false, false);
    }
}
