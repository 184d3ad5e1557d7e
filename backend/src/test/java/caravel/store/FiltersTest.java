package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list filters against a real SQLite table: values are bound, LIKE wildcards in user input match literally. */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
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

    /** Deep pages are found by rowid first: the same rows in the same order as the plain OFFSET, ties included. */
    @Test
    void aDeepPageHasTheRowsOfThePlainOffset() {
        // one transaction: in autocommit each of the 3,000 rows would be a commit of its own, an fsync each (34 s on
        // the shared test machine)
        jdbi.useTransaction(h -> {
            h.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, at INTEGER, name TEXT, kind TEXT)");
            var batch = h.prepareBatch("INSERT INTO big (at, name, kind) VALUES (?, ?, ?)");
            for (int i = 0; i < 3_000; i++) batch.add(i / 7, "n" + (i * 7919 % 3_000), i % 3 == 0 ? "x" : "y");
            batch.execute();
        });
        RowMapper<String> name = (rs, ctx) -> rs.getString("name");
        for (String kind : new String[] {null, "y"})
            for (int page : new int[] {1, 20, 25, 39, 40, 41, 100}) {
                Page.Request req = new Page.Request(page, 50);
                List<String> deep = jdbi.withHandle(h -> new Filters()
                        .eq("kind", "kind", kind)
                        .rows(h, "SELECT *", "FROM big", "at DESC, name", req, name));
                List<String> plain = jdbi.withHandle(h -> h.createQuery("SELECT name FROM big"
                                + (kind == null ? "" : " WHERE kind = :kind")
                                + " ORDER BY at DESC, name LIMIT 50 OFFSET :o")
                        .bind("kind", kind)
                        .bind("o", req.offset())
                        .mapTo(String.class)
                        .list());
                assertThat(deep).as("kind " + kind + ", page " + page).isEqualTo(plain);
            }
    }
}
