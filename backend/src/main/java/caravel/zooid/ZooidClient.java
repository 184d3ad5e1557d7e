package caravel.zooid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * zooid's management API, one call per relay config ({@link HttpZooidClient} in production). Every outcome is a
 * {@link ZooidResult}; nothing throws for HTTP-level problems. An interface so what calls zooid can be wrapped, e.g.
 * by a benchmark timing the round trips.
 */
public interface ZooidClient {
    ZooidResult create(String id, JsonNode config);

    /** Replaces the whole config. */
    ZooidResult replace(String id, JsonNode config);

    ZooidResult patch(String id, JsonNode partial);

    ZooidResult delete(String id);

    /**
     * The relay's member pubkeys from {@code GET /relay/<id>/members}; empty when zooid does not answer that with a
     * member list, so the caller falls back to asking the relay itself over NIP-86.
     */
    Optional<List<String>> members(String id);

    /**
     * Which zooid line this is, by trying the newer line's members route for an id no relay has: one signed GET,
     * changing nothing on either line.
     */
    ZooidLine.Probe probeLine();
}
