package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pass runs only the classes marked {@link BothDatabases}; a class whose subject is SQL must not slip
 * out of it unmarked. Read off the sources: every test of the store package, where the migrations' tests live too (but
 * the SQLite file's own, tagged "sqlite"), and every test with a branch for PostgreSQL carries the mark.
 */
class BothDatabasesTagTest {
    private static final Path TESTS = NostrTools.root().resolve("backend/src/test/java/caravel");

    @Test
    void everyClassAboutSqlRunsOnBothDatabases() throws IOException {
        List<String> unmarked;
        try (Stream<Path> files = Files.walk(TESTS)) {
            unmarked = files.filter(f -> f.getFileName().toString().endsWith("Test.java"))
                    .filter(BothDatabasesTagTest::aboutSql)
                    .filter(f -> !read(f).contains("@BothDatabases"))
                    .map(f -> TESTS.relativize(f).toString())
                    .sorted()
                    .toList();
        }
        assertThat(unmarked)
                .as("test classes about SQL without @BothDatabases (they would never run on PostgreSQL)")
                .isEmpty();
    }

    @Test
    void theRulesFindWhatTheyAreAbout() {
        // a rule that matches nothing would pass for ever: each one finds at least one class today
        assertThat(TESTS.resolve("store/SqlTest.java"))
                .satisfies(f -> assertThat(aboutSql(f)).isTrue());
        assertThat(TESTS.resolve("store/PlanIdsMigrationTest.java"))
                .as("SQLite's own migration history")
                .satisfies(f -> assertThat(aboutSql(f)).isFalse());
        assertThat(TESTS.resolve("api/SharedRateLimitsTest.java"))
                .satisfies(f -> assertThat(aboutSql(f)).isTrue());
        assertThat(TESTS.resolve("config/ConfigTest.java"))
                .satisfies(f -> assertThat(aboutSql(f)).isFalse());
    }

    static boolean aboutSql(Path f) {
        String source = read(f);
        boolean sqliteOnly = source.contains("Tag(\"sqlite\")");
        boolean store = f.getParent().getFileName().toString().equals("store");
        boolean postgresBranch =
                source.contains("TestDatabases.onPostgres()") || source.contains("TestDatabases.postgres()");
        return !sqliteOnly && (store || postgresBranch);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
