package caravel.api;

import caravel.config.Config;
import caravel.domain.Plan;
import caravel.domain.Plans;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * The OpenAPI document as GET /openapi.json serves it: src/main/resources/openapi.json (the contract, from which the
 * web app's types are generated; a test keeps it complete), with what this platform accepts stated where the file
 * can only give a shape, so that a request built from the served document is one the server takes:
 *
 * <ul>
 *   <li>the plan a new relay, a plan change or a quote names is one this platform sells: an enum of the offered plans'
 *       ids, the paid ones only when a payment rail (Lightning or card) is configured, as ordering one is refused
 *       otherwise;
 *   <li>the plan a relay list is filtered by is one of the catalog's, hidden ones included (relays stay on them).
 *       Responses keep the file's pattern.
 * </ul>
 */
final class OpenApiDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The operations whose {@code plan} query parameter names a plan to buy. */
    private static final List<String> PLAN_QUERIES = List.of("/quote", "/relays/{id}/quote");
    /** The operations whose {@code plan} query parameter filters a list of relays. */
    private static final List<String> PLAN_FILTERS = List.of("/relays", "/tenants/{pubkey}/relays");
    /** The request bodies whose {@code plan} property names a plan to buy. */
    private static final List<String> PLAN_BODIES = List.of("NewRelay", "RelayChanges");

    private OpenApiDocument() {}

    /** The document for this platform's configuration. */
    static byte[] served(Config config) {
        List<String> plans = orderable(
                config.plans(), config.nwcUrl().isPresent() || config.stripe().isPresent());
        List<String> catalog = config.plans().all().stream().map(Plan::id).toList();
        return served(resource(), plans, catalog);
    }

    /** The plan ids a new relay or a plan change may name here, in catalog order. */
    static List<String> orderable(Plans plans, boolean paymentRail) {
        return plans.offered().stream()
                .filter(p -> paymentRail || !p.paid())
                .map(Plan::id)
                .toList();
    }

    /**
     * @param plans the plans a request may buy
     * @param catalog every plan id, for the list filters
     */
    static byte[] served(byte[] file, List<String> plans, List<String> catalog) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(file);
            for (String path : PLAN_QUERIES) planEnum(queryParameter(doc, path, "plan"), plans);
            for (String path : PLAN_FILTERS) planEnum(queryParameter(doc, path, "plan"), catalog);
            for (String schema : PLAN_BODIES)
                planEnum(
                        required(
                                doc.path("components")
                                        .path("schemas")
                                        .path(schema)
                                        .path("properties"),
                                "plan"),
                        plans);
            return JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    /** src/main/resources/openapi.json as it is. */
    static byte[] resource() {
        try (var in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    private static void planEnum(ObjectNode schema, List<String> plans) {
        ArrayNode ids = schema.putArray("enum");
        plans.forEach(ids::add);
    }

    private static ObjectNode queryParameter(JsonNode doc, String path, String name) {
        for (JsonNode p : doc.path("paths").path(path).path("get").path("parameters"))
            if (name.equals(p.path("name").asText())
                    && "query".equals(p.path("in").asText())) return required(p, "schema");
        throw new IllegalStateException("openapi.json: GET " + path + " has no query parameter " + name);
    }

    /** A schema the document must have: a rename in openapi.json fails at startup, not silently. */
    private static ObjectNode required(JsonNode parent, String field) {
        if (parent.get(field) instanceof ObjectNode o) return o;
        throw new IllegalStateException("openapi.json: no schema object at " + field);
    }
}
