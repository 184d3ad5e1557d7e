package caravel.jobs;

/** A claimed job. attempts counts this run. */
public record Job(long id, String kind, String payload, int attempts, int maxAttempts) {
    public boolean lastAttempt() {
        return attempts >= maxAttempts;
    }
}
