package caravel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The exceptions file may only shrink: its number of entries is held here, so an added line fails the build until
 * {@link #MOST} is raised in the same change (where a reviewer sees it), and a deleted line asks for {@link #MOST} to
 * come down with it, so the room it freed cannot be taken again unseen.
 */
class RatchetExceptionsTest {
    /** The entries issue 54's round left in backend/ratchets/exceptions.txt. */
    static final int MOST = 10;

    @Test
    void theExceptionsOnlyShrink() throws IOException {
        long entries = Files.readAllLines(RatchetExceptions.FILE).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .count();
        assertThat(entries)
                .as(
                        "%s has more entries than the %d it may hold: fix the new offender instead of listing it",
                        RatchetExceptions.FILE, MOST)
                .isLessThanOrEqualTo(MOST);
        assertThat(entries)
                .as(
                        "%s has fewer entries than %d: lower MOST in RatchetExceptionsTest to %d",
                        RatchetExceptions.FILE, MOST, entries)
                .isEqualTo(MOST);
    }
}
