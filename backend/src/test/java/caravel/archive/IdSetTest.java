package caravel.archive;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Hex;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/** The import's compact set of ids seen: each id once, however many, and ids that are not hex kept apart. */
class IdSetTest {
    static String id(int i) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256")
                .digest(Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void eachIdIsNewOnceThroughEveryGrowth() throws Exception {
        IdSet set = new IdSet();
        for (int i = 0; i < 50_000; i++) assertThat(set.add(id(i))).isTrue();
        for (int i = 0; i < 50_000; i++) assertThat(set.add(id(i))).isFalse();
        assertThat(set.add(id(50_000))).isTrue();
    }

    @Test
    void idsThatDifferOnlyAfterTheirFirstHalfAreStillTwo() {
        String a = "0".repeat(32) + "1".repeat(32), b = "0".repeat(32) + "2".repeat(32);
        IdSet set = new IdSet();
        assertThat(set.add(a)).isTrue();
        // the first 128 bits are all the set keeps: these two share them (all zero), so only one is new; no event's
        // id (a sha256) shares half of another's
        assertThat(set.add(b)).isFalse();
        assertThat(set.add("1" + "0".repeat(63))).isTrue();
    }

    @Test
    void anIdThatIsNotLowerCaseHexIsKeptWhole() {
        IdSet set = new IdSet();
        String upper = "AB".repeat(32), lower = "ab".repeat(32);
        assertThat(set.add(upper)).isTrue();
        assertThat(set.add(lower)).isTrue();
        assertThat(set.add(upper)).isFalse();
        assertThat(set.add("not an id")).isTrue();
        assertThat(set.add("not an id")).isFalse();
    }
}
