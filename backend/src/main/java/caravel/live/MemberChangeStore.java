package caravel.live;

import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * member_changes (V67): a count per relay of the membership changes heard on it, so that a join or leave heard by one
 * process reaches the live streams of every process. Each bump gives the tenant a new change version (a trigger), which
 * wakes the streams; a stream that sees a relay's count move counts that relay's members again.
 */
public final class MemberChangeStore {
    /** A relay's count of heard changes, and when the allowance check that told the newest one started (epoch ms). */
    public record Change(long version, long checkedFrom) {}

    private final Jdbi jdbi;

    public MemberChangeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The relay's members changed; {@code checkedFrom}: when the check that saw the change started (or now). */
    public void told(String tenant, String relayId, long checkedFrom) {
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO member_changes (relay_id, tenant, version, checked_from) VALUES (?, ?, 1, ?)
                ON CONFLICT (relay_id) DO UPDATE
                SET version = member_changes.version + 1, tenant = excluded.tenant, checked_from = excluded.checked_from""", relayId, tenant, checkedFrom));
    }

    /** Relay id → its count of heard changes, for the tenant's relays that ever had one. */
    public Map<String, Change> ofTenant(Handle h, String tenant) {
        Map<String, Change> out = new HashMap<>();
        h.select("SELECT relay_id, version, checked_from FROM member_changes WHERE tenant = ?", tenant)
                .map((rs, c) -> Map.entry(rs.getString(1), new Change(rs.getLong(2), rs.getLong(3))))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Removes relay {@code relayId}'s counter row for good, in the caller's transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM member_changes WHERE relay_id = ?", relayId);
    }
}
