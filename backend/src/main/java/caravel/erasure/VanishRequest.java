package caravel.erasure;

import caravel.domain.Failure;
import caravel.nostr.Event;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A NIP-62 request to vanish, checked: a kind 62 event whose signature is its author's, with {@code relay} tags naming
 * relays by URL or {@code ALL_RELAYS}. What it names is read here; which hosted relays those are is {@link Erasures}'.
 * A request that fails a check changes nothing: the failure names the field and a stable code.
 *
 * @param hosts the hosts the {@code relay} tags name (lower case, no port), in order
 */
record VanishRequest(Event event, List<String> hosts, boolean allRelays) {
    /** NIP-62's kind. */
    static final int KIND = 62;

    /** The tag value that asks every relay. */
    static final String ALL_RELAYS = "ALL_RELAYS";

    /** How far ahead of Caravel's clock a request may be dated. */
    static final long FUTURE_S = 60;

    String pubkey() {
        return event.pubkey();
    }

    long untilS() {
        return event.createdAt();
    }

    /** Whether the request names {@code host} (a relay's host, lower case) or every relay. */
    boolean names(List<String> relayHosts) {
        return allRelays || relayHosts.stream().anyMatch(h -> hosts.contains(h.toLowerCase(Locale.ROOT)));
    }

    /**
     * Checks {@code e} as a request to vanish made at {@code nowS}; {@code oldestS}: the oldest created_at accepted
     * (a request sent to the API must be fresh; one heard on a relay is checked against its arrival by the caller).
     */
    static VanishRequest read(Event e, long nowS, long oldestS) {
        if (e.kind() != KIND)
            throw new Failure(
                    Failure.Kind.INVALID, "vanish_kind", "kind", "a request to vanish is an event of kind 62 (NIP-62)");
        if (!e.verify())
            throw new Failure(
                    Failure.Kind.INVALID,
                    "vanish_signature",
                    "sig",
                    "the request is not signed by its author: its id or signature does not match its pubkey, so it"
                            + " cannot be theirs");
        if (e.createdAt() > nowS + FUTURE_S)
            throw new Failure(
                    Failure.Kind.INVALID, "vanish_future", "created_at", "the request is dated in the future");
        if (e.createdAt() < oldestS)
            throw new Failure(
                    Failure.Kind.INVALID,
                    "vanish_stale",
                    "created_at",
                    "the request is too old to be sent here: sign a new one (created_at now)");
        List<String> hosts = new ArrayList<>();
        boolean all = false;
        for (List<String> t : e.tags()) {
            if (t.size() < 2 || !t.get(0).equals("relay")) continue;
            if (t.get(1).equals(ALL_RELAYS)) all = true;
            else hosts.add(host(t.get(1)));
        }
        if (!all && hosts.isEmpty())
            throw new Failure(
                    Failure.Kind.INVALID,
                    "vanish_no_relay",
                    "tags",
                    "the request names no relay: add a [\"relay\", \"wss://...\"] tag, or [\"relay\", \"ALL_RELAYS\"]");
        return new VanishRequest(e, List.copyOf(hosts), all);
    }

    /** The host of a relay URL as a tag gives it; a tag that is no relay URL names nothing Caravel hosts. */
    private static String host(String url) {
        try {
            URI u = URI.create(url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("wss") && !scheme.equals("ws")) || u.getHost() == null) return "";
            // a relay is named by its host; the port is a development address's (Caravel's hosts carry none)
            return u.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAUrl) {
            return "";
        }
    }
}
