package caravel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Where things are" names the backend's packages as they are, both ways: every package under
 * backend/src/main/java/caravel is in its layer table, and every package the table names exists. A newcomer reads
 * that table first, so a package added, renamed or removed fails here until the table says so.
 */
class ReadmePackagesTest {
    /** The tests run in backend/; the README is the repository's. */
    private static final Path README = Path.of("../README.md");

    private static final Path SOURCES = Path.of("src/main/java/caravel");

    @Test
    void theLayerTableNamesEveryPackageAndNoOther() throws Exception {
        assertThat(table())
                .as("the packages README's layer table names (left) against the sources (right)")
                .isEqualTo(packages());
    }

    /** The root package and each folder beneath it. */
    private static Set<String> packages() throws Exception {
        Set<String> out = new TreeSet<>();
        out.add("caravel");
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(d -> out.add(d.getFileName().toString()));
        }
        assertThat(out).as("packages under " + SOURCES).hasSizeGreaterThan(10);
        return out;
    }

    /** The lower-case backticked names in the second column of the "| layer | packages |" table. */
    private static Set<String> table() throws Exception {
        Set<String> out = new TreeSet<>();
        boolean inTable = false;
        Pattern name = Pattern.compile("`([a-z]+)`");
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("| layer | packages |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) inTable = false;
            if (!inTable || line.startsWith("|---")) continue;
            String[] cells = line.split("\\|", -1);
            // a package's explanation in parentheses may itself hold backticks, so only names outside them count
            String packages = cells[2].replaceAll("\\([^)]*\\)", "");
            Matcher m = name.matcher(packages);
            while (m.find()) out.add(m.group(1));
        }
        assertThat(out).as("README's layer table").isNotEmpty();
        return out;
    }
}
