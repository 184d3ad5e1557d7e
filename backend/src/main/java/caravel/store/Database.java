package caravel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file database: WAL, foreign keys, a busy timeout, IMMEDIATE write transactions (so two writers
 * queue on the lock instead of failing on upgrade), migrated by Flyway at open.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Path path;
    /** The newest migration this process applied or found at open: the schema its code was built for. */
    private final String migratedTo;

    public Database(Path path) {
        this.path = path;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the database directory for " + path + ": " + e.getMessage());
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(15_000);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl("jdbc:sqlite:" + path);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName("caravel-sqlite");
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(2);
        this.pool = new HikariDataSource(hc);
        Flyway flyway = Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load();
        flyway.migrate();
        var current = flyway.info().current();
        this.migratedTo = current == null ? "" : current.getVersion().getVersion();
        this.jdbi = Jdbi.create(pool);
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
                        "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank DESC LIMIT 1");
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

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        pool.close();
    }
}
