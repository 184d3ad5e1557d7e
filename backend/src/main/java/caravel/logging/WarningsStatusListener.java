package caravel.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own status messages, cut to what needs a reader: its warnings and errors about the configuration go to
 * stderr, its INFO chatter (about 30 lines at every start) does not. The warning that the appender LOG_FORMAT did not
 * pick is left unreferenced is expected (logback.xml defines both and uses one) and dropped too; without it logback
 * would print every status line, as it does whenever a configuration warning was reported and no listener is set.
 */
public final class WarningsStatusListener implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() < Status.WARN) return;
        String message = String.valueOf(status.getMessage());
        if (message.contains("not referenced")) return;
        System.err.println("logback " + (status.getLevel() == Status.ERROR ? "ERROR" : "WARN") + ": " + message
                + (status.getThrowable() == null ? "" : " (" + status.getThrowable() + ")"));
    }
}
