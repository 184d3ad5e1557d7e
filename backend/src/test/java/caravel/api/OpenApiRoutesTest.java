package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openapi.json describes exactly the routes the server registers, and GET /openapi.json serves it. */
class OpenApiRoutesTest {
    @TempDir
    Path dir;

    /** OPTIONS too: a route that answers its own preflight (NIP-05's, for any origin) is registered and documented. */
    static final Set<HandlerType> METHODS = Set.of(
            HandlerType.GET,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.DELETE,
            HandlerType.PATCH,
            HandlerType.OPTIONS);

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
        try (TestBackend b = new TestBackend(dir)) {
            Set<String> registered = new TreeSet<>();
            for (var e : Inside.of(b.app)
                    .server()
                    .app()
                    .unsafeConfig()
                    .pvt
                    .internalRouter
                    .allHttpHandlers())
                if (METHODS.contains(e.getEndpoint().getMethod()))
                    registered.add(e.getEndpoint().getMethod().name().toLowerCase(java.util.Locale.ROOT) + " "
                            + e.getEndpoint().getPath());
            Api.Response served = b.api.send("GET", "/openapi.json", null, null);
            assertThat(served.status()).isEqualTo(200);
            JsonNode doc = served.json();
            assertThat(doc.path("openapi").asText()).startsWith("3.1");
            Set<String> documented = new TreeSet<>();
            for (Iterator<String> p = doc.path("paths").fieldNames(); p.hasNext(); ) {
                String path = p.next();
                for (Iterator<String> m = doc.path("paths").path(path).fieldNames(); m.hasNext(); ) {
                    String method = m.next();
                    if (Set.of("get", "post", "put", "delete", "patch", "options")
                            .contains(method)) documented.add(method + " " + path);
                }
            }
            assertThat(documented).as("documented routes").isEqualTo(registered);
            // every operation documents its error body and the answers any request may get
            doc.path("paths")
                    .forEach(item -> item.forEach(op -> {
                        if (!op.has("responses")) return;
                        assertThat(op.path("responses").has("413"))
                                .as(op.path("operationId").asText())
                                .isTrue();
                        // the health checks are never rate limited, and say so by not documenting 429
                        boolean exempt = Set.of("health", "ready")
                                .contains(op.path("operationId").asText());
                        assertThat(op.path("responses").has("429"))
                                .as(op.path("operationId").asText())
                                .isEqualTo(!exempt);
                    }));
        }
    }
}
