package caravel.store;

/**
 * The two databases Caravel runs on: the embedded SQLite file (one machine, the default) and PostgreSQL (several
 * processes). Where Flyway finds Caravel's migrations for each: Migrations written in SQL both databases speak
 * live in {@code db/migration/common} and apply to both; a change only one dialect can say lives beside it in the
 * dialect's own folder. SQLite's history (versions 1 to 51, written before PostgreSQL was supported) stays in
 * {@code db/migration/sqlite}; PostgreSQL starts from one script that builds the schema those versions left.
 */
public enum Dialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The Flyway locations for this database: the shared migrations and the dialect's own. */
    public String[] locations() {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + folder};
    }

    /** The dialect of the database a handle is connected to (the driver names it; no query is sent). */
    public static Dialect of(org.jdbi.v3.core.Handle h) {
        try {
            return h.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL") ? POSTGRESQL : SQLITE;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot tell the database's dialect: " + e.getMessage(), e);
        }
    }
}
