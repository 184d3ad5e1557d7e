package caravel.jobs;

/** Work for one job kind. Returning normally marks the job done; throwing retries it with backoff. */
public interface JobHandler {
    void run(Job job) throws Exception;

    /** Called once when the job will not be tried again (attempts used up, or a permanent failure). */
    default void onGiveUp(Job job, String error) {}
}
