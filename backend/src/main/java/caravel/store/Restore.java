package caravel.store;

import caravel.store.Backups.BackupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Puts a backup in place of the database, with the service stopped. In order: the service must not hold the
 * database ({@link DatabaseLock}; the restore keeps the exclusive lock to the end, so a service started meanwhile
 * stops at once instead of opening a half-swapped file); the backup is copied (0600) beside the database and the copy
 * checked: a SQLite file, {@code integrity_check} ok, Caravel's migration history with no failed step, and no
 * migration newer than this jar knows (this jar would run on a schema it does not understand); the current database
 * and its -wal move to {@code <db>.before-restore-<UTC time>} (its -wal holds commits not yet in the file, so it is
 * kept beside it under the matching name; the -shm is only an index and goes); then the checked copy is renamed into
 * place. The backup file itself is never opened for writing. An older backup is fine: the service migrates it when
 * it starts.
 */
public final class Restore {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Tables any Caravel database has had since its first migration. */
    private static final Set<String> CARAVEL_TABLES = Set.of("tenants", "relays", "jobs", "activity");

    private Restore() {}

    /** @param kept where the replaced database now is (null when there was none) */
    public record Restored(Path database, Path kept, String schemaVersion) {}

    public static Restored restore(Path backup, Path db, Instant now) throws BackupException {
        Path from = backup.toAbsolutePath().normalize();
        Path to = db.toAbsolutePath().normalize();
        if (!Files.isRegularFile(from)) throw new BackupException("there is no backup file at " + from);
        if (from.equals(to)) throw new BackupException(from + " is the database itself, not a backup of it");
        requireSqliteHeader(from);
        try {
            FileModes.createPrivateDirectories(to.getParent());
        } catch (IOException e) {
            throw new BackupException("cannot create " + to.getParent() + ": " + Backups.describe(e), e);
        }
        DatabaseLock lock;
        try {
            lock = DatabaseLock.exclusive(to)
                    .orElseThrow(() -> new BackupException("Caravel is running on " + to + " (it holds "
                            + DatabaseLock.lockFile(to) + "): stop the service, then restore"));
        } catch (IOException e) {
            throw new BackupException("cannot lock " + DatabaseLock.lockFile(to) + ": " + Backups.describe(e), e);
        }
        Path temp = to.resolveSibling("." + to.getFileName() + ".restore-" + Backups.randomSuffix());
        try {
            copyPrivately(from, temp);
            String version = check(temp, from);
            Path kept = keepCurrent(to, now);
            try {
                Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (kept != null) putBack(kept, to);
                throw e;
            }
            FileModes.syncDirectory(to.getParent());
            return new Restored(to, kept, version);
        } catch (IOException e) {
            throw new BackupException("restore of " + to + " failed: " + Backups.describe(e), e);
        } finally {
            Backups.deleteWithSiblings(temp);
            lock.close(); // held to the end: a service started meanwhile stops instead of opening a half-swapped file
        }
    }

    private static void requireSqliteHeader(Path file) throws BackupException {
        byte[] head = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new BackupException("cannot read " + file + ": " + Backups.describe(e), e);
        }
        if (n < head.length || !Arrays.equals(head, SQLITE_HEADER))
            throw new BackupException(file + " is not a SQLite database, so not a Caravel backup");
    }

    /** A byte copy into a new 0600 file, flushed: Files.copy would give the copy the backup file's own mode. */
    private static void copyPrivately(Path from, Path temp) throws IOException {
        FileModes.createPrivateFile(temp);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            long size = in.size(), done = 0;
            while (done < size) done += in.transferTo(done, size - done, out);
            out.force(true);
        }
    }

    /** Checks the copy is a sound Caravel database this jar can run on; returns its schema version. */
    private static String check(Path copy, Path named) throws BackupException {
        try {
            String integrity = Backups.integrityCheck(copy);
            if (!integrity.equals("ok"))
                throw new BackupException(named + " is damaged (integrity_check: " + integrity + ")");
            List<String> tables = tables(copy);
            if (!tables.contains("flyway_schema_history"))
                throw new BackupException(
                        named + " is a SQLite database but not Caravel's: it has no migration history");
            List<String> missing = CARAVEL_TABLES.stream()
                    .filter(t -> !tables.contains(t))
                    .sorted()
                    .toList();
            if (!missing.isEmpty())
                throw new BackupException(
                        named + " is not a Caravel database: it has no " + String.join(", ", missing) + " table");
        } catch (SQLException e) {
            throw new BackupException(named + " cannot be read as a database: " + e.getMessage(), e);
        }
        Flyway flyway = Flyway.configure()
                .dataSource("jdbc:sqlite:" + copy, null, null)
                .locations(caravel.store.Dialect.SQLITE.locations())
                .load();
        MigrationInfo[] all;
        try {
            all = flyway.info().all();
        } catch (org.flywaydb.core.api.FlywayException e) {
            throw new BackupException(named + "'s migration history cannot be read: " + e.getMessage(), e);
        }
        List<String> newer = new ArrayList<>(), failed = new ArrayList<>(), foreign = new ArrayList<>();
        String version = "none";
        for (MigrationInfo m : all) {
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                newer.add(String.valueOf(m.getVersion()));
            if (m.getState().isFailed()) failed.add(String.valueOf(m.getVersion()));
            // applied below this jar's newest migration, yet not one of this jar's: another program's history
            if (m.getState() == MigrationState.MISSING_SUCCESS) foreign.add(String.valueOf(m.getVersion()));
            if (m.getState().isApplied() && m.getVersion() != null)
                version = m.getVersion().toString();
        }
        if (!newer.isEmpty())
            throw new BackupException(named + " was written by a newer Caravel (migrations " + String.join(", ", newer)
                    + " are unknown to this one): restore it with that version or newer");
        if (!failed.isEmpty())
            throw new BackupException(
                    named + " records failed migrations (" + String.join(", ", failed) + "): it is not a sound backup");
        if (!foreign.isEmpty())
            throw new BackupException(named + " has migrations this Caravel never had (" + String.join(", ", foreign)
                    + "): it is not a database Caravel made");
        return version;
    }

    private static List<String> tables(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = Backups.openExisting(file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    /** Moves the current database (and its -wal) aside; returns where, or null when there is none. */
    private static Path keepCurrent(Path db, Instant now) throws IOException {
        if (!Files.exists(db, LinkOption.NOFOLLOW_LINKS)) {
            deleteIndex(db);
            return null;
        }
        String base = db.getFileName() + ".before-restore-" + STAMP.format(now);
        Path kept = db.resolveSibling(base);
        for (int i = 2; Files.exists(kept, LinkOption.NOFOLLOW_LINKS); i++) kept = db.resolveSibling(base + "-" + i);
        Path wal = sibling(db, "-wal"), journal = sibling(db, "-journal");
        Files.move(db, kept, StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(wal)) Files.move(wal, sibling(kept, "-wal"), StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(journal)) Files.move(journal, sibling(kept, "-journal"), StandardCopyOption.ATOMIC_MOVE);
        deleteIndex(db);
        return kept;
    }

    /** The -shm is an index of the -wal that SQLite rebuilds; a stale one must not meet the restored file. */
    private static void deleteIndex(Path db) throws IOException {
        Files.deleteIfExists(sibling(db, "-shm"));
        Files.deleteIfExists(sibling(db, "-wal"));
    }

    private static void putBack(Path kept, Path db) {
        try {
            Files.move(kept, db, StandardCopyOption.ATOMIC_MOVE);
            Path wal = sibling(kept, "-wal");
            if (Files.exists(wal)) Files.move(wal, sibling(db, "-wal"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // the message of the failure that brought us here names the database; the kept copy stays where it is
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
