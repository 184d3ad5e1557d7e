package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which events of a backup a restore leaves out: the ones the erasure removed, and no other. */
class ErasedPeopleTest {
    static final String ALICE = "a".repeat(64), BOB = "b".repeat(64), WRAPPER = "c".repeat(64);
    static final ErasedPeople ERASED = new ErasedPeople(Map.of(ALICE, 1000L));

    static String event(String pubkey, int kind, long at, String pTag) {
        String tags = pTag == null ? "[]" : "[[\"p\",\"" + pTag + "\"]]";
        return "{\"id\":\"" + "1".repeat(64) + "\",\"pubkey\":\"" + pubkey + "\",\"kind\":" + kind + ",\"created_at\":"
                + at + ",\"tags\":" + tags + ",\"content\":\"x\",\"sig\":\"" + "2".repeat(128) + "\"}";
    }

    @Test
    void herEventsUpToHerRequestAndTheGiftWrapsToHerAreLeftOut() {
        assertThat(ERASED.leavesOut(event(ALICE, 1, 999, null))).isTrue();
        assertThat(ERASED.leavesOut(event(ALICE, 1, 1000, null))).isTrue();
        assertThat(ERASED.leavesOut(event(WRAPPER, 1059, 500, ALICE))).isTrue();
        // the relay's record of adding her, and a member list naming her, whenever written
        assertThat(ERASED.leavesOut(event(WRAPPER, 8000, 5000, ALICE))).isTrue();
        assertThat(ERASED.leavesOut(event(WRAPPER, 13534, 5000, ALICE))).isTrue();
        assertThat(ERASED.leavesOut(event(WRAPPER, 13534, 5000, BOB))).isFalse();
    }

    @Test
    void whatTheErasureDidNotRemoveIsKept() {
        // written after her request (the erasure removed only what came before), bob's, a reply to her that is no
        // gift wrap, a gift wrap to her sent after her request, a line that is no event (left to the importer)
        assertThat(ERASED.leavesOut(event(ALICE, 1, 1001, null))).isFalse();
        assertThat(ERASED.leavesOut(event(BOB, 1, 10, null))).isFalse();
        assertThat(ERASED.leavesOut(event(BOB, 1, 10, ALICE))).isFalse();
        assertThat(ERASED.leavesOut(event(WRAPPER, 1059, 1001, ALICE))).isFalse();
        assertThat(ERASED.leavesOut("not json")).isFalse();
        assertThat(ErasedPeople.NONE.leavesOut(event(ALICE, 1, 1, null))).isFalse();
    }

    @Test
    void theKeptLinesAreCopiedAndTheLeftOutCounted() throws Exception {
        String file =
                event(ALICE, 1, 1, null) + "\n" + event(BOB, 1, 2, null) + "\n" + event(WRAPPER, 1059, 3, ALICE) + "\n";
        var out = new ByteArrayOutputStream();
        long left = ERASED.copyKept(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), out);
        assertThat(left).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(event(BOB, 1, 2, null) + "\n");
    }
}
