package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Whose uploads a backup asks Blossom for beside the members: the events' other authors, most events first, at most
 * the bound; gift wraps' one-time keys are not counted; the note says what the bound left out.
 */
class EventAuthorsTest {
    static final Keys MEMBER = Keys.generate(), FORMER = Keys.generate(), QUIET = Keys.generate();

    @Test
    void formerAuthorsAreListedMostEventsFirstMembersAndGiftWrapsAreNot() {
        EventAuthors a = new EventAuthors();
        a.add(QUIET.sign(1, 1, List.of(), "one note"));
        for (int i = 0; i < 3; i++) a.add(FORMER.sign(2 + i, 1, List.of(), "note " + i));
        for (int i = 0; i < 5; i++) a.add(MEMBER.sign(10 + i, 1, List.of(), "member " + i));
        // each gift wrap is signed by a key made for it
        for (int i = 0; i < 20; i++) a.add(Keys.generate().sign(20 + i, 1059, List.of(), "sealed"));

        EventAuthors.Selection all = a.beyond(Set.of(MEMBER.pubkey()), 10);
        assertThat(all.listed()).containsExactly(FORMER.pubkey(), QUIET.pubkey());
        assertThat(all.complete()).isTrue();

        EventAuthors.Selection one = a.beyond(Set.of(MEMBER.pubkey()), 1);
        assertThat(one.listed()).containsExactly(FORMER.pubkey());
        assertThat(one.leftOut()).isEqualTo(1);
        assertThat(one.complete()).isFalse();
        assertThat(BackupWriter.mediaNote(one))
                .contains("former members too, up to " + EventAuthors.LISTED)
                .contains("1 more former members' uploads were not asked for");
        assertThat(BackupWriter.mediaNote(all)).doesNotContain("not asked").doesNotContain("not counted");
    }

    @Test
    void theDocsSayTheBounds() throws Exception {
        String docs =
                java.nio.file.Files.readString(caravel.testing.NostrTools.root().resolve("docs/relay-backups.md"));
        assertThat(docs.replaceAll("\\s+", " "))
                .contains("at most " + EventAuthors.LISTED + " authors beyond the members are asked")
                .contains("most " + String.format(java.util.Locale.ROOT, "%,d", EventAuthors.COUNTED)
                        + " distinct authors are counted");
    }

    @Test
    void equalCountsKeepTheOrderTheyWereReadIn() {
        EventAuthors a = new EventAuthors();
        List<String> read = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Keys k = Keys.generate();
            read.add(k.pubkey());
            a.add(k.sign(i, 1, List.of(), "hello"));
        }
        assertThat(a.beyond(Set.of(), 3).listed()).containsExactlyElementsOf(read.subList(0, 3));
    }

    @Test
    void authorsPastTheCountedBoundAreSaidToBeUncounted() {
        EventAuthors a = new EventAuthors();
        // the counted bound is reached without signing 100,000 events: one author's event, then distinct keys
        Keys many = Keys.generate();
        for (int i = 0; i < EventAuthors.COUNTED; i++)
            a.add(new caravel.nostr.Event(
                    "00".repeat(32), String.format("%064x", i + 1), i, 1, List.of(), "", "00".repeat(64)));
        a.add(many.sign(1, 1, List.of(), "one too many"));
        a.add(many.sign(2, 1, List.of(), "and another"));
        EventAuthors.Selection s = a.beyond(Set.of(), EventAuthors.LISTED);
        assertThat(s.listed()).hasSize(EventAuthors.LISTED).doesNotContain(many.pubkey());
        assertThat(s.leftOut()).isEqualTo(EventAuthors.COUNTED - EventAuthors.LISTED);
        assertThat(s.uncountedEvents()).isEqualTo(2);
        assertThat(BackupWriter.mediaNote(s)).contains("The authors of 2 events were not counted");
    }
}
