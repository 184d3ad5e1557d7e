package caravel;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.NostrTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code ./caravel run}'s build makes the jar and the web app and nothing else: no style gate (Spotless's format
 * check, the copy ratchet) and no test compiled, which took a fresh clone's first run minutes (Spotless alone 85 s on
 * a loaded machine). Those checks are {@code ./caravel test}'s. A gate bound to the build later must be skipped by the
 * run's profile too, or named here as part of making the jar: otherwise this fails.
 */
class RunCommandBuildTest {
    private static final Path ROOT = NostrTools.root();

    /** The plugins that make the jar: what the run's build must do. */
    private static final List<String> MAKE_THE_JAR = List.of(
            "maven-compiler-plugin",
            "maven-resources-plugin",
            "exec-maven-plugin",
            "maven-jar-plugin",
            "maven-install-plugin",
            "maven-surefire-plugin",
            "maven-shade-plugin");

    /** Each style gate bound to the build, and the property that skips it. */
    private static final Map<String, String> GATES =
            Map.of("spotless-maven-plugin", "spotless.check.skip", "maven-pmd-plugin", "cpd.skip");

    @Test
    void theRunsBuildSkipsStyleGatesAndTests() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(ROOT.resolve("backend/pom.xml").toFile());
        Element project = pom.getDocumentElement();
        Map<String, String> run = profileProperties(project, "run");
        assertThat(run).as("the run profile's properties").containsEntry("maven.test.skip", "true");
        for (Element plugin : children(child(child(project, "build"), "plugins"), "plugin")) {
            String id = text(plugin, "artifactId");
            if (MAKE_THE_JAR.contains(id)) continue;
            assertThat(GATES)
                    .as("a plugin bound to the build that neither makes the jar nor is a known gate: " + id)
                    .containsKey(id);
            assertThat(run).as("the run profile skips " + id).containsEntry(GATES.get(id), "true");
        }

        String script = Files.readString(ROOT.resolve("scripts/run.sh"), StandardCharsets.UTF_8);
        List<String> builds = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^[^#\\n]*\\bmvn\\b[^\\n]*").matcher(script);
        while (m.find()) builds.add(m.group());
        assertThat(builds).as("Maven commands in scripts/run.sh").hasSize(1);
        assertThat(builds.get(0)).contains(" -Prun ").contains(" package ");
    }

    private static Map<String, String> profileProperties(Element project, String id) {
        for (Element profile : children(child(project, "profiles"), "profile")) {
            if (!id.equals(text(profile, "id"))) continue;
            Map<String, String> properties = new HashMap<>();
            for (Element p : children(child(profile, "properties"), null))
                properties.put(p.getTagName(), p.getTextContent().trim());
            return properties;
        }
        throw new AssertionError("backend/pom.xml has no profile " + id);
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as(parent.getTagName() + "/" + name).hasSize(1);
        return found.get(0);
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().trim();
    }

    /** The element children of parent, only those named name unless it is null. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) found.add(e);
        }
        return found;
    }
}
