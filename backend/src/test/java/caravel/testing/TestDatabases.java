package caravel.testing;

import caravel.config.DatabaseUrl;
import caravel.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Which database the backend tests run on. By default each test's SQLite file; with CARAVEL_TEST_POSTGRES set (an
 * administrator's postgresql:// URL, as `./caravel test` sets for the suite's second run) a PostgreSQL database per
 * file path instead, created on first use — two backends a test starts on one folder share one database, as two
 * processes on one SQLite file do.
 */
public final class TestDatabases {
    private TestDatabases() {}

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

    private static String database(String admin, Path file) {
        String name = "caravel_" + hash(file.toAbsolutePath().normalize().toString());
        DatabaseUrl.Postgres server = (DatabaseUrl.Postgres) DatabaseUrl.parse(admin);
        try (var c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name); // a name of hex digits: nothing to quote
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) // duplicate_database: another backend of this test made it
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return admin.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
