package caravel.auth;

import caravel.domain.Epoch;
import caravel.nostr.Event;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flotilla's sign-in, accepted on the Flotilla listener only. Flotilla signs one NIP-98 event per account and sends
 * it on every request for 10 minutes: kind 27235, {@code u} = the hosting base URL (not the request's URL), {@code
 * method} GET whatever the verb, no {@code payload}. So this accepts exactly that shape and nothing looser: {@code u}
 * equal to the configured base (trailing slashes aside), method GET, no payload tag, a valid signature, created_at
 * at most {@link #LIFETIME_SECONDS} old and at most {@link #SKEW_SECONDS} ahead. The same event may be presented again
 * only within that window and at most {@link #MAX_USES} times; past that the caller signs a new one (Flotilla does
 * every 10 minutes). The caller is a {@link Principal.Proof#FLOTILLA_TOKEN}: never an administrator, never a fresh
 * signature. Uses are counted in this process's memory: with several backends behind one address the ceiling is per
 * backend, and the lifetime bounds every token anyway.
 */
public final class FlotillaTokens {
    /** Flotilla re-signs after 10 minutes; one more minute covers a request sent just before that. */
    public static final long LIFETIME_SECONDS = 11 * 60;
    /** How far ahead of our clock a signer's clock may run (the strict NIP-98 check allows the same). */
    public static final long SKEW_SECONDS = Nip98Verifier.WINDOW_SECONDS;
    /** Uses of one event: Flotilla polls an open invoice every 3.5 s, about 190 calls in 11 minutes, plus its pages. */
    public static final int MAX_USES = 1_000;

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final int SWEEP_AT = 10_000;

    private final String publicUrl;
    private final Clock clock;
    private final int maxUses;
    private final Map<String, Uses> uses = new ConcurrentHashMap<>();

    private record Uses(AtomicInteger count, long expiresAt) {}

    public FlotillaTokens(String publicUrl, Clock clock) {
        this(publicUrl, clock, MAX_USES);
    }

    /** @param maxUses how many requests one event may sign (tests use a small number) */
    public FlotillaTokens(String publicUrl, Clock clock, int maxUses) {
        this.publicUrl = withoutTrailingSlashes(publicUrl);
        this.clock = clock;
        this.maxUses = maxUses;
    }

    /** The caller behind an Authorization header, or an {@link AuthException} saying why not. */
    public Principal authenticate(String header) {
        if (header == null || header.isBlank()) throw new AuthException("sign in with your Nostr key to continue");
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase("nostr"))
            throw new AuthException("sign-in must be a Nostr event (Authorization: Nostr …)");
        Event event = parse(header.substring(space + 1).trim());
        if (event.kind() != Nip98Verifier.KIND) throw new AuthException("sign-in event must be of kind 27235");
        long now = Epoch.seconds(clock);
        if (event.createdAt() < now - LIFETIME_SECONDS)
            throw new AuthException("your sign-in has expired; sign in again");
        if (event.createdAt() > now + SKEW_SECONDS)
            throw new AuthException("sign-in event is dated in the future; check your device's clock");
        String u = event.tag("u");
        if (u == null || !withoutTrailingSlashes(u).equals(publicUrl))
            throw new AuthException("sign-in event is for another service (its u tag must be " + publicUrl + ")");
        String method = event.tag("method");
        if (method == null || !method.equals("GET"))
            throw new AuthException("sign-in event must carry method GET, as Flotilla signs it");
        if (event.tag("payload") != null)
            throw new AuthException("sign-in event must not carry a payload tag: it is reused across requests");
        if (!event.verify()) throw new AuthException("sign-in event has an invalid id or signature");
        countUse(event.id(), event.createdAt() + LIFETIME_SECONDS, now);
        return Principal.flotilla(event.pubkey());
    }

    private static Event parse(String token) {
        if (token.isEmpty()) throw new AuthException("sign-in token is empty");
        try {
            return Event.fromJson(STRICT.readTree(Base64.getDecoder().decode(token)));
        } catch (IllegalArgumentException e) {
            throw new AuthException("sign-in token is not a base64 Nostr event");
        } catch (java.io.IOException e) {
            throw new AuthException("sign-in token is not valid JSON");
        }
    }

    private void countUse(String id, long expiresAt, long now) {
        if (uses.size() > SWEEP_AT) uses.values().removeIf(u -> u.expiresAt < now);
        Uses u = uses.computeIfAbsent(id, k -> new Uses(new AtomicInteger(), expiresAt));
        if (u.count.incrementAndGet() > maxUses)
            throw new AuthException("this sign-in was used too many times; sign in again");
    }

    static String withoutTrailingSlashes(String url) {
        return url.replaceAll("/+$", "");
    }
}
