package caravel.watch;

import caravel.nostr.Filter;
import caravel.relayaccess.RelaySocket;
import java.util.List;

/**
 * What the watch's socket on a relay subscribes to, each subscription feeding its consumer of the
 * {@link RelayEventStream}: the membership events (8000, 8001 and the member list 13534, signed by the relay), the
 * reports (1984), the member list as it stands and each new one (the member mirror), and, when anyone wants them,
 * every event. The membership subscription and every event's first ask for what the relay stored while no socket of
 * the watch was open on it, then for each new event.
 */
final class WatchSubscriptions {
    private final RelayEventStream stream;
    private final WatchSettings.Backfill backfill;

    WatchSubscriptions(RelayEventStream stream, WatchSettings.Backfill backfill) {
        this.stream = stream;
        this.backfill = backfill;
    }

    /**
     * From when (created_at) a socket opened at {@code nowS} asks for stored events: since the previous socket ended
     * (and a margin before), never further back than the backfill reaches, and that far for the relay's first one.
     */
    long storedSince(RelayWatch w, long nowS) {
        return Math.max(Math.min(w.resumeFromS, nowS), nowS - backfill.maxS());
    }

    /** Opens the subscriptions on a socket just opened to the relay. */
    void subscribe(RelaySocket s, RelayEventStream.Origin from, long storedSince) {
        s.subscribe(
                List.of(Filter.any()
                        .kinds(WatchedKinds.MEMBER_ADDED, WatchedKinds.MEMBER_REMOVED, WatchedKinds.MEMBER_LIST)
                        .authors(from.relayPubkey())
                        .since(storedSince)
                        .limit(backfill.limit())),
                e -> stream.heard(from, e, RelayEventStream.Consumer.MEMBERSHIP));
        s.subscribe(
                List.of(Filter.any().kinds(WatchedKinds.REPORT).limit(backfill.reportsLimit())),
                e -> stream.heard(from, e, RelayEventStream.Consumer.REPORTS));
        if (stream.wantsEveryEvent())
            s.subscribe(
                    List.of(Filter.any().since(storedSince).limit(backfill.limit())),
                    e -> stream.heard(from, e, RelayEventStream.Consumer.EVERY_EVENT));
        // the member list as it stands (the newest stored one), then each new one: the member mirror and names
        s.subscribe(
                List.of(Filter.any()
                        .kinds(WatchedKinds.MEMBER_LIST)
                        .authors(from.relayPubkey())
                        .limit(1)),
                e -> stream.heard(from, e, RelayEventStream.Consumer.MEMBER_LIST));
    }

    /** A socket was opened and subscribed: joins made while none was are checked against the allowance too. */
    void opened(String relayId) {
        stream.opened(relayId);
    }
}
