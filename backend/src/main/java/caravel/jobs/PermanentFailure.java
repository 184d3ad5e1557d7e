package caravel.jobs;

/** Thrown by a handler when retrying cannot help (e.g. a 409 from zooid): the job fails at once. */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }
}
