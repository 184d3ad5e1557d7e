package caravel.zooid;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which zooid line each node runs, as its own API answers the line probe ({@link ZooidClient#probeLine()}: one signed
 * GET of the newer line's members route), and so what a relay config on that node can carry (docs/zooid.md, "Versions
 * we support"). Only the newer line has {@code policy.public_read} and {@code policy.public_write}; the archived line
 * drops both silently, so sending them there would promise what the node does not do.
 *
 * <p>Every node is asked at start, again every {@code retry} while one cannot be told (down, not whitelisted yet), and
 * every {@code recheck} once all can (a node may be upgraded or replaced). Reads never call zooid; a change of settings
 * that meets a node not told yet asks that node at once ({@link #lineNow}).
 */
public final class NodeLines implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLines.class);
    public static final Duration RECHECK = Duration.ofMinutes(10);
    public static final Duration RETRY = Duration.ofSeconds(30);

    private final NodeClients nodes;
    private final Duration recheck;
    private final Duration retry;
    /** The last answer per node name; a node never told is absent (unknown). */
    private final Map<String, ZooidLine> known = new ConcurrentHashMap<>();
    /** Raised after each change of an answer in {@link #known}: what a kept relay view is checked against. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    private volatile Thread loop;

    public NodeLines(NodeClients nodes) {
        this(nodes, RECHECK, RETRY);
    }

    public NodeLines(NodeClients nodes, Duration recheck, Duration retry) {
        this.nodes = nodes;
        this.recheck = recheck;
        this.retry = retry;
    }

    /** The line of the node a relays row names (null: the default node) as last told; never calls zooid. */
    public ZooidLine line(String recordedNode) {
        return known.getOrDefault(nodes.nodes().of(recordedNode).name(), ZooidLine.UNKNOWN);
    }

    /** The node's line, asking it now if it has not been told yet (one signed GET). */
    public ZooidLine lineNow(String recordedNode) {
        ZooidLine line = line(recordedNode);
        return line != ZooidLine.UNKNOWN
                ? line
                : check(nodes.nodes().of(recordedNode).name());
    }

    /** Asks one node now; the answer replaces the last one (an unreachable node becomes unknown again). */
    public ZooidLine check(String nodeName) {
        ZooidLine.Probe p = nodes.client(nodeName).probeLine();
        ZooidLine before = known.put(nodeName, p.line());
        // line() answers UNKNOWN for a node never told: only a change of that answer counts
        if ((before == null ? ZooidLine.UNKNOWN : before) != p.line()) changes.incrementAndGet();
        if (before != p.line())
            // only the line and zooid's own answer: the probe's problem never holds a secret
            if (p.line() == ZooidLine.UNKNOWN)
                log.info(
                        "cannot tell which zooid line node '{}' runs ({}); asking again every {} s",
                        nodeName,
                        p.problem().orElse("no answer"),
                        retry.toSeconds());
            else log.info("zooid node '{}' runs the {} line", nodeName, p.line().wire);
        return p.line();
    }

    /** How many times a node's line as {@link #line} answers it has changed (raised after the change). */
    public long changes() {
        return changes.get();
    }

    /** Asks every node now; true when each could be told. */
    public boolean checkAll() {
        boolean all = true;
        for (var n : nodes.nodes().all()) all &= check(n.name()) != ZooidLine.UNKNOWN;
        return all;
    }

    /** Asks in the background (see the class comment). */
    public NodeLines start() {
        loop = Thread.ofVirtual().name("zooid-lines").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Duration wait;
                try {
                    wait = checkAll() ? recheck : retry;
                } catch (RuntimeException e) {
                    // a bug in a probe must not end the checks: the last answers stand, asked again soon
                    log.warn("zooid line check failed: {}", e.toString());
                    wait = retry;
                }
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    @Override
    public void close() {
        Thread t = loop;
        if (t != null) t.interrupt();
    }
}
