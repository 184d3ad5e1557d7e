package caravel.auth;

import caravel.domain.Epoch;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * Strict NIP-98: kind 27235, valid signature, exact u (with query) against the configured public base URLs,
 * method, created_at within ±60 s, payload hash whenever a body is sent, each event id accepted once.
 * Cheap checks run first; the signature is verified before the id is recorded as used.
 */
public final class Nip98Verifier {
    public static final int KIND = 27235;
    public static final long WINDOW_SECONDS = 60;
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<String> publicBases;
    private final ReplayCache replay;
    private final Clock clock;

    public Nip98Verifier(List<String> publicBases, ReplayCache replay, Clock clock) {
        this.publicBases = publicBases;
        this.replay = replay;
        this.clock = clock;
    }

    /**
     * @param token        the part after "Nostr "
     * @param pathAndQuery raw request path plus "?query" when there is one
     * @param body         request body (empty when none)
     * @return the signer's pubkey
     */
    public String verify(String token, String method, String pathAndQuery, byte[] body) {
        return check(token, method, pathAndQuery, body);
    }

    /**
     * For a route that streams its body into its work (the event import): everything {@link #verify} checks except
     * the payload hash, which cannot be known before the body has been used. The event stays bound to this URL and
     * method, to ±60 s, and to one use.
     */
    public String verifyStreamed(String token, String method, String pathAndQuery) {
        return check(token, method, pathAndQuery, null);
    }

    private String check(String token, String method, String pathAndQuery, byte[] body) {
        byte[] json;
        try {
            json = Base64.getDecoder().decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw new AuthException("nip98: token is not valid base64");
        }
        Event event;
        try {
            JsonNode node = STRICT.readTree(json);
            event = Event.fromJson(node);
        } catch (IllegalArgumentException e) {
            throw new AuthException("nip98: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new AuthException("nip98: token is not valid JSON");
        }
        if (event.kind() != KIND) throw new AuthException("nip98: event kind must be 27235");
        long now = Epoch.seconds(clock);
        if (event.createdAt() < now - WINDOW_SECONDS)
            throw new AuthException("nip98: event is too old (created_at more than 60 s ago)");
        if (event.createdAt() > now + WINDOW_SECONDS)
            throw new AuthException("nip98: event is from the future (created_at more than 60 s ahead)");
        String u = event.tag("u");
        if (u == null) throw new AuthException("nip98: missing u tag");
        if (!urlMatches(u, pathAndQuery)) throw new AuthException("nip98: u tag does not match the request URL");
        String m = event.tag("method");
        if (m == null) throw new AuthException("nip98: missing method tag");
        if (!m.equalsIgnoreCase(method)) throw new AuthException("nip98: method tag does not match the request method");
        String payload = event.tag("payload");
        if (body != null && (body.length > 0 || payload != null)) {
            if (payload == null) throw new AuthException("nip98: missing payload tag for a request with a body");
            String actual = Hex.encode(Event.sha256(body));
            if (!MessageDigest.isEqual(
                    actual.getBytes(StandardCharsets.UTF_8),
                    payload.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)))
                throw new AuthException("nip98: payload tag does not match the body's sha256");
        }
        if (!event.verify()) throw new AuthException("nip98: invalid event id or signature");
        if (!replay.markUsed(event.id(), event.createdAt() + WINDOW_SECONDS + 1))
            throw new AuthException("nip98: event was already used");
        return event.pubkey();
    }

    private boolean urlMatches(String u, String pathAndQuery) {
        for (String base : publicBases) {
            if (u.length() == base.length() + pathAndQuery.length() && u.startsWith(base) && u.endsWith(pathAndQuery))
                return true;
        }
        return false;
    }
}
