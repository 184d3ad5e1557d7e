package caravel.zooid;

import caravel.store.Relay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a purge removes from the relay's zooid node. zooid's own DELETE of a relay's config keeps the relay's tables in
 * its database and its media folder for ever, so after it the operator's PURGE_RELAY_COMMAND (deploy/zooid-purge-relay)
 * removes those, run with the relay's schema and its node's name. Each step is safe to run again: a config already
 * gone answers 404, which counts as done, and the command skips what is gone already, so a purge that died half-way
 * finishes on its next run. Without a command the stored events and media stay on the node, and the outcome says so.
 */
public final class NodePurge {
    private static final Logger log = LoggerFactory.getLogger(NodePurge.class);
    /** How long the command may take: dropping a large relay's tables and media folder is quick, not instant. */
    public static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final NodeClients nodes;
    private final List<String> command;
    private final Duration timeout;

    /** @param command PURGE_RELAY_COMMAND, split (empty: none configured) */
    public NodePurge(NodeClients nodes, List<String> command, Duration timeout) {
        this.nodes = nodes;
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    /**
     * What is left of a purged relay, in words for its activity: {@code dataRemoved} when its stored events and media
     * left the node too, false when they stay there (no command configured).
     */
    public record Outcome(boolean dataRemoved, String words) {}

    /** Whether a purge removes the relay's stored events and media from its node (a command is configured). */
    public boolean removesData() {
        return !command.isEmpty();
    }

    /**
     * Removes the relay from its node: zooid's config, then (with a command) its stored events and media. Throws when
     * a step fails, so the purge job runs again.
     */
    public Outcome remove(Relay r) {
        ZooidResult result = nodes.client(r).delete(r.schema());
        if (!(result instanceof ZooidResult.Ok) && !(result instanceof ZooidResult.NotFound))
            throw new IllegalStateException("removing relay " + r.id() + " from zooid: " + result.describe());
        if (command.isEmpty())
            return new Outcome(
                    false,
                    "zooid no longer serves it, but its stored events and media stay on the relay host (zooid's"
                            + " database and media folder) until the platform's operator removes them: no purge"
                            + " command is configured (PURGE_RELAY_COMMAND)");
        // the command's own counts go to the log only: a run that resumes a purge finds less than there was
        run(r.schema(), nodes.node(r).name());
        return new Outcome(true, "its config, stored events and media were removed from the relay host");
    }

    /** The command with the schema and node as last arguments; throws unless it succeeds. */
    private void run(String schema, String node) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(schema, node));
        try {
            OperatorCommand.Ran ran = OperatorCommand.run(argv, timeout);
            if (!ran.inTime())
                throw new IllegalStateException(
                        "the purge command (PURGE_RELAY_COMMAND) did not end within " + timeout);
            String out = ran.output().strip();
            if (ran.status() != 0)
                throw new IllegalStateException("the purge command (PURGE_RELAY_COMMAND) failed with exit status "
                        + ran.status() + ": " + tail(out));
            log.info("purged relay schema {} on node {}: {}", schema, node, tail(out));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the purge command (PURGE_RELAY_COMMAND) could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the purge command ran", e);
        }
    }

    private static String tail(String out) {
        return out.length() > 300 ? out.substring(out.length() - 300) : out;
    }
}
