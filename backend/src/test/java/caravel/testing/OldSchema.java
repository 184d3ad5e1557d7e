package caravel.testing;

import caravel.store.Dialect;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite database at an older schema version, for the migration tests: they write rows as that schema held them
 * (in SQL: the owner classes write only today's schema), migrate on, and read what the migration made of them.
 */
public final class OldSchema {
    private OldSchema() {}

    /** The database file {@code file}, foreign keys enforced as the backend has them, migrated up to {@code version}. */
    public static SQLiteDataSource at(Path file, String version) {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + file);
        migrate(ds, version);
        return ds;
    }

    /** Runs SQLite's migrations up to {@code version} (null: all of them, today's schema). */
    public static void migrate(DataSource ds, String version) {
        FluentConfiguration c = Flyway.configure().dataSource(ds).locations(Dialect.SQLITE.locations());
        if (version != null) c.target(version);
        c.load().migrate();
    }
}
