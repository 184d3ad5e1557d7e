package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.testing.Api;
import caravel.testing.FlotillaClient;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flotilla-openapi.json describes exactly the routes the Flotilla listener registers, and the listener serves it. */
class FlotillaOpenApiTest {
    @TempDir
    Path dir;

    static final Set<HandlerType> METHODS =
            Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        try (TestBackend b = new TestBackend(dir, FlotillaClient.listener())) {
            FlotillaServer server = Inside.of(b.app).flotilla().orElseThrow();
            Set<String> registered = new TreeSet<>();
            for (var e : server.app().unsafeConfig().pvt.internalRouter.allHttpHandlers())
                if (METHODS.contains(e.getEndpoint().getMethod()))
                    registered.add(e.getEndpoint().getMethod().name().toLowerCase(Locale.ROOT) + " "
                            + e.getEndpoint().getPath());
            Api.Response served = FlotillaClient.of(b).as(null, "GET", "/openapi.json", null);
            assertThat(served.status()).isEqualTo(200);
            JsonNode doc = served.json();
            assertThat(doc.path("openapi").asText()).startsWith("3.1");
            Set<String> documented = new TreeSet<>();
            for (Iterator<String> p = doc.path("paths").fieldNames(); p.hasNext(); ) {
                String path = p.next();
                for (Iterator<String> m = doc.path("paths").path(path).fieldNames(); m.hasNext(); ) {
                    String method = m.next();
                    if (Set.of("get", "post", "put", "delete", "patch").contains(method))
                        documented.add(method + " " + path);
                }
            }
            assertThat(documented).as("documented routes").isEqualTo(registered);
            doc.path("paths")
                    .forEach(item -> item.properties().forEach(entry -> {
                        if (!Set.of("get", "post", "put").contains(entry.getKey())) return; // path parameters
                        JsonNode op = entry.getValue();
                        assertThat(op.path("responses").has("429"))
                                .as(op.path("operationId").asText())
                                .isTrue();
                        // the envelope: every success documents its data
                        op.path("responses").fieldNames().forEachRemaining(code -> {
                            if (code.startsWith("2")
                                    && !op.path("operationId").asText().equals("openapi")
                                    && !op.path("operationId").asText().equals("exportRelayData"))
                                assertThat(op.path("responses").path(code).toString())
                                        .as(op.path("operationId").asText())
                                        .contains("\"data\"");
                        });
                    }));
        }
    }
}
