package db.migration.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Plans became the operator's (PLANS): relays.plan, pending_plan and upgrade_plan lose their CHECK that only free,
 * basic and growth may be stored; the catalog checks plan ids now, at start-up and on every request.
 *
 * <p>SQLite cannot drop a CHECK with ALTER TABLE, and rebuilding relays would mean rebuilding the six tables that
 * reference it, its triggers and its search index. Removing a CHECK changes nothing on disk, so this follows SQLite's
 * own procedure for such changes ("Making Other Kinds Of Table Schema Changes"): in one transaction, rewrite the
 * table's CREATE statement in the schema table with writable_schema on, bump schema_version so every connection
 * re-reads it, and check the database's integrity before committing. Java, because the new schema_version is the
 * old one plus one, which a SQL script cannot compute.
 */
public class V49__plan_ids_from_the_catalog extends BaseJavaMigration {
    private static final Pattern PLAN_CHECK =
            Pattern.compile("\\s*CHECK\\s*\\((plan|pending_plan|upgrade_plan) IN \\('free', 'basic', 'growth'\\)\\)");

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String sql = one(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'relays'");
        Matcher m = PLAN_CHECK.matcher(sql);
        int found = 0;
        while (m.find()) found++;
        if (found != 3) throw new IllegalStateException("relays has " + found + " plan CHECKs, expected 3: " + sql);
        String relaxed = PLAN_CHECK.matcher(sql).replaceAll("");
        int version = Integer.parseInt(one(c, "PRAGMA schema_version"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA writable_schema = ON");
            try (PreparedStatement p =
                    c.prepareStatement("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'relays'")) {
                p.setString(1, relaxed);
                if (p.executeUpdate() != 1) throw new IllegalStateException("relays was not rewritten");
            }
            s.execute("PRAGMA schema_version = " + (version + 1));
            s.execute("PRAGMA writable_schema = OFF");
        }
        String integrity = one(c, "PRAGMA integrity_check");
        if (!"ok".equals(integrity)) throw new IllegalStateException("integrity check after the rewrite: " + integrity);
    }

    private static String one(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            if (!rs.next()) throw new IllegalStateException("no row for " + query);
            return rs.getString(1);
        }
    }
}
