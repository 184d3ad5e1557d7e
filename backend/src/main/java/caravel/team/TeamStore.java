package caravel.team;

import caravel.domain.Actor;
import caravel.domain.RelayRole;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** The relay_team table (V81): who helps run which relay, in which role. */
public final class TeamStore {
    /** A team member of one relay. */
    public record Member(String relayId, String pubkey, RelayRole role, String addedBy, long addedAt) {}

    private final Jdbi jdbi;

    public TeamStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The caller's team role on the relay, read now (one primary-key read; never cached, so a removal bites at once). */
    public Optional<RelayRole> roleOf(String relayId, String pubkey) {
        return jdbi.withHandle(h -> roleOf(h, relayId, pubkey));
    }

    public Optional<RelayRole> roleOf(Handle h, String relayId, String pubkey) {
        return h.select("SELECT role FROM relay_team WHERE relay_id = ? AND pubkey = ?", relayId, pubkey)
                .mapTo(String.class)
                .findOne()
                .map(RelayRole::stored);
    }

    public List<Member> list(String relayId) {
        return jdbi.withHandle(h -> list(h, relayId));
    }

    private static final RowMapper<Member> MEMBER = (rs, ctx) -> new Member(
            rs.getString("relay_id"),
            rs.getString("pubkey"),
            RelayRole.stored(rs.getString("role")),
            rs.getString("added_by"),
            rs.getLong("added_at"));

    public List<Member> list(Handle h, String relayId) {
        return h.select(
                        "SELECT relay_id, pubkey, role, added_by, added_at FROM relay_team WHERE relay_id = ?"
                                + " ORDER BY added_at, pubkey",
                        relayId)
                .map(MEMBER)
                .list();
    }

    public int count(Handle h, String relayId) {
        return h.select("SELECT count(*) FROM relay_team WHERE relay_id = ?", relayId)
                .mapTo(Integer.class)
                .one();
    }

    /** The relays a key helps run, with its role on each (its own relays are not here: it owns them). */
    public List<Member> relaysOf(String pubkey) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT relay_id, pubkey, role, added_by, added_at FROM relay_team WHERE pubkey = ?"
                                + " ORDER BY added_at, relay_id",
                        pubkey)
                .map(MEMBER)
                .list());
    }

    /** Adds a member; false when the key is on the team already (the primary key decides, under any race). */
    public boolean add(Handle h, String relayId, String pubkey, RelayRole role, Actor by, long now) {
        return h.execute(
                        "INSERT INTO relay_team (relay_id, pubkey, role, added_by, added_at) VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT DO NOTHING",
                        relayId,
                        pubkey,
                        role.wire(),
                        by.key(),
                        now)
                == 1;
    }

    /** Changes a member's role only while it is still {@code from}: false when someone changed or removed it first. */
    public boolean changeRole(Handle h, String relayId, String pubkey, RelayRole from, RelayRole to) {
        return h.execute(
                        "UPDATE relay_team SET role = ? WHERE relay_id = ? AND pubkey = ? AND role = ?",
                        to.wire(),
                        relayId,
                        pubkey,
                        from.wire())
                == 1;
    }

    /** Removes a member only while its role is still {@code role}: false when someone changed or removed it first. */
    public boolean remove(Handle h, String relayId, String pubkey, RelayRole role) {
        return h.execute(
                        "DELETE FROM relay_team WHERE relay_id = ? AND pubkey = ? AND role = ?",
                        relayId,
                        pubkey,
                        role.wire())
                == 1;
    }

    /** Takes a key off the relay's team whatever its role (it became the relay's owner). */
    public void removeAny(Handle h, String relayId, String pubkey) {
        h.execute("DELETE FROM relay_team WHERE relay_id = ? AND pubkey = ?", relayId, pubkey);
    }

    /** The relay's team as zooid's config carries it (read by each sync). */
    public caravel.zooid.TeamKeys keys(String relayId) {
        List<Member> all = list(relayId);
        return new caravel.zooid.TeamKeys(
                all.stream()
                        .filter(m -> m.role() == RelayRole.ADMIN)
                        .map(Member::pubkey)
                        .toList(),
                all.stream()
                        .filter(m -> m.role() == RelayRole.MODERATOR)
                        .map(Member::pubkey)
                        .toList());
    }

    /**
     * Removes every team member of relay {@code relayId} for good, in the caller's transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM relay_team WHERE relay_id = ?", relayId);
    }
}
