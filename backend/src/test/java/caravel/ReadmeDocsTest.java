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
 * The README's "Documentation" table lists every page under docs/, and every page it lists exists. A feature's page
 * that the table leaves out is one a reader never finds, so a page added, renamed or removed fails here until the
 * table says so.
 */
class ReadmeDocsTest {
    /** The tests run in backend/; the README and docs/ are the repository's. */
    private static final Path README = Path.of("../README.md");

    private static final Path DOCS = Path.of("../docs");

    @Test
    void theDocumentationTableListsEveryPageAndNoOther() throws Exception {
        assertThat(table())
                .as("the pages README's Documentation table lists (left) against docs/ (right)")
                .isEqualTo(pages());
    }

    private static Set<String> pages() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".md"))
                    .forEach(out::add);
        }
        assertThat(out).as("pages under " + DOCS).hasSizeGreaterThan(10);
        return out;
    }

    /** The docs/ pages linked from the first column of the "| page | what it covers |" table. */
    private static Set<String> table() throws Exception {
        Set<String> out = new TreeSet<>();
        boolean inTable = false;
        Pattern link = Pattern.compile("\\(docs/([a-z0-9-]+\\.md)\\)");
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("| page | what it covers |")) {
                inTable = true;
                continue;
            }
            if (!line.startsWith("|")) inTable = false;
            if (!inTable || line.startsWith("|---")) continue;
            Matcher m = link.matcher(line.split("\\|", -1)[1]);
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }
}
