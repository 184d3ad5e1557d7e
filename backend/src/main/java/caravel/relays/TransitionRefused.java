package caravel.relays;

/** The relay state machine refused a transition; the HTTP layer answers it with {@code status} and the reason. */
public final class TransitionRefused extends RuntimeException {
    public final int status;

    public TransitionRefused(int status, String reason) {
        super(reason);
        this.status = status;
    }
}
