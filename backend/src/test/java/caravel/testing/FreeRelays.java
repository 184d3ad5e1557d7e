package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/**
 * The set-up most API tests start from: a free relay created through the API, waited for until it is active and zooid
 * holds its latest config (a test that talks to zooid before then races the provisioning job).
 */
public final class FreeRelays {
    private FreeRelays() {}

    /** A free relay created by {@code owner}; its id, once it is active and synced. */
    public static String create(Api api, Keys owner, String name, String subdomain) {
        Api.Response r = api.as(
                owner, "POST", "/relays", Api.json(Map.of("name", name, "subdomain", subdomain, "plan", "free")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/relay/id").asText();
        awaitSynced(api, owner, id, "active");
        return id;
    }

    /** Waits until the relay is in {@code status} and zooid has its latest config; the relay as its owner sees it. */
    public static JsonNode awaitSynced(Api api, Keys owner, String id, String status) {
        return Wait.until(
                "relay " + id + " " + status + " and synced",
                Duration.ofSeconds(20),
                () -> api.as(owner, "GET", "/relays/" + id, null).json(),
                j -> j.get("status").asText().equals(status)
                        && j.at("/sync/state").asText().equals("synced"));
    }
}
