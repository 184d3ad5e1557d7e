package caravel.store;

import org.sqlite.SQLiteErrorCode;

/** Database error classification (SQLite's and PostgreSQL's) shared by the stores' callers. */
public final class Sql {
    private Sql() {}

    /** True when e (or a cause) is the database refusing a row because of a UNIQUE constraint or index. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("UNIQUE constraint failed")) return true;
            if (t instanceof java.sql.SQLException s && "23505".equals(s.getSQLState())) return true;
        }
        return false;
    }

    /**
     * True when e (or a cause) is the database giving up on a lock another writer held for longer than the busy
     * timeout: SQLite's SQLITE_BUSY, or PostgreSQL's lock timeout, deadlock or serialization failure (each means
     * "try again": nothing was written).
     */
    public static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s && s.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code)
                return true; // SQLITE_BUSY and its extended codes share the primary code
            if (t instanceof java.sql.SQLException s && POSTGRES_BUSY.contains(String.valueOf(s.getSQLState())))
                return true;
        }
        return false;
    }

    /**
     * True when a statement run outside a transaction writes (and so must take the write lock: {@link SqliteWrites},
     * {@link PostgresWrites}): it starts with INSERT, UPDATE, DELETE, REPLACE (SQLite's) or WITH (a CTE ahead of a
     * write: the lock is taken for it either way).
     */
    static boolean isWrite(String sql) {
        if (sql == null) return false;
        String head = sql.stripLeading();
        head = head.substring(0, Math.min(head.length(), 7)).toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("INSERT")
                || head.startsWith("UPDATE")
                || head.startsWith("DELETE")
                || head.startsWith("WITH")
                || head.startsWith("REPLACE");
    }

    /**
     * A one-value yes/no read on the handle's own connection (in its transaction, if any), false when no row comes
     * back. Plain JDBC: for reads every relay view makes, JDBI's per-statement setup cost more than the read itself
     * (issue 42, GET /relays/:id). {@code what} names the read in the error.
     */
    public static boolean bool(org.jdbi.v3.core.Handle h, String what, String sql, Object... args) {
        try (var ps = h.getConnection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(what + ": " + e.getMessage(), e);
        }
    }

    /** lock_not_available, serialization_failure, deadlock_detected. */
    private static final java.util.Set<String> POSTGRES_BUSY = java.util.Set.of("55P03", "40001", "40P01");
}
