package caravel.robot;

import caravel.config.Config;
import caravel.nostr.Event;
import caravel.nostr.Filter;
import caravel.nostr.Nip17;
import caravel.nostr.Nip65;
import caravel.nostr.RelayClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a DM to someone goes: their newest kind 10050 relays, looked up on the robot's indexer relays. When they
 * have none, the read relays of their kind 10002 list; when they have neither, the robot's own messaging relays
 * (the relays a client that follows the robot's conversation is most likely to read). Answers are cached, a found
 * DM relay list longer than a fallback, since a fallback is what a newly published list would replace.
 */
public final class DmInboxes {
    /** Recipient relay lists are someone else's data: never fan out to more than this many relays. */
    static final int MAX_RECIPIENT_RELAYS = 8;
    /** Above this many cached recipients, expired entries are dropped before adding another. */
    private static final int CACHE_SWEEP_SIZE = 10_000;

    /** Where the recipient's DM relays came from. */
    public enum Source {
        DM_RELAYS,
        READ_RELAYS,
        ROBOT_MESSAGING_RELAYS
    }

    public record Inbox(List<String> relays, Source source) {}

    private record CachedInbox(Inbox inbox, long expiresAtMs) {}

    private final Config.Robot config;
    private final RelayClient client;
    private final Clock clock;
    private final Robot.Settings settings;
    private final Map<String, CachedInbox> cache = new ConcurrentHashMap<>();

    DmInboxes(Config.Robot config, RelayClient client, Clock clock, Robot.Settings settings) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.settings = settings;
    }

    /** The recipient's DM relays per the rule in the class comment, cached for a while. Blocks on relays. */
    public Inbox of(String pubkey) {
        long now = clock.millis();
        CachedInbox c = cache.get(pubkey);
        if (c != null && c.expiresAtMs() > now) return c.inbox();
        RelayClient.QueryResult r = client.query(
                        config.indexerRelays(),
                        List.of(Filter.any().authors(pubkey).kinds(Nip17.DM_RELAYS, Nip65.RELAY_LIST)))
                .join();
        if (!r.anyComplete() && r.events().isEmpty())
            throw new IllegalStateException("could not look up the recipient's relays on any indexer: " + r.describe());
        Inbox inbox = null;
        Event dmList = Robot.newest(r.events(), pubkey, Nip17.DM_RELAYS);
        if (dmList != null && !Nip17.dmRelays(dmList).isEmpty())
            inbox = new Inbox(cap(Nip17.dmRelays(dmList)), Source.DM_RELAYS);
        if (inbox == null) {
            Event relayList = Robot.newest(r.events(), pubkey, Nip65.RELAY_LIST);
            List<String> read =
                    relayList == null ? List.of() : Nip65.parse(relayList).read();
            if (!read.isEmpty()) inbox = new Inbox(cap(read), Source.READ_RELAYS);
        }
        if (inbox == null) inbox = new Inbox(config.messagingRelays(), Source.ROBOT_MESSAGING_RELAYS);
        Duration ttl = inbox.source() == Source.DM_RELAYS ? settings.inboxCacheTtl() : settings.fallbackCacheTtl();
        if (cache.size() > CACHE_SWEEP_SIZE) cache.values().removeIf(e -> e.expiresAtMs() <= now);
        cache.put(pubkey, new CachedInbox(inbox, now + ttl.toMillis()));
        return inbox;
    }

    /** Looks the recipient's relays up again next time (none of them took a DM). */
    void forget(String pubkey) {
        cache.remove(pubkey);
    }

    private static List<String> cap(List<String> relays) {
        return relays.size() <= MAX_RECIPIENT_RELAYS ? relays : relays.subList(0, MAX_RECIPIENT_RELAYS);
    }
}
