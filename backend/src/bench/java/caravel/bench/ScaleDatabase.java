package caravel.bench;

import caravel.config.DatabaseUrl;
import caravel.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A database the scale benchmark runs on: a copy, made for this run, of a seeded platform kept between runs — the
 * billing run changes it, and seeding takes minutes. SQLite: the seeded file in bench/out/, copied beside the run's
 * other files. PostgreSQL: a seeded database on the given server (kept there for later runs on the same server),
 * copied with CREATE DATABASE … TEMPLATE, which copies its files as they are: rows, indexes, statistics and visibility
 * maps, as the SQLite copy keeps its ANALYZE results.
 */
abstract sealed class ScaleDatabase implements AutoCloseable {
    /** "SQLite" or "PostgreSQL", as the figures are labelled. */
    abstract String name();

    /** DATABASE_URL of the run's copy, for the backend. */
    abstract String url();

    abstract Connection connect() throws SQLException;

    /** Size of the run's copy. */
    abstract long bytes() throws Exception;

    /** The planner's plan of a query, one line per step. */
    abstract List<String> plan(Connection c, String sql) throws SQLException;

    /**
     * Readies a connection for the benchmark's own bulk writes (not the app's): on PostgreSQL the live-change triggers
     * stay quiet, as the seeder's load left them — one NOTIFY per row would time the trigger, not the platform.
     */
    void bulk(Connection c) throws SQLException {}

    /**
     * After the benchmark's own bulk update of every relay: on PostgreSQL the old row versions are vacuumed away, as
     * autovacuum would soon do on its own (better before the clock starts than during the measurements).
     */
    void settle(Connection c) throws SQLException {}

    /** Migrates the run's copy to this code's schema: the newer migrations, applied before anything is timed. */
    void migrate() {
        try {
            Database.open(DatabaseUrl.parse(url())).close();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the seeded " + name() + " database cannot be migrated to this schema (" + e.getMessage()
                            + "); seed it again with SCALE_RESEED=1",
                    e);
        }
    }

    @Override
    public void close() throws SQLException {}

    static void announce(Seeder.Counts c, String where) {
        System.out.printf(
                "seeded %s: %,d tenants, %,d relays, %,d invoices (%,d items), %,d activity rows in %.0f s (%,d renewals"
                        + " due)%n",
                where, c.tenants(), c.relays(), c.invoices(), c.items(), c.activity(), c.seconds(), c.renewalsDue());
    }

    static final class Sqlite extends ScaleDatabase {
        private final Path file;

        Sqlite(Path root, int tenants, Path dir) throws Exception {
            Path out = Files.createDirectories(root.resolve("bench/out"));
            Path seeded = out.resolve("scale-" + tenants + "-v" + Seeder.FORMAT + ".db");
            if (!Files.exists(seeded) || "1".equals(System.getenv("SCALE_RESEED"))) {
                for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(Path.of(seeded + suffix));
                announce(Seeder.seed(seeded, tenants, 1, System.currentTimeMillis() / 1000), "SQLite");
            } else {
                System.out.println("reusing " + root.relativize(seeded) + " (SCALE_RESEED=1 seeds it again)");
            }
            file = dir.resolve("caravel.db");
            Files.copy(seeded, file);
        }

        @Override
        String name() {
            return "SQLite";
        }

        @Override
        String url() {
            return "sqlite://" + file;
        }

        @Override
        Connection connect() throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite:" + file);
        }

        @Override
        long bytes() throws Exception {
            return Files.size(file);
        }

        @Override
        List<String> plan(Connection c, String sql) throws SQLException {
            List<String> lines = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                while (rs.next()) lines.add(rs.getString(4));
            }
            return lines;
        }
    }

    static final class Postgres extends ScaleDatabase {
        private final String admin;
        private final String run;

        /** admin: a superuser's postgresql:// URL of the server (the seeder turns triggers off for its load). */
        Postgres(String admin, int tenants) throws Exception {
            this.admin = admin;
            String seeded = "caravel_scale_" + tenants + "_v" + Seeder.FORMAT;
            String loading = seeded + "_loading";
            this.run = "caravel_scale_run";
            boolean reseed = "1".equals(System.getenv("SCALE_RESEED"));
            try (Connection c = server();
                    var st = c.createStatement()) {
                if (reseed) st.execute("DROP DATABASE IF EXISTS " + seeded);
                if (!exists(c, seeded)) {
                    // seeded under another name and renamed when complete: an interrupted seeding is never reused
                    st.execute("DROP DATABASE IF EXISTS " + loading);
                    st.execute("CREATE DATABASE " + loading);
                    announce(
                            Seeder.seed(
                                    DatabaseUrl.parse(database(loading)),
                                    tenants,
                                    1,
                                    System.currentTimeMillis() / 1000),
                            "PostgreSQL");
                    st.execute("ALTER DATABASE " + loading + " RENAME TO " + seeded);
                } else {
                    System.out.println(
                            "reusing the database " + seeded + " on the server (SCALE_RESEED=1 seeds it" + " again)");
                }
                st.execute("DROP DATABASE IF EXISTS " + run);
                st.execute("CREATE DATABASE " + run + " TEMPLATE " + seeded);
            }
        }

        private Connection server() throws SQLException {
            DatabaseUrl.Postgres p = (DatabaseUrl.Postgres) DatabaseUrl.parse(admin);
            return DriverManager.getConnection(p.jdbcUrl(), p.user(), p.password());
        }

        private static boolean exists(Connection c, String db) throws SQLException {
            try (var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, db);
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }

        /** The admin URL with its database replaced (names of letters, digits and _: nothing to quote). */
        private String database(String name) {
            return admin.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
        }

        @Override
        String name() {
            return "PostgreSQL";
        }

        @Override
        String url() {
            return database(run);
        }

        @Override
        Connection connect() throws SQLException {
            DatabaseUrl.Postgres p = (DatabaseUrl.Postgres) DatabaseUrl.parse(url());
            return DriverManager.getConnection(p.jdbcUrl(), p.user(), p.password());
        }

        @Override
        long bytes() throws Exception {
            try (Connection c = connect();
                    var rs = c.createStatement().executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        List<String> plan(Connection c, String sql) throws SQLException {
            List<String> lines = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                while (rs.next()) lines.add(rs.getString(1));
            }
            return lines;
        }

        @Override
        void bulk(Connection c) throws SQLException {
            try (var st = c.createStatement()) {
                st.execute("SET session_replication_role = replica");
            }
        }

        @Override
        void settle(Connection c) throws SQLException {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("VACUUM ANALYZE relays");
            } finally {
                c.setAutoCommit(auto);
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = server();
                    var st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + run + " WITH (FORCE)");
            }
        }
    }
}
