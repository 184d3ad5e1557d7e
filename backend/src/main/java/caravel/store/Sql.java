package caravel.store;

import org.sqlite.SQLiteErrorCode;

/** SQLite error classification shared by the stores' callers. */
public final class Sql {
    private Sql() {}

    /** True when e (or a cause) is SQLite refusing a row because of a UNIQUE constraint or index. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t.getMessage() != null && t.getMessage().contains("UNIQUE constraint failed")) return true;
        return false;
    }

    /** True when e (or a cause) is SQLite giving up on a lock held by another writer for longer than the busy timeout. */
    public static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof org.sqlite.SQLiteException s && s.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code)
                return true; // SQLITE_BUSY and its extended codes share the primary code
        return false;
    }
}
