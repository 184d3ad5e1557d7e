package caravel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner class per table, as ARCHITECTURE.md's "Tables and their owners" lists them, checked against the SQL the
 * main sources hold: every write (INSERT, UPDATE, DELETE, REPLACE) of a table is in its owner; a read of it is in
 * its owner or in a class the list names as a reader; every table of the schema is listed once; and a listed
 * reader that no longer reads the table, or an owner without any statement on it, fails too, so the list never
 * says more than the code does.
 */
class TableOwnersTest {
    static final String HEADING = "### Tables and their owners";
    static final Path BACKEND = NostrTools.root().resolve("backend");
    static final Pattern CLASS = Pattern.compile("`([a-z]+\\.[A-Z][A-Za-z0-9]*)`");

    /** A row of the list: the table, the class that holds its writes, the other classes that may read it. */
    record Row(String table, String owner, Set<String> readers) {}

    @Test
    void everyTableOfTheSchemaIsListedOnce() throws IOException {
        List<String> listed = rows().stream().map(Row::table).toList();
        assertThat(listed).as("tables listed in ARCHITECTURE.md").doesNotHaveDuplicates();
        assertThat(new TreeSet<>(listed))
                .as("tables listed in ARCHITECTURE.md (left) against the migrations' schema (right)")
                .containsExactlyElementsOf(schemaTables());
    }

    @Test
    void onlyTheOwnerWritesATable() throws IOException {
        Map<String, Row> rows = byTable();
        List<String> strays = new ArrayList<>();
        for (SqlInSources.Use u : uses(rows.keySet()))
            if (u.write() && !u.owner().equals(rows.get(u.table()).owner()))
                strays.add(u.owner() + " writes " + u.table() + " (its owner is "
                        + rows.get(u.table()).owner() + ")");
        assertThat(new TreeSet<>(strays)).as("writes outside the table's owner").isEmpty();
    }

    @Test
    void onlyTheOwnerAndListedReadersReadATable() throws IOException {
        Map<String, Row> rows = byTable();
        List<String> strays = new ArrayList<>();
        for (SqlInSources.Use u : uses(rows.keySet())) {
            Row r = rows.get(u.table());
            if (!u.write() && !u.owner().equals(r.owner()) && !r.readers().contains(u.owner()))
                strays.add(
                        u.owner() + " reads " + u.table() + " (not its owner " + r.owner() + ", nor a listed reader)");
        }
        assertThat(new TreeSet<>(strays))
                .as("reads ARCHITECTURE.md does not list")
                .isEmpty();
    }

    @Test
    void theListSaysNoMoreThanTheCodeDoes() throws IOException {
        Map<String, Row> rows = byTable();
        Set<String> seen = new TreeSet<>();
        for (SqlInSources.Use u : uses(rows.keySet())) seen.add(u.owner() + " " + u.table());
        List<String> idle = new ArrayList<>();
        for (Row r : rows.values()) {
            if (!seen.contains(r.owner() + " " + r.table()))
                idle.add(r.owner() + " has no statement on " + r.table() + ", which it is listed to own");
            for (String reader : r.readers())
                if (!seen.contains(reader + " " + r.table()))
                    idle.add(reader + " is listed to read " + r.table() + " but does not");
        }
        assertThat(idle)
                .as("listings in ARCHITECTURE.md the code does not bear out")
                .isEmpty();
    }

    private static List<SqlInSources.Use> uses(Set<String> tables) {
        return SqlInSources.uses(BACKEND.resolve("src/main/java/caravel"), tables);
    }

    private static Map<String, Row> byTable() throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        for (Row r : rows()) rows.put(r.table(), r);
        return rows;
    }

    /** The rows of the markdown table under the heading: | `table` | `owner` | `reader` (why), ... |. */
    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(NostrTools.root().resolve("ARCHITECTURE.md"));
        int at = lines.indexOf(HEADING);
        assertThat(at).as("ARCHITECTURE.md has the heading %s", HEADING).isNotNegative();
        List<Row> rows = new ArrayList<>();
        Pattern table = Pattern.compile("^\\|\\s*`([a-z_0-9]+)`\\s*\\|([^|]*)\\|([^|]*)\\|\\s*$");
        for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| `")) continue;
            Matcher m = table.matcher(line);
            assertThat(m.matches())
                    .as("line %d of ARCHITECTURE.md reads '| `table` | `owner` | readers |': %s", i + 1, line)
                    .isTrue();
            List<String> owner = classes(m.group(2));
            assertThat(owner).as("one owner on line %d: %s", i + 1, line).hasSize(1);
            rows.add(new Row(m.group(1), owner.get(0), new LinkedHashSet<>(classes(m.group(3)))));
        }
        assertThat(rows).as("rows under %s", HEADING).isNotEmpty();
        return rows;
    }

    private static List<String> classes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CLASS.matcher(cell);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /**
     * The tables either dialect's migrations leave (each with the shared ones), replayed in version order: a table
     * only one database has (SQLite's full-text index, PostgreSQL's shared rate-limit buckets) is listed too.
     */
    static Set<String> schemaTables() throws IOException {
        Set<String> tables = new TreeSet<>(schemaTables("sqlite"));
        tables.addAll(schemaTables("postgresql"));
        return tables;
    }

    /** The tables one dialect's migrations leave with the shared ones, replayed in version order (created, renamed, dropped). */
    static Set<String> schemaTables(String dialect) throws IOException {
        Path root = BACKEND.resolve("src/main/resources/db/migration");
        Pattern statement = Pattern.compile("(?i)CREATE\\s+(?:VIRTUAL\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)"
                + "|ALTER\\s+TABLE\\s+(\\w+)\\s+RENAME\\s+TO\\s+(\\w+)"
                + "|DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(\\w+)");
        Set<String> tables = new TreeSet<>();
        List<Path> migrations;
        try (Stream<Path> common = Files.list(root.resolve("common"));
                Stream<Path> own = Files.list(root.resolve(dialect));
                Stream<Path> files = Stream.concat(common, own)) {
            migrations = files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(TableOwnersTest::version))
                    .toList();
        }
        assertThat(migrations).as("migrations for %s in %s", dialect, root).isNotEmpty();
        for (Path p : migrations) {
            String sql = Files.readString(p).replaceAll("--[^\n]*", "");
            Matcher m = statement.matcher(sql);
            while (m.find()) {
                if (m.group(1) != null) tables.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
                else if (m.group(2) != null) {
                    tables.remove(m.group(2).toLowerCase(java.util.Locale.ROOT));
                    tables.add(m.group(3).toLowerCase(java.util.Locale.ROOT));
                } else tables.remove(m.group(4).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return tables;
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
