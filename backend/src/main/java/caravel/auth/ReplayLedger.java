package caravel.auth;

import caravel.store.Database;
import caravel.store.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where the NIP-98 event ids are committed: the table nip98_seen, on PostgreSQL in the platform's database (every
 * process sharing the database shares it), on SQLite in a file of its own beside the platform's
 * ({@code <database>-nip98}; every process opening the database opens the same file beside it, found from the
 * database file's real path).
 *
 * <p>Why a file of its own on SQLite: every commit to a SQLite file makes every other connection to it drop its page
 * cache at its next read (a connection cannot tell which pages another one changed). With the ids in the platform's
 * file, each strict request's commit made the reads after it (the relay view, the session) load their pages anew:
 * about 30 µs more CPU per dashboard read. The file beside it is written only by the replay writers, read by nothing
 * else, and holds ids for a minute; SQLite's own locking still makes exactly one of two processes' inserts of one id
 * win, and the file outlives a restart as the database does.
 */
final class ReplayLedger {
    static final String SUFFIX = "-nip98";

    private final Optional<SQLiteDataSource> file;
    private final Database db;

    private ReplayLedger(Database db, Optional<SQLiteDataSource> file) {
        this.db = db;
        this.file = file;
    }

    /** The ledger for {@code db}; on SQLite its file is created (its owner's only) with its table if absent. */
    static ReplayLedger of(Database db) {
        if (db.path().isEmpty()) return new ReplayLedger(db, Optional.empty());
        Path beside = fileBeside(db.path().get());
        try {
            if (!Files.exists(beside)) FileModes.createPrivateFile(beside); // its -wal and -shm take its mode
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process created it first
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the NIP-98 replay file " + beside + ": " + e.getMessage());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // as the platform's database
        config.setBusyTimeout((int) Database.BUSY_TIMEOUT.toMillis());
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + beside);
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            // WITHOUT ROWID: the id is the table's own key, one b-tree insert per id instead of two
            st.executeUpdate("CREATE TABLE IF NOT EXISTS nip98_seen (event_id TEXT PRIMARY KEY,"
                    + " expires_at INTEGER NOT NULL) WITHOUT ROWID");
            st.executeUpdate("CREATE INDEX IF NOT EXISTS nip98_seen_expires ON nip98_seen(expires_at)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the NIP-98 replay file " + beside + ": " + e.getMessage(), e);
        }
        return new ReplayLedger(db, Optional.of(ds));
    }

    /**
     * The replay file of the SQLite database at {@code database}, named from its real path: two processes that reach
     * the database by different paths (a symbolic link) share one replay file, as they share the database.
     */
    static Path fileBeside(Path database) {
        Path real;
        try {
            real = database.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("cannot resolve the database's path " + database + ": " + e.getMessage());
        }
        return real.resolveSibling(real.getFileName() + SUFFIX);
    }

    /** A connection of the replay writer's own (autocommit: each statement is its own transaction). */
    Connection connect() throws SQLException {
        return file.isPresent() ? file.get().getConnection() : db.dataSource().getConnection();
    }
}
