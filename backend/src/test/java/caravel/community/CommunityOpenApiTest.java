package caravel.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every community route registered in CommunityRoutes is in openapi.json (with its schemas) and in API.md. */
class CommunityOpenApiTest {
    @Test void everyCommunityRouteIsDocumented() throws Exception {
        Set<String> routes = new LinkedHashSet<>();
        String src = Files.readString(Path.of("src/main/java/caravel/api/CommunityRoutes.java"));
        Matcher m = Pattern.compile("app\\.(get|post|delete|put)\\(\"([^\"]+)\"").matcher(src);
        while (m.find()) routes.add(m.group(1).toUpperCase() + " " + m.group(2).replaceAll("\\{([a-z]+)}", "{$1}"));
        assertThat(routes).hasSizeGreaterThan(20);
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        Set<String> documented = new LinkedHashSet<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method ->
                documented.add(method.toUpperCase() + " " + p.getKey().replace("{pubkey}", "{pubkey}"))));
        assertThat(documented).containsAll(routes);
        for (String schema : new String[]{"MemberListing", "CapReached", "Invite", "Report", "PlatformBan", "NostrEvent"})
            assertThat(doc.at("/components/schemas/" + schema).isObject()).as(schema).isTrue();
        String apiMd = Files.readString(Path.of("API.md"));
        for (String r : routes) {
            String path = r.substring(r.indexOf(' ') + 1).replaceAll("\\{[a-z]+}", ":x").replaceAll(":x", "[^` ]+");
            assertThat(Pattern.compile(r.substring(0, r.indexOf(' ')) + " " + path.replace("/", "\\/")).matcher(apiMd).find())
                    .as(r + " in API.md").isTrue();
        }
    }
}
