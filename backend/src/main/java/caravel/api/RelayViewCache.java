package caravel.api;

import caravel.domain.Epoch;
import caravel.store.RelayStore.ViewStamp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /relays/:id's rendered views (the JSON bytes), each kept with the stamp it was rendered at: the relay's tenant and
 * the tenant's version, which the database's triggers raise with every write to anything the view shows (the relay,
 * the tenant, its invoices, the relay's domain; migration V77), from any process. A view is served again only while a
 * fresh read of the stamp equals its own and the clock has not reached the second from which its offered actions would
 * change without a write (an unpaid invoice's grace running out). Building the view costs several reads and the JSON;
 * checking it costs one primary-key read (issue 42). What the process knows beyond the database and the view shows
 * (which custom-domain routes the proxy holds, which zooid line each node runs) is a count of its changes, {@code
 * known}, that must also be equal.
 *
 * <p>A view is kept per relay and per kind of caller ({@link Viewer}: an administrator, the owner, a team admin, a
 * moderator see different views: the actions offered and what the role may do); whether the caller may see the relay,
 * and in which role, is decided before, on every request, against the tenant the fresh stamp names and the team as it
 * is now, so a view kept for one role is never served to another.
 */
public final class RelayViewCache {
    /** Enough for every relay a busy backend shows within a while; past it, all go (a view costs ~2 KB). */
    static final int MAX_ENTRIES = 4096;

    /** Who a view is rendered for: a platform administrator, or a role on the relay. */
    enum Viewer {
        PLATFORM_ADMIN,
        OWNER,
        ADMIN,
        MODERATOR;

        static Viewer of(boolean platformAdmin, caravel.domain.RelayRole role) {
            if (platformAdmin) return PLATFORM_ADMIN;
            return switch (role) {
                case OWNER -> OWNER;
                case ADMIN -> ADMIN;
                case MODERATOR -> MODERATOR;
            };
        }
    }

    private record Key(String relayId, Viewer viewer) {}

    private record Entry(ViewStamp stamp, long known, long validUntilSecond, byte[] json) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** What a kept view's validity is measured against. */
    private final java.time.Clock clock;

    public RelayViewCache(java.time.Clock clock) {
        this.clock = clock;
    }

    /** The view rendered at exactly this stamp, while still valid now; null otherwise. */
    byte[] get(String relayId, Viewer viewer, ViewStamp stamp, long known) {
        long nowSecond = Epoch.seconds(clock);
        Entry e = entries.get(new Key(relayId, viewer));
        return e != null && e.stamp.equals(stamp) && e.known == known && nowSecond < e.validUntilSecond ? e.json : null;
    }

    /**
     * Keeps a view. {@code stamp} and {@code known} must have been read before anything the view was built from: a
     * change between the two then leaves them behind, and the view is never served.
     */
    void put(String relayId, Viewer viewer, ViewStamp stamp, long known, long validUntilSecond, byte[] json) {
        if (entries.size() >= MAX_ENTRIES) entries.clear();
        entries.put(new Key(relayId, viewer), new Entry(stamp, known, validUntilSecond, json));
    }
}
