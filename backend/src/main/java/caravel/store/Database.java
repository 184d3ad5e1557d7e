package caravel.store;

import caravel.config.DatabaseUrl;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The platform's database, SQLite or PostgreSQL ({@link Dialect}), migrated by Flyway at open, behind a Hikari pool.
 *
 * <p>SQLite: one file with WAL, foreign keys, a busy timeout and IMMEDIATE write transactions (so two writers queue on
 * the lock instead of failing on upgrade); this process's writers queue in Java first ({@link SqliteWrites}), so none
 * waits for the lock in the driver's native code, where a virtual thread holds on to its carrier. The file and the folder Caravel creates for it are its user's alone (see
 * {@link FileModes}); while open it holds a shared {@link DatabaseLock}, so a restore refuses to replace it under a
 * running service.
 *
 * <p>PostgreSQL: the stores' transactions were written for SQLite's one writer at a time, and keep that meaning here
 * (see {@link PostgresWrites}): every transaction and every lone write waits for one advisory lock, so reads run side
 * by side while writes queue as they do on SQLite, whichever process makes them.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    /** Told after each write this process commits (the live pages' change feed reads at once). */
    private final Commits commits = new Commits();

    private final Dialect dialect;
    private final Optional<Path> path;
    /** The newest migration this process applied or found at open: the schema its code was built for. */
    private final String migratedTo;

    private final AutoCloseable lock;

    /** The SQLite file at path (tests and tools; the service opens its DATABASE_URL with {@link #open}). */
    public Database(Path path) {
        this(new DatabaseUrl.SqliteFile(path), BUSY_TIMEOUT);
    }

    public static Database open(DatabaseUrl url) {
        return new Database(url, BUSY_TIMEOUT);
    }

    /**
     * How long a writer waits for another writer's lock before it fails as busy ({@link Sql#isBusy}): SQLite's busy
     * timeout, PostgreSQL's lock timeout.
     */
    public static final java.time.Duration BUSY_TIMEOUT = java.time.Duration.ofSeconds(15);

    /** The database with a different busy timeout (tests of what a busy database does, without waiting 15 s). */
    public static Database open(DatabaseUrl url, java.time.Duration busyTimeout) {
        return new Database(url, busyTimeout);
    }

    private Database(DatabaseUrl url, java.time.Duration busyTimeout) {
        switch (url) {
            case DatabaseUrl.SqliteFile f -> {
                this.dialect = Dialect.SQLITE;
                this.path = Optional.of(f.path());
                this.lock = sqliteLock(f.path());
            }
            case DatabaseUrl.Postgres p -> {
                this.dialect = Dialect.POSTGRESQL;
                this.path = Optional.empty();
                this.lock = () -> {};
            }
        }
        HikariDataSource opened = null;
        String migrated;
        try {
            opened = new HikariDataSource(
                    switch (url) {
                        case DatabaseUrl.SqliteFile f -> sqlitePool(f.path(), busyTimeout);
                        case DatabaseUrl.Postgres p -> postgresPool(p, busyTimeout);
                    });
            Flyway flyway = Flyway.configure()
                    .dataSource(opened)
                    .locations(dialect.locations())
                    .load();
            flyway.migrate();
            // a SQLite connection keeps the schema it read until a statement fails in a way that makes it look
            // again, and an upsert on a key a migration rebuilt fails without looking: the connections opened while
            // Flyway migrated (its own among them) are retired, so every one handed out has read today's schema
            opened.getHikariPoolMXBean().softEvictConnections();
            var current = flyway.info().current();
            migrated = current == null ? "" : current.getVersion().getVersion();
        } catch (RuntimeException e) {
            if (opened != null) opened.close();
            closeLock(); // a failed start must not keep a restore out
            throw e;
        }
        this.pool = opened;
        this.migratedTo = migrated;
        this.jdbi = Jdbi.create(pool);
        if (dialect == Dialect.POSTGRESQL) PostgresWrites.install(jdbi, commits);
        else SqliteWrites.install(jdbi, busyTimeout, commits);
    }

    private static AutoCloseable sqliteLock(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) FileModes.createPrivateDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the database directory for " + path + ": " + e.getMessage());
        }
        DatabaseLock lock;
        try {
            lock = DatabaseLock.shared(path)
                    .orElseThrow(() -> new IllegalStateException("the database " + path
                            + " is being restored (a restore holds " + DatabaseLock.lockFile(path)
                            + "): start Caravel again when it has finished"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot lock the database " + path + " (" + DatabaseLock.lockFile(path) + "): " + e.getMessage());
        }
        try {
            privateFiles(path);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    private static HikariConfig sqlitePool(Path path, java.time.Duration busyTimeout) {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout((int) busyTimeout.toMillis());
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl("jdbc:sqlite:" + path);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName("caravel-sqlite");
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(2);
        return hc;
    }

    private static HikariConfig postgresPool(DatabaseUrl.Postgres p, java.time.Duration busyTimeout) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(p.jdbcUrl());
        if (!p.user().isEmpty()) hc.setUsername(p.user());
        if (!p.password().isEmpty()) hc.setPassword(p.password());
        hc.setPoolName("caravel-postgresql");
        hc.setMaximumPoolSize(10);
        hc.setMinimumIdle(2);
        // a write waits for the write lock as long as SQLite's busy timeout, then fails as busy (Sql.isBusy).
        // Every execution planned for its own values: after five runs of a statement the driver prepares it on the
        // server, where PostgreSQL may switch to a generic plan that cannot see a value's selectivity — the relay
        // search's LIKE then walked all 200,000 relays in list order (430 ms) instead of reading its trigram indexes
        // (3 ms), whenever the generic plan's estimate looked cheaper than the custom plans seen so far
        hc.setConnectionInitSql(
                "SET lock_timeout = '" + busyTimeout.toMillis() + "ms'; SET plan_cache_mode = force_custom_plan");
        return hc;
    }

    private void closeLock() {
        try {
            lock.close();
        } catch (Exception e) {
            log.warn("could not release the database lock: {}", e.getMessage());
        }
    }

    /**
     * A new database file is made 0600 before SQLite opens it, so SQLite's -wal and -shm (which take the database
     * file's mode) are 0600 too. Files an older Caravel left readable by others are narrowed to their owner.
     */
    private static void privateFiles(Path path) {
        try {
            if (!Files.exists(path)) FileModes.createPrivateFile(path);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process created it between the check and here: narrowed below like any existing file
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the database file " + path + ": " + e.getMessage());
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = path.resolveSibling(path.getFileName() + suffix);
            try {
                if (FileModes.tighten(f)) log.info("{} was readable by other users; it is now its owner's only", f);
            } catch (IOException e) {
                log.warn("{} is readable by other users and its mode cannot be changed: {}", f, e.getMessage());
            }
        }
    }

    /** What this process's committed writes are told to (see {@link Commits}). */
    public Commits commits() {
        return commits;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Plain JDBC for the few hot single-row reads where JDBI's per-call setup costs more than the query. */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    /**
     * Whether the database answers and holds the schema this code was built for (the readiness check): a query on a
     * pooled connection, bounded by the pool's own wait, and the newest successful migration in Flyway's table.
     */
    public boolean ready() {
        try (var c = pool.getConnection();
                var st = c.prepareStatement(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1");
                var rs = st.executeQuery()) {
            return rs.next() && migratedTo.equals(rs.getString(1));
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The connection pool's figures now (active, idle, waiting), for the metrics scrape. */
    public com.zaxxer.hikari.HikariPoolMXBean pool() {
        return pool.getHikariPoolMXBean();
    }

    /** The SQLite file; empty on PostgreSQL. */
    public Optional<Path> path() {
        return path;
    }

    /** The schema version the migrations brought the database to. */
    public String migratedTo() {
        return migratedTo;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            closeLock();
        }
    }
}
