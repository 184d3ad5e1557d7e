package caravel.testing;

import caravel.config.DatabaseUrl;
import caravel.store.Database;
import caravel.store.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Which database the backend tests run on. By default each test's SQLite file; with CARAVEL_TEST_POSTGRES set (an
 * administrator's postgresql:// URL, as `./caravel test` sets for the suite's second run) a PostgreSQL database per
 * file path instead, created on first use as a copy of a database migrated once per test JVM — two backends a test starts on one folder share one database, as two
 * processes on one SQLite file do.
 *
 * <p>On SQLite, a backend the harness starts on a file that does not exist yet ({@link TestBackend}, {@link
 * BackendProcess}) starts on a copy of a file migrated once per test JVM ({@link #seed}) instead of running every
 * migration again: Flyway finds the history complete, validates it and applies nothing, as on any restart. Measured:
 * starting a backend and serving one request took 145 ms of CPU instead of 248 ms, and most of the suite's ~600
 * tests start one or more. The migrations still run: once per JVM here, and on their own files in the migration tests.
 */
public final class TestDatabases {
    private TestDatabases() {}

    /** The migrated template's bytes, made on first use (null until then). */
    private static byte[] template;

    /** On PostgreSQL, the name of this JVM's migrated template database (null until first use). */
    private static String postgresTemplate;

    /** The administrator's URL of the test server, when the tests run on PostgreSQL. */
    public static Optional<String> postgres() {
        String v = System.getenv("CARAVEL_TEST_POSTGRES");
        if (v == null || v.isBlank()) v = System.getProperty("caravel.test.postgres");
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public static boolean onPostgres() {
        return postgres().isPresent();
    }

    /** DATABASE_URL for a backend whose SQLite file would be {@code file}. */
    public static String url(Path file) {
        return postgres().map(admin -> database(admin, file)).orElse("sqlite://" + file);
    }

    /** The database a test would open at {@code file}: that SQLite file, or its PostgreSQL twin. */
    public static Database open(Path file) {
        return Database.open(DatabaseUrl.parse(url(file)));
    }

    /**
     * Before a backend opens the database of {@code env}: when DATABASE_URL is a SQLite file that does not exist yet
     * in a folder that does, writes the migrated template there (owner-only, as the backend creates its file). Nothing
     * on PostgreSQL, for an existing file (a restart, a test's own seeded or old-schema file) or a folder the backend
     * is to create itself.
     */
    public static synchronized void seed(Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url == null || !url.startsWith("sqlite:")) return;
        if (!(DatabaseUrl.parse(url) instanceof DatabaseUrl.SqliteFile f)) return;
        Path file = f.path().toAbsolutePath();
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder) || Files.exists(file)) return;
        try {
            byte[] bytes = template();
            FileModes.createPrivateFile(file);
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING); // keeps the new file's mode
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the test database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every migration run once on a file of its own, checkpointed so that the main file holds everything. */
    private static byte[] template() throws IOException {
        if (template != null) return template;
        Path dir = Files.createTempDirectory("caravel-template-db");
        Path file = dir.resolve("template.db");
        try (Database d = new Database(file)) {
            d.jdbi().useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        byte[] bytes = Files.readAllBytes(file);
        try (var left = Files.list(dir)) {
            for (Path p : left.toList()) Files.delete(p);
        }
        Files.delete(dir);
        template = bytes;
        return bytes;
    }

    /**
     * The test database for {@code file}, made on first use as a copy of this JVM's migrated template ({@link
     * #postgresTemplate}): PostgreSQL copies a database's files, which is much cheaper than running every migration
     * for each of the hundreds of databases the suite's PostgreSQL pass opens (as the SQLite file's {@link #seed}).
     * The tests of migrations themselves run on SQLite files they build (tag "sqlite"); here the migrations run once
     * per JVM, on the template.
     */
    private static synchronized String database(String admin, Path file) {
        String name =
                "caravel_" + ShortHash.of(file.toAbsolutePath().normalize().toString());
        String template = postgresTemplate(admin);
        try {
            createDatabase(admin, name + " TEMPLATE " + template); // names of hex digits: nothing to quote
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) // duplicate_database: another backend of this test made it
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return databaseUrl(admin, name);
    }

    /** The migrated template's name, made on first use by this JVM (one per JVM: a copy needs its source unused). */
    private static String postgresTemplate(String admin) {
        if (postgresTemplate != null) return postgresTemplate;
        String name = "caravel_template_" + ProcessHandle.current().pid() + "_" + ShortHash.of(admin);
        try {
            createDatabase(admin, name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the template database " + name + ": " + e.getMessage(), e);
        }
        try (Database d = Database.open(DatabaseUrl.parse(databaseUrl(admin, name)))) {
            d.jdbi().useHandle(h -> h.execute("SELECT 1")); // migrated at open; the pool closes with it
        }
        postgresTemplate = name;
        return name;
    }

    private static void createDatabase(String admin, String nameAndOptions) throws SQLException {
        DatabaseUrl.Postgres server = (DatabaseUrl.Postgres) DatabaseUrl.parse(admin);
        try (var c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + nameAndOptions);
        }
    }

    private static String databaseUrl(String admin, String name) {
        return admin.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
    }
}
