package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list filters against a real SQLite table: values are bound, LIKE wildcards in user input match literally. */
class FiltersTest {
    @TempDir
    Path dir;

    Jdbi jdbi;

    @BeforeEach
    void table() {
        jdbi = Jdbi.create("jdbc:sqlite:" + dir.resolve("filters.db")); // a file: every handle sees the same table
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, owner TEXT)");
            for (String[] r :
                    new String[][] {{"Alpha", "ab12"}, {"alpha_50%", "ab34"}, {"Beta", "cd56"}, {"gamma", "ab78"}})
                h.execute("INSERT INTO t (name, owner) VALUES (?, ?)", r[0], r[1]);
        });
    }

    List<String> names(Filters f) {
        return jdbi.withHandle(h -> f.page(
                        h, "SELECT name", "FROM t", "id", new Page.Request(1, 50), (rs, ctx) -> rs.getString("name"))
                .items());
    }

    @Test
    void noFilterListsEverythingWithATotal() {
        Page<String> p = jdbi.withHandle(h -> new Filters()
                .page(h, "SELECT name", "FROM t", "id", new Page.Request(2, 3), (rs, ctx) -> rs.getString(1)));
        assertThat(p.total()).isEqualTo(4);
        assertThat(p.items()).containsExactly("gamma");
    }

    @Test
    void searchIsCaseInsensitiveAndTreatsWildcardsAsText() {
        assertThat(names(new Filters().search("q", "ALPHA", "name"))).containsExactly("Alpha", "alpha_50%");
        assertThat(names(new Filters().search("q", "50%", "name"))).containsExactly("alpha_50%");
        assertThat(names(new Filters().search("q", "_", "name"))).containsExactly("alpha_50%"); // not "any character"
        assertThat(names(new Filters().search("q", "%", "name"))).containsExactly("alpha_50%");
        assertThat(names(new Filters().search("q", "  ", "name"))).hasSize(4); // blank: no filter
    }

    @Test
    void equalityAndPrefixCombineWithAnd() {
        assertThat(names(new Filters().prefix("owner", "o", "AB").search("q", "a", "name")))
                .containsExactly("Alpha", "alpha_50%", "gamma");
        assertThat(names(new Filters().eq("name", "n", "Beta"))).containsExactly("Beta");
        assertThat(names(new Filters().eq("name", "n", null))).hasSize(4); // absent value: no filter
        assertThat(names(new Filters().eq("name", "n", "x' OR '1'='1"))).isEmpty(); // bound, never concatenated
    }

    @Test
    void aCappedCountStopsAtTheCapAndSaysSo() {
        Page<String> capped = jdbi.withHandle(h -> new Filters()
                .page(h, "SELECT name", "FROM t", "id", new Page.Request(1, 2), (rs, ctx) -> rs.getString(1), 3));
        assertThat(capped.total()).isEqualTo(3);
        assertThat(capped.totalExact()).isFalse(); // four rows match: "3+"
        assertThat(capped.items()).hasSize(2);
        Page<String> exact = jdbi.withHandle(h -> new Filters()
                .page(h, "SELECT name", "FROM t", "id", new Page.Request(1, 2), (rs, ctx) -> rs.getString(1), 4));
        assertThat(exact.total()).isEqualTo(4);
        assertThat(exact.totalExact()).isTrue();
    }
}
