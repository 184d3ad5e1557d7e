package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.store.Backups.BackupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore commands' rules: owner-only, atomic, never overwriting; a restore takes only a sound
 * Caravel database this jar can run on, never under a running service, and keeps what it replaces.
 */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class BackupRestoreTest {
    @TempDir
    Path dir;

    static final Instant NOW = Instant.parse("2026-11-23T12:30:00Z");

    Path seeded(Path db, int tenants) {
        try (Database d = new Database(db)) {
            TenantStore store = new TenantStore(d.jdbi());
            d.jdbi().useTransaction(h -> {
                for (int i = 0; i < tenants; i++) store.ensure(h, String.format("%064x", i), 0);
            });
        }
        return db;
    }

    static long tenants(Path db) {
        try (Database d = new Database(db)) {
            return d.jdbi()
                    .withHandle(h -> h.createQuery("SELECT count(*) FROM tenants")
                            .mapTo(Long.class)
                            .one());
        }
    }

    static List<String> listing(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBackupIsOwnerOnlyCompleteAndRestoresIntoAFreshPlace() throws Exception {
        Path db = seeded(dir.resolve("live/caravel.db"), 5);
        Path out = dir.resolve("backups/one.db");
        Backups.Written w = Backups.backup(db, out);
        assertThat(w.file()).isEqualTo(out);
        assertThat(w.bytes()).isEqualTo(Files.size(out)).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        assertThat(listing(out.getParent())).as("no temporary file is left").containsExactly("one.db");

        Path fresh = dir.resolve("fresh/caravel.db");
        Restore.Restored r = Restore.restore(out, fresh, NOW);
        assertThat(r.kept()).isNull();
        assertThat(r.schemaVersion()).isNotEqualTo("none");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rw-------");
        assertThat(tenants(fresh)).isEqualTo(5);
        assertThat(Files.readAllBytes(out)).as("the backup itself is untouched").isNotEmpty();
    }

    @Test
    void aBackupNeverReplacesAFile() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 1);
        Path out = Files.writeString(dir.resolve("taken.db"), "someone's file");
        assertThatThrownBy(() -> Backups.backup(db, out))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(out)).isEqualTo("someone's file");
        Path link = Files.createSymbolicLink(dir.resolve("dangling.db"), dir.resolve("nowhere"));
        assertThatThrownBy(() -> Backups.backup(db, link)).hasMessageContaining("already exists");
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    @Test
    void aBackupOfNoDatabaseCreatesNone() {
        Path missing = dir.resolve("typo.db");
        assertThatThrownBy(() -> Backups.backup(missing, dir.resolve("b.db")))
                .hasMessageContaining("there is no database at " + missing);
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("b.db")).doesNotExist();
    }

    @Test
    void restoreKeepsTheReplacedDatabaseWithItsUncheckpointedWrites() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 2);
        Path backup = dir.resolve("b.db");
        Backups.backup(db, backup);
        // writes after the backup, some still only in the -wal when the service stops hard (no checkpoint on close)
        Database live = new Database(db);
        live.jdbi().useHandle(h -> new TenantStore(live.jdbi()).ensure(h, "f".repeat(64), 0));
        assertThatThrownBy(() -> Restore.restore(backup, db, NOW))
                .hasMessageContaining("Caravel is running on " + db)
                .hasMessageContaining("stop the service");
        live.close();
        Files.writeString(db.resolveSibling("caravel.db-shm"), "stale index");

        Restore.Restored r = Restore.restore(backup, db, NOW);
        assertThat(r.kept()).isEqualTo(dir.resolve("caravel.db.before-restore-20261123T123000Z"));
        assertThat(db.resolveSibling("caravel.db-shm")).doesNotExist();
        assertThat(db.resolveSibling("caravel.db-wal")).doesNotExist();
        assertThat(tenants(db)).isEqualTo(2);
        assertThat(tenants(r.kept())).as("the replaced database is whole").isEqualTo(3);
        // a second restore in the same second keeps the first kept copy
        Restore.Restored again = Restore.restore(backup, db, NOW);
        assertThat(again.kept()).isEqualTo(dir.resolve("caravel.db.before-restore-20261123T123000Z-2"));
    }

    @Test
    void restoreRefusesAFileThatIsNotADatabase() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 1);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a database at all, but long enough");
        Path empty = Files.createFile(dir.resolve("empty.db"));
        for (Path p : List.of(text, empty))
            assertThatThrownBy(() -> Restore.restore(p, db, NOW)).hasMessageContaining("is not a SQLite database");
        assertThatThrownBy(() -> Restore.restore(dir.resolve("absent.db"), db, NOW))
                .hasMessageContaining("there is no backup file");
        assertThatThrownBy(() -> Restore.restore(db, db, NOW)).hasMessageContaining("is the database itself");
        assertUntouched(db, 1);
    }

    @Test
    void restoreRefusesADamagedDatabase() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 300);
        Path backup = dir.resolve("b.db");
        Backups.backup(db, backup);
        byte[] bytes = Files.readAllBytes(backup);
        // keep the header (page 1) and overwrite later pages: b-tree pages of the tables and indexes
        for (int i = 4096; i < bytes.length; i += 7) bytes[i] = (byte) 0x5a;
        Files.write(backup, bytes);
        assertThatThrownBy(() -> Restore.restore(backup, db, NOW))
                .satisfiesAnyOf(
                        e -> assertThat(e).hasMessageContaining("is damaged"),
                        e -> assertThat(e).hasMessageContaining("cannot be read as a database"));
        assertUntouched(db, 300);
    }

    @Test
    void restoreRefusesAnotherProgramsDatabase() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 1);
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (body TEXT)");
            st.execute("INSERT INTO notes VALUES ('hello')");
        }
        assertThatThrownBy(() -> Restore.restore(other, db, NOW))
                .hasMessageContaining("not Caravel's: it has no migration history");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE flyway_schema_history (installed_rank INT, version TEXT, description TEXT,"
                    + " type TEXT, script TEXT, checksum INT, installed_by TEXT, installed_on TEXT,"
                    + " execution_time INT, success INT)");
        }
        assertThatThrownBy(() -> Restore.restore(other, db, NOW)).hasMessageContaining("is not a Caravel database");
        assertUntouched(db, 1);
    }

    @Test
    void restoreRefusesADatabaseFromANewerCaravel() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 1);
        Path backup = dir.resolve("newer.db");
        Backups.backup(db, backup);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE gadgets (id TEXT)");
            st.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                            + " checksum, installed_by, installed_on, execution_time, success)"
                            + " VALUES (999, '999', 'gadgets', 'SQL', 'V999__gadgets.sql', 1, '', '2030-01-01 00:00:00.000', 1, 1)");
        }
        assertThatThrownBy(() -> Restore.restore(backup, db, NOW))
                .hasMessageContaining("written by a newer Caravel (migrations 999");
        assertUntouched(db, 1);
    }

    /** Nothing was replaced or kept aside by a refused restore. */
    void assertUntouched(Path db, long tenants) throws Exception {
        assertThat(tenants(db)).isEqualTo(tenants);
        assertThat(listing(db.getParent())).noneMatch(n -> n.contains("before-restore") || n.contains(".restore-"));
    }

    @Test
    void theCommandsNeedOnlyDatabaseUrlAndRefuseARestoreUnderARunningService() throws Exception {
        Path db = seeded(dir.resolve("caravel.db"), 4);
        Path out = dir.resolve("cli.db");
        // nothing but DATABASE_URL: the rest of the configuration may be missing or broken
        Cli backup = Cli.run(db, "backup", out.toString());
        assertThat(backup.code()).as(backup.output()).isZero();
        assertThat(backup.output()).contains("written to " + out);
        Cli twice = Cli.run(db, "backup", out.toString());
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.output()).contains("already exists");

        Database running = new Database(db); // the service, as far as the lock tells
        try {
            Cli refused = Cli.run(db, "restore", out.toString());
            assertThat(refused.code()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("Caravel is running on " + db);
        } finally {
            running.close();
        }
        Cli restored = Cli.run(db, "restore", out.toString());
        assertThat(restored.code()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("the database it replaced is kept as " + db + ".before-restore-");
        assertThat(tenants(db)).isEqualTo(4);
        Cli usage = Cli.run(db, "restore");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.output()).contains("usage: caravel.jar restore <file>");
    }

    record Cli(int code, String output) {
        /** Nothing but DATABASE_URL, and a PORT broken on purpose: the commands must not read it. */
        static Cli run(Path db, String... args) throws Exception {
            var r = caravel.testing.MainProcess.run(
                    Map.of("DATABASE_URL", "sqlite://" + db, "PORT", "not a port"), args);
            return new Cli(r.code(), r.output());
        }
    }
}
