package caravel.names;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The relays' member lists as Caravel last heard them (V71's {@code relay_members}): each served relay's kind 13534,
 * signed by the relay key, replaces that relay's rows. A row's {@code seen_at} is the {@code created_at} of the list it
 * came from, so a list older than the one applied (a stored one read while a newer one arrived live) is told apart.
 */
public final class RelayMemberStore {
    private final Jdbi jdbi;

    public RelayMemberStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** When the list the relay's rows came from was written by the relay; empty when Caravel has none for it. */
    public Optional<Long> listedAt(Handle h, String relayId) {
        return h.select("SELECT max(seen_at) FROM relay_members WHERE relay_id = ?", relayId)
                .mapTo(Long.class)
                .findOne();
    }

    /** The relay's rows become exactly {@code pubkeys} (in the caller's transaction). */
    public void replace(Handle h, String relayId, Collection<String> pubkeys, long listedAt) {
        h.execute("DELETE FROM relay_members WHERE relay_id = ?", relayId);
        if (pubkeys.isEmpty()) return;
        var batch = h.prepareBatch("INSERT INTO relay_members (relay_id, pubkey, seen_at) VALUES (?, ?, ?)");
        for (String p : pubkeys) batch.add(relayId, p, listedAt);
        batch.execute();
        // and every relay they were ever listed on, kept after they leave (a request to vanish from all relays)
        var ever = h.prepareBatch("INSERT INTO relay_members_ever (relay_id, pubkey, last_seen_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (relay_id, pubkey) DO UPDATE SET last_seen_at = excluded.last_seen_at");
        for (String p : pubkeys) ever.add(relayId, p, listedAt);
        ever.execute();
    }

    /**
     * The relays {@code pubkey} was ever listed a member of (those they left too), at most {@code limit}: where a
     * request to vanish from all relays must reach.
     */
    public List<String> relaysEverOf(String pubkey, int limit) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT relay_id FROM relay_members_ever WHERE pubkey = ? ORDER BY relay_id LIMIT ?",
                        pubkey,
                        limit)
                .mapTo(String.class)
                .list());
    }

    /** The person's record of having been a member of the relay, removed: their erasure from it. */
    public void forgetEver(String relayId, String pubkey) {
        jdbi.useHandle(
                h -> h.execute("DELETE FROM relay_members_ever WHERE relay_id = ? AND pubkey = ?", relayId, pubkey));
    }

    /** Whether the relay's last heard list has the pubkey. */
    public boolean isMember(String relayId, String pubkey) {
        return jdbi.withHandle(
                h -> h.select("SELECT count(*) FROM relay_members WHERE relay_id = ? AND pubkey = ?", relayId, pubkey)
                                .mapTo(Integer.class)
                                .one()
                        > 0);
    }

    /** How many members the relay's last heard list has besides {@code except} (its owner). */
    public int countExcept(String relayId, String except) {
        return jdbi.withHandle(
                h -> h.select("SELECT count(*) FROM relay_members WHERE relay_id = ? AND pubkey <> ?", relayId, except)
                        .mapTo(Integer.class)
                        .one());
    }

    /** Whether Caravel has heard the relay's member list at all. */
    public boolean heardOf(String relayId) {
        return jdbi.withHandle(h -> h.select("SELECT 1 FROM relay_members WHERE relay_id = ? LIMIT 1", relayId)
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    /** A member Caravel itself removed or banned: gone from the mirror at once, before the relay's next list. */
    public void remove(Handle h, String relayId, String pubkey) {
        h.execute("DELETE FROM relay_members WHERE relay_id = ? AND pubkey = ?", relayId, pubkey);
    }

    /** The relays whose last heard list has the pubkey, at most {@code limit}. */
    public List<String> relaysOf(String pubkey, int limit) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT relay_id FROM relay_members WHERE pubkey = ? ORDER BY relay_id LIMIT ?", pubkey, limit)
                .mapTo(String.class)
                .list());
    }

    /**
     * Removes relay {@code relayId}'s member list for good, in the caller's transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM relay_members WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM relay_members_ever WHERE relay_id = ?", relayId);
    }
}
