package caravel.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Online backups of the database file, safe while the service runs and writes.
 *
 * <p>The copy is made with {@code VACUUM INTO}, not SQLite's backup API: VACUUM INTO reads the whole database inside
 * one read transaction, so in WAL mode it sees one snapshot while writers go on committing (they never wait for it),
 * and it always finishes. The backup API copies pages in steps and starts over whenever another connection writes
 * between two steps, so under steady writes it may never finish (run as a single step it would hold the same read
 * snapshot, with no gain). VACUUM INTO also writes a compact file, never overwrites a file that has content, and
 * needs nothing from the running service: any process can run it on the file.
 *
 * <p>The copy is written 0600 under a temporary name beside the target, checked ({@code integrity_check}), flushed
 * to disk, and only then given the target's name, atomically: a target name always holds a complete backup, and an
 * existing file is never replaced.
 */
public final class Backups {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Backups() {}

    /** A refused or failed backup or restore; the message says why, for an operator. */
    public static final class BackupException extends Exception {
        private static final long serialVersionUID = 1L;

        public BackupException(String message) {
            super(message);
        }

        public BackupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What a backup wrote. */
    public record Written(Path file, long bytes, long millis) {}

    /**
     * Writes a consistent copy of the database at {@code db} to {@code target}, which must not exist (its folder is
     * created, owner-only, when missing).
     */
    public static Written backup(Path db, Path target) throws BackupException {
        long started = System.nanoTime();
        Path source = db.toAbsolutePath().normalize();
        Path out = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source))
            throw new BackupException("there is no database at " + source + " (DATABASE_URL)");
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS))
            throw new BackupException(out + " already exists: a backup never replaces a file; name a new one");
        Path dir = out.getParent();
        Path temp = dir.resolve("." + out.getFileName() + ".partial-" + randomSuffix());
        try {
            FileModes.createPrivateDirectories(dir);
        } catch (IOException e) {
            throw new BackupException("cannot create the folder " + dir + ": " + describe(e), e);
        }
        try {
            FileModes.createPrivateFile(temp); // VACUUM INTO writes into an empty file and keeps its 0600 mode
            try (Connection c = openExisting(source);
                    PreparedStatement st = c.prepareStatement("VACUUM INTO ?")) {
                st.setString(1, temp.toString());
                st.execute();
            }
            String check = integrityCheck(temp);
            if (!check.equals("ok"))
                throw new BackupException("the copy of " + source + " failed its integrity check: " + check);
            FileModes.syncFile(temp);
            publish(temp, out);
            return new Written(out, Files.size(out), (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new BackupException("backup of " + source + " failed: " + e.getMessage(), e);
        } catch (FileAlreadyExistsException e) {
            throw new BackupException(out + " already exists: a backup never replaces a file; name a new one", e);
        } catch (IOException e) {
            throw new BackupException("backup to " + out + " failed: " + describe(e), e);
        } finally {
            deleteWithSiblings(temp);
        }
    }

    /**
     * Gives the finished copy its name without ever replacing a file: a hard link fails if the name exists (the
     * check above can race with another writer), then the temporary name goes. Where hard links are not supported,
     * an atomic rename after the check.
     */
    private static void publish(Path temp, Path out) throws IOException {
        try {
            Files.createLink(out, temp);
            Files.delete(temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(out.toString());
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
        }
        FileModes.syncDirectory(out.getParent());
    }

    /**
     * A connection to an existing database file: never creates one (a mistyped path must not become an empty
     * database), waits for writers' locks instead of failing at once, and applies no migration.
     */
    static Connection openExisting(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(15_000);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** "ok", or what SQLite found wrong (the first lines of its report). */
    static String integrityCheck(Path file) throws SQLException {
        try (Connection c = openExisting(file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check(20)")) {
            StringBuilder out = new StringBuilder();
            while (rs.next()) {
                if (!out.isEmpty()) out.append("; ");
                out.append(rs.getString(1));
            }
            return out.toString();
        }
    }

    /** Removes a temporary database and any -wal, -shm or -journal SQLite left beside it. */
    static void deleteWithSiblings(Path file) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            } catch (IOException e) {
                // a leftover hidden temporary file is harmless; the next backup uses another name
            }
        }
    }

    static String randomSuffix() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
