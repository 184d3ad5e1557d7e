package caravel.zooid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a command the operator configured for the data zooid keeps on a relay host (RESTORE_EVENTS_COMMAND,
 * MOVE_COPY_COMMAND, PURGE_RELAY_COMMAND): its output caught in a temporary file, removed after the run, and the process
 * killed when it outlives its timeout. What a failure means, and how it is told, is the caller's.
 */
public final class OperatorCommand {
    private static final Logger log = LoggerFactory.getLogger(OperatorCommand.class);

    /**
     * How a run ended.
     *
     * @param inTime false when the command was killed at its timeout (then {@code status} and {@code output} say nothing)
     * @param output everything it wrote, standard error included
     */
    public record Ran(boolean inTime, int status, String output) {}

    private OperatorCommand() {}

    /** Runs {@code argv}, waiting at most {@code timeout}; throws only when the command could not be started. */
    public static Ran run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("caravel-command-", ".log");
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Ran(false, -1, "");
            }
            return new Ran(true, p.exitValue(), Files.readString(output));
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                log.warn("could not remove an operator command's output file {}", output.getFileName());
            }
        }
    }
}
