package caravel.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member counts the live streams of this process have shown lately, by relay, shared by every stream: a stream
 * that opens takes a relay's count made less than a counting interval ago instead of asking zooid again, so opening a
 * page does not ask zooid about every active relay of the tenant each time. That is the freshness an open stream keeps
 * anyway (it counts every relay once per interval). A count is taken only while no change was heard on the relay
 * since it was made (by any process: the relay's version in {@code member_changes}, read before the count), so a join
 * or leave heard meanwhile, with or without a page open, is counted anew.
 */
public final class RecentCounts {
    /** @param heard the relay's member-change version read before the count (null: no change ever told) */
    private record Counted(int members, long atMillis, Long heard) {}

    private final Map<String, Counted> counts = new ConcurrentHashMap<>();

    /**
     * The relay's count made at or after {@code sinceMillis} with no change heard since ({@code heard}: its member-change
     * version now), or null when there is none.
     */
    Integer since(String relayId, long sinceMillis, Long heard) {
        Counted c = counts.get(relayId);
        if (c == null || c.atMillis() < sinceMillis || !java.util.Objects.equals(c.heard(), heard)) return null;
        return c.members();
    }

    /** A count a stream shows, made at {@code atMillis} after the relay's member-change version {@code heard} was read. */
    void counted(String relayId, int members, long atMillis, Long heard) {
        counts.merge(
                relayId,
                new Counted(members, atMillis, heard),
                (old, now) -> now.atMillis() >= old.atMillis() ? now : old);
    }

    /** Drops a relay's count (a change was heard on it: the next stream to open counts it anew). */
    void forget(String relayId) {
        counts.remove(relayId);
    }
}
