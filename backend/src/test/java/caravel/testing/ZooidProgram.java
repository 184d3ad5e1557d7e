package caravel.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which zooid the test harness starts: the emulator (stack/zooid-emulator), or the real zooid binary that the
 * {@code ZOOID_BIN} environment variable names, run through stack/zooid-binary/server.mjs with the same start
 * contract. A {@code ZOOID_BIN} that names nothing runnable is an error, never a quiet fall-back: whoever sets it wants
 * to know which zooid their tests ran against. (The same rule as stack/zooid-binary/select.mjs, for the stack.)
 *
 * @param binary the real binary, or empty for the emulator
 */
public record ZooidProgram(Optional<Path> binary) {
    public static final String ENV = "ZOOID_BIN";

    /** The program for this JVM's environment. */
    public static ZooidProgram fromEnv() {
        return choose(System.getenv(ENV));
    }

    /** The program for a value of {@code ZOOID_BIN} (null or blank: the emulator). */
    public static ZooidProgram choose(String zooidBin) {
        if (zooidBin == null || zooidBin.isBlank()) return new ZooidProgram(Optional.empty());
        Path bin = Path.of(zooidBin.strip()).toAbsolutePath().normalize();
        String problem = !Files.exists(bin)
                ? "no such file"
                : !Files.isRegularFile(bin) ? "not a file" : !Files.isExecutable(bin) ? "not executable" : null;
        if (problem != null)
            throw new IllegalStateException(
                    ENV + "=" + zooidBin + ": " + problem + " (unset " + ENV + " to test against the zooid emulator)");
        return new ZooidProgram(Optional.of(bin));
    }

    public boolean real() {
        return binary.isPresent();
    }

    /** The node program to start: the emulator, or the runner of the real binary. */
    public Path script() {
        return NostrTools.root().resolve(real() ? "stack/zooid-binary/server.mjs" : "stack/zooid-emulator/server.mjs");
    }

    /** What the harness is driving, in words for test output. */
    public String describe() {
        return binary.map(b -> "real zooid " + b).orElse("the zooid emulator");
    }
}
