package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.NostrTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/zooid-restore-events, the operator's RESTORE_EVENTS_COMMAND for zooid: a backup's events (JSON lines) written
 * into a relay's tables in a node's database laid out as zooid lays it out ({@link ZooidDatabase}). Members' posts
 * come back with the columns, indexed tags and searchable text zooid would have written for them (quotes, backslashes
 * and other scripts intact); of a replaceable event the newer version wins either way; a second run changes nothing;
 * a line that is not an event stops the restore with its number and nothing written.
 */
class ZooidRestoreEventsTest {
    static final Path SCRIPT = NostrTools.root().resolve("deploy/zooid-restore-events");

    @TempDir
    Path dir;

    final Keys alice = Keys.generate(), bob = Keys.generate(), relay = Keys.generate();

    private Path lines(Event... events) throws Exception {
        return Files.writeString(
                dir.resolve("events.jsonl"),
                java.util.Arrays.stream(events).map(Event::toJsonString).collect(Collectors.joining("\n")) + "\n");
    }

    private static String row(Event e) {
        return "INSERT INTO hall__events VALUES ('" + e.id() + "', " + e.createdAt() + ", " + e.kind() + ", '"
                + e.pubkey() + "', '" + e.content().replace("'", "''") + "', '[]', '" + e.sig() + "');";
    }

    @Test
    void aBackupsEventsComeBackAsZooidKeepsThemAndASecondRunChangesNothing() throws Exception {
        Path db = dir.resolve("db");
        Event post = alice.sign(
                100,
                1,
                List.of(
                        List.of("t", "hi"),
                        List.of("p", bob.pubkey(), "wss://x"),
                        List.of("é", "two bytes"),
                        List.of("-")),
                "it's a member's \"note\" \\ with ünïcode 🌱");
        Event reply = bob.sign(101, 1, List.of(List.of("e", post.id())), "hello world");
        Event oldProfile = alice.sign(50, 0, List.of(), "alice, old");
        Event newProfile = alice.sign(150, 0, List.of(), "alice, new");
        Event article = bob.sign(10, 30023, List.of(List.of("d", "intro")), "an article");
        Event relaysNewerList = relay.sign(300, 13534, List.of(List.of("member", alice.pubkey())), "");
        Event backupsOlderList = relay.sign(200, 13534, List.of(), "");
        ZooidDatabase.sql(db, ZooidDatabase.layout("hall") + row(oldProfile) + row(relaysNewerList));
        Path file = lines(post, reply, newProfile, article, backupsOlderList, post);
        Map<String, String> env = Map.of("ZOOID_DB_DEFAULT", db.toString());

        ZooidDatabase.Result first = ZooidDatabase.run(SCRIPT, env, "hall", "default", file.toString());
        assertThat(first.status()).as(first.output()).isZero();
        assertThat(first.output()).contains("restored 4 events of hall");
        assertThat(ZooidDatabase.sql(db, "SELECT id FROM hall__events ORDER BY created_at;"))
                .as("the older profile replaced, the relay's newer member list kept, the post once")
                .isEqualTo(String.join("\n", article.id(), post.id(), reply.id(), newProfile.id(), relaysNewerList.id())
                        + "\n");
        // every column as zooid writes it: the content and tags read back are the signed ones
        assertThat(ZooidDatabase.sql(
                        db,
                        "SELECT created_at, kind, pubkey, content, sig FROM hall__events WHERE id = '" + post.id()
                                + "';"))
                .isEqualTo(post.createdAt() + "|1|" + alice.pubkey() + "|" + post.content() + "|" + post.sig() + "\n");
        assertThat(caravel.json.Json.parse(
                        ZooidDatabase.sql(db, "SELECT tags FROM hall__events WHERE id = '" + post.id() + "';")
                                .strip()))
                .isEqualTo(caravel.json.Json.parse(post.toJson().path("tags").toString()));
        // zooid indexes a tag whose name is one byte and that has a value: not "é" (two bytes), not "-" (no value)
        assertThat(ZooidDatabase.sql(
                        db, "SELECT event_id || ' ' || key || ' ' || value FROM hall__event_tags ORDER BY 1;"))
                .isEqualTo(List.of(
                                        article.id() + " d intro",
                                        post.id() + " p " + bob.pubkey(),
                                        post.id() + " t hi",
                                        reply.id() + " e " + post.id())
                                .stream()
                                .sorted()
                                .collect(Collectors.joining("\n"))
                        + "\n");
        assertThat(ZooidDatabase.sql(
                        db, "SELECT count(*) FROM hall__events_fts WHERE hall__events_fts MATCH 'member';"))
                .as("the member's note is searchable")
                .isEqualTo("1\n");

        ZooidDatabase.Result again = ZooidDatabase.run(SCRIPT, env, "hall", "default", file.toString());
        assertThat(again.output()).contains("restored 0 events of hall");
        assertThat(ZooidDatabase.sql(db, "SELECT count(*) FROM hall__events; SELECT count(*) FROM hall__event_tags;"))
                .isEqualTo("5\n4\n");
    }

    @Test
    void aLineThatIsNotAnEventStopsTheRestoreWithItsNumberAndNothingWritten() throws Exception {
        Path db = dir.resolve("db");
        ZooidDatabase.sql(db, ZooidDatabase.layout("hall"));
        Event post = alice.sign(100, 1, List.of(), "fine");
        Map<String, String> env = Map.of("ZOOID_DB_DEFAULT", db.toString());
        for (String bad : List.of(
                "not json",
                "{\"id\":\"" + post.id() + "\"}",
                post.toJsonString().replace("\"kind\":1", "\"kind\":\"1\""),
                post.toJsonString().replace("\"tags\":[]", "\"tags\":[[1]]"),
                post.toJsonString().replace(post.pubkey(), post.pubkey().toUpperCase(java.util.Locale.ROOT)),
                "[\"EVENT\"," + post.toJsonString() + "]")) {
            Path file = Files.writeString(dir.resolve("events.jsonl"), post.toJsonString() + "\n\n" + bad + "\n");
            ZooidDatabase.Result r = ZooidDatabase.run(SCRIPT, env, "hall", "default", file.toString());
            assertThat(r.status()).as(bad).isNotZero();
            assertThat(r.output()).as(bad).contains("line 3 is not a signed Nostr event (nothing was written)");
            assertThat(ZooidDatabase.sql(db, "SELECT count(*) FROM hall__events;"))
                    .isEqualTo("0\n");
        }
    }

    @Test
    void aRelayWithoutItsTablesOrABadArgumentGetsNothing() throws Exception {
        Path db = dir.resolve("db");
        ZooidDatabase.sql(db, "CREATE TABLE other (x);");
        Path file = lines(alice.sign(100, 1, List.of(), "a note"));
        Map<String, String> env = Map.of("ZOOID_DB_DEFAULT", db.toString());

        ZooidDatabase.Result missing = ZooidDatabase.run(SCRIPT, env, "hall", "default", file.toString());
        assertThat(missing.status()).isNotZero();
        assertThat(missing.output()).contains("could not write the events into hall on node 'default'");
        assertThat(ZooidDatabase.sql(db, "SELECT name FROM sqlite_master WHERE name LIKE 'hall%';"))
                .isEmpty();

        assertThat(ZooidDatabase.run(SCRIPT, env, "hall", "nowhere", file.toString())
                        .output())
                .contains("ZOOID_DB_NOWHERE is not set");
        assertThat(ZooidDatabase.run(SCRIPT, env, "hall;drop", "default", file.toString())
                        .output())
                .contains("not a zooid schema name");
        assertThat(ZooidDatabase.run(
                                SCRIPT,
                                env,
                                "hall",
                                "default",
                                dir.resolve("absent.jsonl").toString())
                        .output())
                .contains("cannot read the events file");
    }
}
