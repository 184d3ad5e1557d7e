package caravel.relayaccess;

import caravel.json.Json;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.RelayClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names and pictures from people's kind 0 profiles, looked up on the robot's indexer relays (where profiles are
 * published for discovery) and cached, so a member list costs at most one indexer query for the pubkeys not seen
 * recently. A pubkey without a profile is cached too, for less time.
 */
public final class Profiles {
    private static final Duration FOUND_TTL = Duration.ofHours(6);
    private static final Duration MISSING_TTL = Duration.ofMinutes(5);
    private static final int MAX_CACHE = 50_000;
    private static final int BATCH = 200;

    public record Profile(String name, String picture) {
        public static final Profile NONE = new Profile(null, null);
    }

    private record Cached(Profile profile, long expiresMs) {}

    private final RelayClient client;
    private final List<String> indexers;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Profiles(RelayClient client, List<String> indexers, Clock clock) {
        this.client = client;
        this.indexers = indexers;
        this.clock = clock;
    }

    /** Profiles for the given pubkeys; missing ones are looked up (bounded wait), failures leave them empty. */
    public Map<String, Profile> lookup(Collection<String> pubkeys) {
        long now = clock.millis();
        Map<String, Profile> out = new HashMap<>();
        List<String> wanted = new ArrayList<>();
        for (String pk : pubkeys) {
            Cached c = cache.get(pk);
            if (c != null && c.expiresMs() > now) out.put(pk, c.profile());
            else wanted.add(pk);
        }
        for (int i = 0; i < wanted.size(); i += BATCH) {
            List<String> batch = wanted.subList(i, Math.min(wanted.size(), i + BATCH));
            Map<String, Event> newest = new HashMap<>();
            boolean answered;
            try {
                RelayClient.QueryResult r = client.query(
                                indexers, List.of(Filter.any().kinds(0).authors(batch)), Duration.ofSeconds(4))
                        .join();
                answered = r.anyComplete();
                for (Event e : r.events()) newest.merge(e.pubkey(), e, (a, b) -> b.createdAt() > a.createdAt() ? b : a);
            } catch (RuntimeException e) {
                answered = false;
            }
            if (cache.size() > MAX_CACHE) cache.values().removeIf(c -> c.expiresMs() <= now);
            for (String pk : batch) {
                Event e = newest.get(pk);
                Profile p = e == null ? Profile.NONE : parse(e);
                out.put(pk, p);
                // an indexer that did not answer says nothing about the profile: do not remember the miss
                if (e != null || answered)
                    cache.put(pk, new Cached(p, now + (e == null ? MISSING_TTL : FOUND_TTL).toMillis()));
            }
        }
        return out;
    }

    static Profile parse(Event e) {
        try {
            JsonNode j = Json.parse(e.content());
            String name = text(j, "display_name");
            if (name == null) name = text(j, "name");
            String picture = text(j, "picture");
            if (picture != null && !(picture.startsWith("https://") || picture.startsWith("http://"))) picture = null;
            return new Profile(name, picture);
        } catch (IllegalArgumentException ex) {
            return Profile.NONE;
        }
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) return null;
        String s = v.textValue().strip();
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
