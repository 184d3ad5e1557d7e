package caravel.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gate every local-stack peer (a node program from stack/: the zooid emulator, the Stripe emulator, the Nostr
 * relay, the whole stack, the nostr-tools bridges) passes before its process starts, so a missing dependency is named
 * with the command that installs it instead of surfacing later as "did not start", and so a test that starts a peer
 * cannot hide in the fast run ({@code ./caravel test --fast} leaves out the classes tagged {@value #TAG} and sets
 * {@value #PROPERTY}={@value #NONE}; an untagged class that starts one fails there, saying so).
 */
public final class Peers {
    /** The JUnit tag of a test class that starts a peer. */
    public static final String TAG = "peer";
    /** The system property the fast run sets to {@value #NONE}: no peer may start. */
    public static final String PROPERTY = "caravel.peers";

    public static final String NONE = "none";

    private Peers() {}

    /** Throws, naming what is missing and how to get it, unless {@code what} can start now. */
    public static void starting(String what) {
        problem(what, System.getProperty(PROPERTY), System.getenv("PATH"), NostrTools.root())
                .ifPresent(p -> {
                    throw new IllegalStateException(p);
                });
    }

    /** Why {@code what} cannot start with this property value, PATH and checkout (empty when it can). */
    static Optional<String> problem(String what, String property, String path, Path root) {
        if (NONE.equals(property))
            return Optional.of(what + " is a local-stack peer, and this run starts none (" + PROPERTY + "=" + NONE
                    + ", ./caravel test --fast): tag the test class @Tag(\"" + TAG + "\") so the fast run leaves it"
                    + " out");
        if (!onPath("node", path))
            return Optional.of(what + " needs node, which is not on the PATH: install Node.js 20.19+ or 22.12+"
                    + " (the README's requirements), then run ./caravel test once (it installs the npm packages)");
        if (!Files.isDirectory(root.resolve("stack/node_modules")))
            return Optional.of(what + " needs the local stack's npm packages, and stack/node_modules is missing:"
                    + " install them with `cd stack && npm ci` (./caravel test and ./caravel run do it)");
        return Optional.empty();
    }

    private static boolean onPath(String program, String path) {
        if (path == null) return false;
        return Pattern.compile(Pattern.quote(File.pathSeparator))
                .splitAsStream(path)
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }
}
