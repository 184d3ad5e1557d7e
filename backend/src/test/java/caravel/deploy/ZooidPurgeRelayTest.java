package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/zooid-purge-relay, the operator's PURGE_RELAY_COMMAND for zooid: a purged relay's tables leave the node's
 * database (events, tags, the full-text index, with their indexes and triggers) and its media folder leaves the
 * node's media, on a SQLite file laid out as zooid lays out a relay ({@link ZooidDatabase}). The neighbour whose
 * schema starts with the same letters keeps everything, a second run is harmless, and a wrong setting changes nothing.
 */
class ZooidPurgeRelayTest {
    static final Path SCRIPT = NostrTools.root().resolve("deploy/zooid-purge-relay");

    @TempDir
    Path dir;

    @Test
    void theRelaysTablesAndMediaGoTheNeighbourStaysAndASecondRunIsHarmless() throws Exception {
        Path db = dir.resolve("db"), media = dir.resolve("media");
        sql(db, ZooidDatabase.layout("hall") + ZooidDatabase.layout("hall_b") + """
                INSERT INTO hall__events VALUES
                  ('post1', 100, 1, 'alice', 'a member''s note', '[["t","hi"]]', 's1'),
                  ('blob1', 101, 24242, 'alice', '', '[["x","aa"]]', 's2');
                INSERT INTO hall__event_tags VALUES ('post1', 't', 'hi'), ('blob1', 'x', 'aa');
                INSERT INTO hall_b__events VALUES ('keep1', 100, 1, 'bob', 'stays', '[]', 's3');
                """);
        Files.createDirectories(media.resolve("hall"));
        Files.writeString(media.resolve("hall").resolve("a".repeat(64)), "blob");
        Files.writeString(media.resolve("hall").resolve("b".repeat(64)), "blob");
        Files.createDirectories(media.resolve("hall_b"));
        Files.writeString(media.resolve("hall_b").resolve("c".repeat(64)), "stays");
        Map<String, String> env = Map.of("ZOOID_DB_DEFAULT", db.toString(), "ZOOID_MEDIA_DEFAULT", media.toString());

        ZooidDatabase.Result first = ZooidDatabase.run(SCRIPT, env, "hall", "default");
        assertThat(first.status()).as(first.output()).isZero();
        assertThat(first.output()).contains("purged hall on node 'default': 2 events, 2 media files");
        assertThat(sql(db, "SELECT name FROM sqlite_master WHERE name LIKE 'hall\\_\\_%' ESCAPE '\\';"))
                .as("no table, index or trigger of the relay is left")
                .isEmpty();
        assertThat(media.resolve("hall")).doesNotExist();
        assertThat(sql(db, "SELECT id FROM hall_b__events;")).isEqualTo("keep1\n");
        assertThat(sql(db, "SELECT count(*) FROM hall_b__events_fts WHERE hall_b__events_fts MATCH 'stays';"))
                .isEqualTo("1\n");
        assertThat(media.resolve("hall_b").resolve("c".repeat(64))).exists();

        // a purge that stopped half-way (or ran twice) finishes without harm
        ZooidDatabase.Result again = ZooidDatabase.run(SCRIPT, env, "hall", "default");
        assertThat(again.status()).as(again.output()).isZero();
        assertThat(again.output()).contains("purged hall on node 'default': 0 events, 0 media files");
        assertThat(sql(db, "SELECT count(*) FROM hall_b__events;")).isEqualTo("1\n");
    }

    @Test
    void aWrongSettingOrArgumentRemovesNothing() throws Exception {
        Path db = dir.resolve("db"), media = dir.resolve("media");
        sql(db, ZooidDatabase.layout("hall") + "INSERT INTO hall__events VALUES ('p', 1, 1, 'a', 'x', '[]', 's');");
        Files.createDirectories(media.resolve("hall"));
        Files.writeString(media.resolve("hall").resolve("a".repeat(64)), "blob");

        // a media folder that is not there: refused before the tables are touched
        ZooidDatabase.Result noMedia = ZooidDatabase.run(
                SCRIPT,
                Map.of(
                        "ZOOID_DB_DEFAULT",
                        db.toString(),
                        "ZOOID_MEDIA_DEFAULT",
                        dir.resolve("nowhere").toString()),
                "hall",
                "default");
        assertThat(noMedia.status()).isNotZero();
        assertThat(noMedia.output())
                .contains("the media folder of node 'default'")
                .contains("is not there");
        // a database that is not there is not created empty and called purged
        ZooidDatabase.Result noDb = ZooidDatabase.run(
                SCRIPT,
                Map.of(
                        "ZOOID_DB_DEFAULT",
                        dir.resolve("missing.db").toString(),
                        "ZOOID_MEDIA_DEFAULT",
                        media.toString()),
                "hall",
                "default");
        assertThat(noDb.status()).isNotZero();
        assertThat(dir.resolve("missing.db")).doesNotExist();

        Map<String, String> env = Map.of("ZOOID_DB_DEFAULT", db.toString(), "ZOOID_MEDIA_DEFAULT", media.toString());
        assertThat(ZooidDatabase.run(SCRIPT, env, "hall", "b").output()).contains("ZOOID_DB_B is not set");
        assertThat(ZooidDatabase.run(SCRIPT, Map.of("ZOOID_DB_DEFAULT", db.toString()), "hall", "default")
                        .output())
                .contains("ZOOID_MEDIA_DEFAULT is not set");
        assertThat(ZooidDatabase.run(SCRIPT, env, "hall;drop", "default").output())
                .contains("not a zooid schema name");
        // zooid names a schema's media folder by its slug: "_hall" would be hall's folder, so it is left alone
        assertThat(ZooidDatabase.run(SCRIPT, env, "_hall", "default").output()).contains("remove it by hand");

        assertThat(sql(db, "SELECT count(*) FROM hall__events;")).isEqualTo("1\n");
        assertThat(media.resolve("hall").resolve("a".repeat(64))).exists();
    }

    private static String sql(Path db, String statements) throws Exception {
        return ZooidDatabase.sql(db, statements);
    }
}
