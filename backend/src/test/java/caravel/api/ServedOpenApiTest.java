package caravel.api;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.PriceCurrency;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served document states which plans a request may name here, so a request built from it (a client's, or the
 * fuzzer's positive data) is one the server accepts: the offered plans, the paid ones only with a payment rail.
 */
class ServedOpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final Plans CATALOG = new Plans(
            List.of(
                    Plan.builder("starter", "Starter", 0).maxMembers(5).build(),
                    Plan.builder("legacy", "Legacy", 0)
                            .maxMembers(5)
                            .hidden(true)
                            .build(),
                    Plan.builder("pro", "Pro", 2_000)
                            .blossom(true)
                            .livekit(true)
                            .build()),
            PriceCurrency.SATS);

    @Test
    void theOrderablePlansAreTheOfferedOnesAndThePaidOnesNeedARail() {
        assertThat(OpenApiDocument.orderable(CATALOG, true)).containsExactly("starter", "pro");
        assertThat(OpenApiDocument.orderable(CATALOG, false)).containsExactly("starter");
    }

    @Test
    void everyPlanARequestNamesIsAnEnumOfThem() throws Exception {
        JsonNode doc = JSON.readTree(OpenApiDocument.served(
                OpenApiDocument.resource(), List.of("starter", "pro"), List.of("starter", "legacy", "pro")));
        for (JsonNode schema : planSchemas(doc))
            assertThat(ids(schema.path("enum"))).containsExactly("starter", "pro");
        // the list filters name any plan of the catalog: relays on hidden plans are listed too
        for (String path : List.of("/relays", "/tenants/{pubkey}/relays"))
            for (JsonNode p : doc.path("paths").path(path).path("get").path("parameters"))
                if (p.path("name").asText().equals("plan"))
                    assertThat(ids(p.path("schema").path("enum"))).containsExactly("starter", "legacy", "pro");
        // responses keep the pattern
        assertThat(doc.at("/components/schemas/Relay/properties/plan").has("enum"))
                .isFalse();
    }

    @Test
    void theServerServesItsOwnCatalogWithoutAPaymentRail() throws Exception {
        try (TestBackend b = new TestBackend(dir)) {
            Api.Response served = b.api.send("GET", "/openapi.json", null, null);
            assertThat(served.status()).isEqualTo(200);
            List<String> expected = Inside.of(b.app).config().plans().offered().stream()
                    .filter(p -> !p.paid())
                    .map(Plan::id)
                    .toList();
            assertThat(expected).isNotEmpty();
            for (JsonNode schema : planSchemas(served.json()))
                assertThat(ids(schema.path("enum"))).as(schema.toString()).isEqualTo(expected);
        }
    }

    private static List<JsonNode> planSchemas(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        for (String path : List.of("/quote", "/relays/{id}/quote"))
            for (JsonNode p : doc.path("paths").path(path).path("get").path("parameters"))
                if (p.path("name").asText().equals("plan")) out.add(p.path("schema"));
        out.add(doc.at("/components/schemas/NewRelay/properties/plan"));
        out.add(doc.at("/components/schemas/RelayChanges/properties/plan"));
        assertThat(out).hasSize(4);
        return out;
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
