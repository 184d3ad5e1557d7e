package caravel.relayparts;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table with a relay's id belongs to exactly one registered relay part, read from the migrated schema of the
 * database a backend runs on (so a new table with a {@code relay_id} column fails here until a part claims it), and
 * no part claims a table the schema does not have.
 */
@BothDatabases
class RelayPartsTablesTest {
    @TempDir
    static Path dir;

    static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = new TestBackend(dir);
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    /**
     * The tables of the migrated schema that hold a relay's id: a {@code relay_id} column, or one named {@code relay}
     * (the older community tables' name for it).
     */
    static Set<String> tablesWithRelayId() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = Inside.of(backend.app).db().dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet ts = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (ts.next()) tables.add(ts.getString("TABLE_NAME"));
            }
            for (String t : tables)
                try (ResultSet cols = meta.getColumns(null, null, t, "%")) {
                    while (cols.next())
                        if (Set.of("relay_id", "relay")
                                .contains(cols.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)))
                            out.add(t.toLowerCase(Locale.ROOT));
                }
        }
        out.removeIf(t -> t.startsWith("sqlite_") || t.startsWith("pg_"));
        return out;
    }

    @Test
    void everyTableWithARelayIdBelongsToExactlyOnePart() throws Exception {
        Set<String> schema = tablesWithRelayId();
        assertThat(schema).as("tables with relay_id in the migrated schema").contains("relay_team", "relay_backups");
        Map<String, List<String>> owners = new TreeMap<>();
        for (RelayPart p : Inside.of(backend.app).relayParts().all())
            for (String t : p.tables())
                owners.computeIfAbsent(t, k -> new ArrayList<>()).add(p.name());
        List<String> problems = new ArrayList<>();
        for (String t : schema) {
            List<String> o = owners.getOrDefault(t, List.of());
            if (o.isEmpty()) problems.add(t + " holds a relay's id and belongs to no relay part");
            else if (o.size() > 1) problems.add(t + " is claimed by " + o);
        }
        for (String t : owners.keySet())
            if (!schema.contains(t))
                problems.add("a part claims " + t + ", which has no relay_id or relay column in the schema");
        assertThat(problems).as("tables and the relay parts that own them").isEmpty();
    }

    @Test
    void theRegistryIsFrozenOnceServing() {
        RelayParts parts = Inside.of(backend.app).relayParts();
        RelayPart any = parts.all().get(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parts.register(any))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before serving");
    }
}
