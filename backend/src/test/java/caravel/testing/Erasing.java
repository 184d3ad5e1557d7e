package caravel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The set-up the erasure tests share (erasure.ErasureTest, backups.RestoreAfterErasureTest): members who post, what a
 * Nostr client reads of an author, and waiting for an erasure to be done as the owner's API lists it.
 */
public final class Erasing {
    private Erasing() {}

    /** {@code m} publishes {@code n} notes, each accepted; their ids. */
    public static List<String> post(Member m, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode p = m.publish(1, List.of(), "note " + i);
            assertThat(p.path("ok").asBoolean()).as(p.toString()).isTrue();
            ids.add(p.at("/event/id").asText());
        }
        return ids;
    }

    /** The ids of {@code author}'s events on the relay, as {@code reader} (a member) reads them with nostr-tools. */
    public static List<String> postsOf(Member reader, String author) {
        return reader.query(true, "{\"authors\":[\"" + author + "\"]}")
                .get("events")
                .findValuesAsText("id");
    }

    /** Waits until the relay's erasure of {@code pubkey} is done, as {@code by} (owner or team) lists it; that row. */
    public static JsonNode erasureDone(Api api, caravel.nostr.Keys by, String relayId, String pubkey) {
        return Wait.until(
                "erasure done",
                Duration.ofSeconds(30),
                () -> {
                    for (JsonNode i : api.as(by, "GET", "/relays/" + relayId + "/erasures", null)
                            .json()
                            .get("items"))
                        if (i.get("pubkey").asText().equals(pubkey)
                                && i.get("step").asText().equals("done")) return i;
                    return null;
                },
                i -> i != null);
    }
}
