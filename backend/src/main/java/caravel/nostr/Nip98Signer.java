package caravel.nostr;

import caravel.domain.Epoch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Builds NIP-98 Authorization headers for our outgoing requests (zooid's API, relays' NIP-86). */
public final class Nip98Signer {
    private Nip98Signer() {}

    public static String header(Keys keys, String url, String method, byte[] body, Clock clock) {
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("u", url));
        tags.add(List.of("method", method));
        if (body != null && body.length > 0) tags.add(List.of("payload", Hex.encode(Event.sha256(body))));
        Event e = keys.sign(Epoch.seconds(clock), 27235, tags, "");
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }
}
