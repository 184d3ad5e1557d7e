package caravel.auth;

/** Authentication failed; the message is the reason the caller is told they are not signed in. */
public class AuthException extends RuntimeException {
    public AuthException(String message) {
        super(message, null, false, false);
    }
}
