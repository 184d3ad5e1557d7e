package caravel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a platform from its SQLite file onto PostgreSQL: every row of every table both databases have, in one
 * transaction on PostgreSQL, so the new database holds the whole platform or nothing. Both are first brought to this
 * version's schema by opening them (as starting Caravel does), so their tables match column for column.
 *
 * <p>What is not copied is rebuilt: the tables the triggers keep (each tenant's change version, the lists' totals,
 * the relay views' versions, the money view's sums) fill themselves as the rows go in (the money view's relay moves,
 * history no trigger can rebuild, are copied last over what the triggers wrote); SQLite's own full-text index has
 * PostgreSQL's trigram indexes in its place; the rate-limit buckets are PostgreSQL's alone. Columns PostgreSQL numbers
 * itself (the list order's rowid) are numbered anew in the source's row order; identity columns keep their values and
 * their sequences continue after them.
 *
 * <p>The target must be new: a database holding tenants, relays, invoices, jobs or activity is refused, and nothing is
 * written to it. Run it with Caravel stopped: the SQLite file's lock keeps a running Caravel and a copy apart.
 */
public final class DatabaseCopy {
    private DatabaseCopy() {}

    /** Rows per insert batch. */
    private static final int BATCH = 500;

    /** Tables written only by triggers as other rows go in: rebuilt in the target, never copied. */
    private static final Set<String> REBUILT = Set.of(
            "tenant_changes", "list_totals", "relay_view_versions", "money_revenue", "money_relays", "money_owners");

    /**
     * Tables the triggers also write as other rows go in, but whose rows are history no trigger can rebuild (the money
     * view's relay moves by month): copied last, over what the triggers wrote while the relays went in.
     */
    private static final Set<String> COPIED_OVER = Set.of("money_moves");

    /** Tables whose rows mean the target already holds a platform. */
    private static final List<String> PLATFORM = List.of("tenants", "relays", "invoices", "jobs", "activity");

    /** The rows copied, by table, in the order they were written. */
    public record Copied(Map<String, Long> rows) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The copy was refused or failed; the target holds nothing of it. */
    public static final class CopyException extends RuntimeException {
        public CopyException(String message) {
            super(message);
        }

        CopyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Column(String name, int type, boolean numberedByTarget) {}

    /**
     * Copies {@code from} (SQLite) into {@code to} (PostgreSQL), both opened (and so migrated) by the caller.
     * @throws CopyException when the databases are not SQLite and PostgreSQL at the same schema version, when the
     *     target already holds a platform, or when a row cannot be written (then nothing is)
     */
    public static Copied copy(Database from, Database to) {
        if (from.dialect() != Dialect.SQLITE || to.dialect() != Dialect.POSTGRESQL)
            throw new CopyException("the copy goes from a SQLite file to a PostgreSQL database");
        if (!from.migratedTo().equals(to.migratedTo()))
            throw new CopyException("the two databases are at different schema versions (" + from.migratedTo() + " and "
                    + to.migratedTo() + ")");
        try (Connection source = from.dataSource().getConnection();
                Connection target = to.dataSource().getConnection()) {
            refuseAPlatform(target);
            Map<String, Boolean> inSource = sqliteTables(source);
            List<String> tables = tablesInWriteOrder(target, inSource.keySet());
            source.setAutoCommit(false); // one read transaction: one snapshot of the file
            target.setAutoCommit(false);
            try {
                // rows the migrations themselves wrote, children before parents
                for (String table : tables.reversed())
                    try (Statement st = target.createStatement()) {
                        st.execute("DELETE FROM " + table);
                    }
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String table : tables) {
                    if (COPIED_OVER.contains(table))
                        try (Statement st = target.createStatement()) {
                            st.execute("DELETE FROM " + table);
                        }
                    copied.put(table, copyTable(source, target, table, inSource.get(table)));
                }
                continueSequences(target, tables);
                target.commit();
                source.commit();
                return new Copied(copied);
            } catch (SQLException | RuntimeException e) {
                target.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CopyException("the copy failed and nothing was written: " + e.getMessage(), e);
        }
    }

    private static void refuseAPlatform(Connection target) throws SQLException {
        for (String table : PLATFORM) {
            try (Statement st = target.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0)
                    throw new CopyException("the target database already holds a platform (" + n + " rows in " + table
                            + "): copy into a new, empty database");
            }
        }
    }

    /**
     * SQLite's ordinary tables (not its own, not the full-text index), each with whether it has a rowid (its row
     * order; a WITHOUT ROWID table has none).
     */
    private static Map<String, Boolean> sqliteTables(Connection source) throws SQLException {
        Map<String, Boolean> tables = new LinkedHashMap<>();
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND sql NOT LIKE 'CREATE VIRTUAL%'")) {
            // only names as the schemas write them go into a statement (no other table is Caravel's anyway)
            while (rs.next())
                if (rs.getString(1).matches("[a-z][a-z0-9_]*"))
                    tables.put(
                            rs.getString(1),
                            !rs.getString(2).toUpperCase(java.util.Locale.ROOT).contains("WITHOUT ROWID"));
        }
        return tables;
    }

    /**
     * The tables both databases have, minus the rebuilt ones, each after the tables its foreign keys point at (the
     * target's constraints are checked row by row, so a relay must follow its tenant).
     */
    private static List<String> tablesInWriteOrder(Connection target, Set<String> inSource) throws SQLException {
        Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        try (Statement st = target.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) {
                String t = rs.getString(1);
                if (inSource.contains(t) && !REBUILT.contains(t) && !t.startsWith("flyway_"))
                    dependsOn.put(t, new LinkedHashSet<>());
            }
        }
        try (Statement st = target.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT conrelid::regclass::text, confrelid::regclass::text"
                                + " FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace")) {
            while (rs.next()) {
                String child = rs.getString(1), parent = rs.getString(2);
                if (dependsOn.containsKey(child) && dependsOn.containsKey(parent) && !child.equals(parent))
                    dependsOn.get(child).add(parent);
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < dependsOn.size()) {
            boolean progress = false;
            for (var e : dependsOn.entrySet())
                if (!placed.contains(e.getKey()) && placed.containsAll(e.getValue())) {
                    placed.add(e.getKey());
                    order.add(e.getKey());
                    progress = true;
                }
            if (!progress) throw new CopyException("the target's foreign keys form a cycle: " + dependsOn);
        }
        // after every table whose inserts write them (nothing points at them)
        List<String> over = order.stream().filter(COPIED_OVER::contains).toList();
        order.removeAll(over);
        order.addAll(over);
        return order;
    }

    private static List<Column> targetColumns(Connection target, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement st = target.prepareStatement("SELECT column_name, data_type, is_identity,"
                + " identity_generation FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = ? ORDER BY ordinal_position")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    int type = switch (rs.getString(2)) {
                        case "bigint" -> Types.BIGINT;
                        case "integer", "smallint" -> Types.INTEGER;
                        case "bytea" -> Types.BINARY;
                        case "text", "character varying" -> Types.VARCHAR;
                        default -> Types.OTHER;
                    };
                    boolean always = "YES".equals(rs.getString(3)) && "ALWAYS".equals(rs.getString(4));
                    columns.add(new Column(rs.getString(1), type, always));
                }
            }
        }
        return columns;
    }

    private static Set<String> sourceColumns(Connection source, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        try (Statement st = source.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    /** One table's rows, in the source's row order, through batched inserts; returns how many. */
    private static long copyTable(Connection source, Connection target, String table, boolean rowid)
            throws SQLException {
        Set<String> inSource = sourceColumns(source, table);
        List<Column> columns = targetColumns(target, table).stream()
                .filter(c -> !c.numberedByTarget() && inSource.contains(c.name()))
                .toList();
        if (columns.isEmpty()) return 0;
        String names = String.join(", ", columns.stream().map(Column::name).toList());
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        long n = 0;
        try (Statement read = source.createStatement();
                ResultSet rs =
                        read.executeQuery("SELECT " + names + " FROM " + table + (rowid ? " ORDER BY rowid" : ""));
                PreparedStatement write =
                        target.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")")) {
            while (rs.next()) {
                for (int i = 0; i < columns.size(); i++)
                    bind(write, i + 1, columns.get(i).type(), rs);
                write.addBatch();
                if (++n % BATCH == 0) write.executeBatch();
            }
            if (n % BATCH != 0) write.executeBatch();
        } catch (SQLException e) {
            throw new SQLException(table + ": " + e.getMessage(), e);
        }
        return n;
    }

    private static void bind(PreparedStatement write, int i, int type, ResultSet rs) throws SQLException {
        switch (type) {
            case Types.BIGINT -> {
                long v = rs.getLong(i);
                if (rs.wasNull()) write.setNull(i, Types.BIGINT);
                else write.setLong(i, v);
            }
            case Types.INTEGER -> {
                int v = rs.getInt(i);
                if (rs.wasNull()) write.setNull(i, Types.INTEGER);
                else write.setInt(i, v);
            }
            case Types.BINARY -> write.setBytes(i, rs.getBytes(i));
            case Types.VARCHAR -> write.setString(i, rs.getString(i));
            default -> write.setObject(i, rs.getObject(i));
        }
    }

    /** Identity columns whose values were copied: their sequences continue after the largest one. */
    private static void continueSequences(Connection target, List<String> tables) throws SQLException {
        Map<String, String> identities = new HashMap<>();
        try (Statement st = target.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, column_name FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND is_identity = 'YES'"
                        + " AND identity_generation = 'BY DEFAULT'")) {
            while (rs.next()) identities.put(rs.getString(1), rs.getString(2));
        }
        for (String table : tables) {
            String column = identities.get(table);
            if (column == null) continue;
            try (Statement st = target.createStatement()) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), coalesce(max("
                        + column + "), 0) + 1, false) FROM " + table);
            }
        }
    }
}
