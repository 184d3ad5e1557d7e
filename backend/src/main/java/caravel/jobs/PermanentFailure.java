package caravel.jobs;

/** Thrown by a handler when retrying cannot help (e.g. zooid's conflict): the job fails at once. */
public class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message) {
        super(message);
    }
}
