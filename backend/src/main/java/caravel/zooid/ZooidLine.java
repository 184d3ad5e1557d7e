package caravel.zooid;

import java.util.Optional;

/**
 * Which line of zooid answers Caravel's API calls, as far as a probe could tell (docs/zooid.md, "Versions we
 * support"). Told by trying a feature, never by a version string: the newer line serves {@code GET
 * /relay/<id>/members}, the archived line has no GET at all.
 */
public enum ZooidLine {
    /** The archived public line: drops {@code blossom.adapter} and {@code blossom.s3}, so media stays on its disk. */
    ARCHIVED("archived"),
    /** The newer line: honours and validates the S3 settings, and has public reading and writing. */
    NEWER("newer"),
    /** zooid did not answer in a way that tells the lines apart (unreachable, credentials refused, another build). */
    UNKNOWN("unknown");

    public final String wire;

    ZooidLine(String wire) {
        this.wire = wire;
    }

    /**
     * Whether a relay config on this line carries {@code policy.public_read} and {@code policy.public_write} (anyone
     * reads, or writes, without membership): only the newer line has them; the archived line drops both silently, and
     * an unknown line is not promised anything.
     */
    public boolean publicPolicies() {
        return this == NEWER;
    }

    /** One probe's answer: the line, and for {@link #UNKNOWN} why it could not be told (never a secret). */
    public record Probe(ZooidLine line, Optional<String> problem) {
        public static Probe of(ZooidLine line) {
            return new Probe(line, Optional.empty());
        }

        public static Probe unknown(String problem) {
            return new Probe(UNKNOWN, Optional.of(problem));
        }
    }
}
