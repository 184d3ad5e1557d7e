package caravel.api;

/** An error with an HTTP status; rendered as {"error": message}. */
public class ApiException extends RuntimeException {
    public final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiException badRequest(String m) { return new ApiException(400, m); }
    public static ApiException forbidden(String m) { return new ApiException(403, m); }
    public static ApiException notFound(String m) { return new ApiException(404, m); }
    public static ApiException conflict(String m) { return new ApiException(409, m); }
    public static ApiException unavailable(String m) { return new ApiException(503, m); }
}
