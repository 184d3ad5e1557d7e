package caravel.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading a row's columns where JDBC's primitives need care. */
public final class Columns {
    private Columns() {}

    /**
     * A nullable integer column: JDBC reads NULL as 0, and only {@code wasNull} right after that very read tells them
     * apart (reading another column first answers for that one instead).
     */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** {@link #nullableLong(ResultSet, String)} by the column's position (1-based). */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** A nullable int column by its position (1-based), read as {@link #nullableLong(ResultSet, String)} is. */
    public static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
