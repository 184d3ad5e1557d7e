package caravel;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A clone must build, test and make sense on its own: no tracked file may read or cite anything beside or above the
 * repository — a sibling folder, the absolute path of this checkout, or design documents that only the original
 * workplace had. Published data the tests need (e.g. the NIP-44 vectors) is copied in; facts go into docs/.
 */
class RepositoryStandsAloneTest {
    private static final Path ROOT = NostrTools.root();
    /** Names of documents that live outside the repository; docs/ says the same things in our own words. */
    private static final Pattern OUTSIDE =
            Pattern.compile("\\.\\./shared|\\bshared/(vectors|nips|seeds)\\b|zooid-api\\.md|\\bSPEC\\.md");

    @Test
    void noTrackedFilePointsOutsideTheRepository() throws Exception {
        // this clone's own absolute path, or the documents' folder beside it; not the parent folder itself, which may
        // be a common one (/tmp/) that tests and docs name for their own scratch files
        String self = ROOT.toString() + "/";
        String besideUs = ROOT.getParent().resolve("shared").toString();
        List<String> offenders = new ArrayList<>();
        List<String> files = trackedFiles();
        assertThat(files).as("git ls-files").contains("README.md", "backend/pom.xml");
        for (String name : files) {
            if (name.endsWith("lock.json") || name.endsWith(".lock") || name.equals(selfPath())) continue;
            Path file = ROOT.resolve(name);
            if (!Files.isRegularFile(file) || Files.size(file) > 2_000_000) continue;
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            if (OUTSIDE.matcher(text).find() || text.contains(self) || text.contains(besideUs)) offenders.add(name);
        }
        assertThat(offenders)
                .as("files that read or cite paths outside the repository")
                .isEmpty();
    }

    private static String selfPath() {
        return "backend/src/test/java/caravel/RepositoryStandsAloneTest.java";
    }

    private static List<String> trackedFiles() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("git", "ls-files", "-z")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("git ls-files exit status").isZero();
        List<String> names = new ArrayList<>();
        for (String s : new String(out, StandardCharsets.UTF_8).split("\0", -1)) if (!s.isEmpty()) names.add(s);
        return names;
    }
}
