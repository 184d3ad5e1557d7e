package caravel.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which service may use which is written once, in ARCHITECTURE.md's "Arrows between services" picture; this test
 * compares that picture with the compiled classes both ways, so an arrow the code grows without the picture fails,
 * and so does an arrow the picture keeps after the code dropped it.
 */
class ServiceArrowsTest {
    static final String HEADING = "### Arrows between services";

    /** A line of the picture: {@code accounts ─→ auth billing relays}. */
    static final Pattern ARROW = Pattern.compile("^\\s*([a-z]+)\\s+─→\\s+([a-z]+(?:\\s+[a-z]+)*)\\s*$");

    @Test
    void theArchitecturePictureListsExactlyTheServiceArrowsTheCodeHas() throws IOException {
        assertThat(documentedArrows())
                .as("the arrows in ARCHITECTURE.md's \"%s\" (left) against the compiled classes (right)", HEADING)
                .containsExactlyElementsOf(realArrows());
    }

    @Test
    void thePictureOnlyNamesServices() throws IOException {
        for (String arrow : documentedArrows())
            assertThat(Pattern.compile(" → ").splitAsStream(arrow))
                    .allMatch(PackageRulesTest.SERVICES::contains, "is a service");
    }

    /** "from → to" for every class in one service package that uses a class in another. */
    static Set<String> realArrows() {
        Set<String> arrows = new TreeSet<>();
        for (JavaClass c : PackageRulesTest.MAIN) {
            String from = service(c);
            if (from == null) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = service(d.getTargetClass());
                if (to != null && !to.equals(from)) arrows.add(from + " → " + to);
            }
        }
        return arrows;
    }

    private static String service(JavaClass c) {
        String p = c.getPackageName();
        if (!p.startsWith("caravel.")) return null;
        String name = p.substring("caravel.".length());
        return PackageRulesTest.SERVICES.contains(name) ? name : null;
    }

    /** The first fenced block after the heading, one "from ─→ to to ..." per line. */
    static Set<String> documentedArrows() throws IOException {
        List<String> lines = Files.readAllLines(NostrTools.root().resolve("ARCHITECTURE.md"));
        int at = lines.indexOf(HEADING);
        assertThat(at).as("ARCHITECTURE.md has the heading %s", HEADING).isNotNegative();
        int open = at + 1;
        while (open < lines.size() && !lines.get(open).startsWith("```")) open++;
        Set<String> arrows = new TreeSet<>();
        for (int i = open + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
            if (lines.get(i).isBlank()) continue;
            Matcher m = ARROW.matcher(lines.get(i));
            assertThat(m.matches())
                    .as("line %d of ARCHITECTURE.md reads 'service ─→ service ...': %s", i + 1, lines.get(i))
                    .isTrue();
            Pattern.compile("\\s+").splitAsStream(m.group(2).trim()).forEach(to -> arrows.add(m.group(1) + " → " + to));
        }
        assertThat(arrows).as("arrows under %s", HEADING).isNotEmpty();
        return arrows;
    }
}
