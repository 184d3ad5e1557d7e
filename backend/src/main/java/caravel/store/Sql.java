package caravel.store;

/** SQLite error classification shared by the stores' callers. */
public final class Sql {
    private Sql() {}

    /** True when e (or a cause) is SQLite refusing a row because of a UNIQUE constraint or index. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t.getMessage() != null && t.getMessage().contains("UNIQUE constraint failed")) return true;
        return false;
    }
}
