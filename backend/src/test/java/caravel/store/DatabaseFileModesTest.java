package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database, its -wal and -shm, its lock and the folder Caravel creates for it are the owner's alone. */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class DatabaseFileModesTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void newDatabaseFilesAreOwnerOnlyWhateverTheUmask() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path folder = shared.resolve("made/by/caravel");
        Path db = folder.resolve("caravel.db");
        try (Database d = new Database(db)) {
            // a write so SQLite has created the -wal and -shm of a WAL database
            d.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (x TEXT)"));
            d.jdbi().useHandle(h -> h.execute("INSERT INTO probe VALUES ('x')"));
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(db.resolveSibling("caravel.db-wal")).exists();
            assertThat(mode(db.resolveSibling("caravel.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(db.resolveSibling("caravel.db-shm"))).isEqualTo("rw-------");
            assertThat(mode(db.resolveSibling("caravel.db.lock"))).isEqualTo("rw-------");
            assertThat(mode(folder)).isEqualTo("rwx------");
            assertThat(mode(shared.resolve("made"))).isEqualTo("rwx------");
        }
        assertThat(mode(shared))
                .as("a folder Caravel did not create keeps its mode")
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void aDatabaseLeftWorldReadableIsNarrowedAtOpen() throws Exception {
        Path db = dir.resolve("old.db");
        try (Database d = new Database(db)) {
            d.jdbi().useHandle(h -> h.execute("CREATE TABLE probe (x TEXT)"));
        }
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        try (Database d = new Database(db)) {
            d.jdbi().useHandle(h -> h.execute("INSERT INTO probe VALUES ('x')"));
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(db.resolveSibling("old.db-wal"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aServiceDoesNotOpenADatabaseARestoreHolds() throws Exception {
        Path db = dir.resolve("caravel.db");
        DatabaseLock restore = DatabaseLock.exclusive(db).orElseThrow();
        try {
            assertThatThrownBy(() -> new Database(db))
                    .hasMessageContaining("is being restored")
                    .hasMessageContaining("caravel.db.lock");
        } finally {
            restore.close();
        }
        // two services (here two Apps in one JVM) share the database, and a restore waits for both to close it
        Database a = new Database(db), b = new Database(db);
        try {
            assertThat(DatabaseLock.exclusive(db)).isEmpty();
            a.close();
            assertThat(DatabaseLock.exclusive(db)).as("b still has it open").isEmpty();
        } finally {
            a.close();
            b.close();
        }
        DatabaseLock free = DatabaseLock.exclusive(db).orElseThrow();
        free.close();
    }
}
