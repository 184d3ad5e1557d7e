package caravel.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/zooid-copy-events, the operator's copy of a relay's stored events between two zooid nodes' databases
 * (MOVE_COPY_COMMAND), on two SQLite files laid out as zooid lays out a relay: its events and tags tables named by the
 * schema, and a full-text index ({@link ZooidDatabase}). Members' posts arrive with their tags and searchable text, the new
 * node's own newer member list stays, an older profile is replaced by the newer, a second run changes nothing, and a
 * target without the relay's tables gets nothing at all.
 */
class ZooidCopyEventsTest {
    static final Path SCRIPT = NostrTools.root().resolve("deploy/zooid-copy-events");

    @TempDir
    Path dir;

    static final String LAYOUT = ZooidDatabase.layout("hall");

    /** Both databases on this host: the new node's sqlite3 reads the old node's database attached. */
    @Test
    void aRelaysEventsMoveAsZooidKeepsThemAndASecondRunChangesNothing() throws Exception {
        Path a = dir.resolve("a.db"), b = dir.resolve("b.db");
        movesAsZooidKeepsThem(a, b, Map.of("ZOOID_DB_A", a.toString(), "ZOOID_DB_B", b.toString()));
    }

    /**
     * The old node's database over ssh (here a stand-in that runs the command on this host): its rows read there as
     * SQL and written on the new node, to the same end.
     */
    @Test
    void fromANodeOverSshTheRowsTravelAsSqlToTheSameEnd() throws Exception {
        Path a = dir.resolve("a.db"), b = dir.resolve("b.db"), bin = dir.resolve("bin");
        java.nio.file.Files.createDirectories(bin);
        Path used = dir.resolve("ssh-used");
        Path ssh = java.nio.file.Files.writeString(
                bin.resolve("ssh"),
                "#!/bin/sh\necho \"$@\" >> '" + used + "'\neval \"remote=\\${$#}\"\nexec sh -c \"$remote\"\n");
        assertThat(ssh.toFile().setExecutable(true)).isTrue();
        movesAsZooidKeepsThem(
                a,
                b,
                Map.of(
                        "ZOOID_DB_A",
                        "zooid-a.internal:" + a,
                        "ZOOID_DB_B",
                        b.toString(),
                        "PATH",
                        bin + ":" + System.getenv("PATH")));
        assertThat(java.nio.file.Files.readString(used))
                .as("the old node's database read over ssh")
                .contains(a.toString());
    }

    private void movesAsZooidKeepsThem(Path a, Path b, Map<String, String> env) throws Exception {
        sql(a, LAYOUT + """
                INSERT INTO hall__events VALUES
                  ('post1', 100, 1, 'alice', 'it''s a member''s note', '[]', 's1'),
                  ('post2', 101, 1, 'bob', 'hello world', '[["t","hi"]]', 's2'),
                  ('list-old', 90, 13534, 'relaykey', '', '[]', 's3'),
                  ('profile-new', 200, 0, 'alice', 'alice, new', '[]', 's4'),
                  ('bans', 50, 30078, 'relaykey', '', '[["d","zooid/banned_pubkeys"]]', 's5');
                INSERT INTO hall__event_tags VALUES ('post2', 't', 'hi'), ('bans', 'd', 'zooid/banned_pubkeys');
                """);
        sql(b, LAYOUT + """
                INSERT INTO hall__events VALUES
                  ('list-new', 150, 13534, 'relaykey', '', '[]', 's6'),
                  ('profile-old', 120, 0, 'alice', 'alice, old', '[]', 's7');
                """);

        ZooidDatabase.Result first = copy(env, "hall", "a", "b");
        assertThat(first.status()).as(first.output()).isZero();
        assertThat(first.output()).contains("copied 4 events of hall");
        assertThat(sql(b, "SELECT id FROM hall__events ORDER BY id;"))
                .isEqualTo("bans\nlist-new\npost1\npost2\nprofile-new\n");
        assertThat(sql(b, "SELECT event_id || ' ' || key || ' ' || value FROM hall__event_tags ORDER BY 1;"))
                .isEqualTo("bans d zooid/banned_pubkeys\npost2 t hi\n");
        assertThat(sql(b, "SELECT count(*) FROM hall__events_fts WHERE hall__events_fts MATCH 'member';"))
                .as("the member's note is searchable on the new node")
                .isEqualTo("1\n");

        ZooidDatabase.Result again = copy(env, "hall", "a", "b");
        assertThat(again.output()).contains("copied 0 events of hall");
        assertThat(sql(b, "SELECT count(*) FROM hall__events;")).isEqualTo("5\n");
        assertThat(sql(b, "SELECT count(*) FROM hall__event_tags;")).isEqualTo("2\n");
    }

    @Test
    void aTargetWithoutTheRelayOrABadArgumentGetsNothing() throws Exception {
        Path a = dir.resolve("a.db"), c = dir.resolve("c.db");
        sql(a, LAYOUT + "INSERT INTO hall__events VALUES ('post1', 100, 1, 'alice', 'note', '[]', 's1');");
        sql(c, "CREATE TABLE other (x);");
        Map<String, String> env = Map.of("ZOOID_DB_A", a.toString(), "ZOOID_DB_C", c.toString());

        ZooidDatabase.Result missing = copy(env, "hall", "a", "c");
        assertThat(missing.status()).isNotZero();
        assertThat(missing.output()).contains("could not write hall's events to node 'c'");
        assertThat(sql(c, "SELECT name FROM sqlite_master WHERE name LIKE 'hall%';"))
                .isEmpty();

        assertThat(copy(env, "hall", "a", "nowhere").output()).contains("ZOOID_DB_NOWHERE is not set");
        assertThat(copy(env, "hall;drop", "a", "c").output()).contains("not a zooid schema name");
    }

    private static ZooidDatabase.Result copy(Map<String, String> env, String... args) throws Exception {
        return ZooidDatabase.run(SCRIPT, env, args);
    }

    private static String sql(Path db, String statements) throws Exception {
        return ZooidDatabase.sql(db, statements);
    }
}
