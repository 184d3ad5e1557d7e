package caravel.names;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.result.ResultIterable;

/**
 * Members' NIP-05 names on relays (V70's {@code relay_names}): a name is unique on its relay (the primary key) and a
 * member holds at most one name per relay (a unique index), so two claims racing for one name cannot both win.
 */
public final class RelayNameStore {
    private final Jdbi jdbi;

    public RelayNameStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One name: who holds it, who gave it, since when. */
    public record Row(String relayId, String name, String pubkey, String assignedBy, long createdAt, long updatedAt) {}

    private static final RowMapper<Row> ROW = ConstructorMapper.of(Row.class);

    /** The rows matching {@code where} (one of this class's literals, with positional parameters). */
    private static ResultIterable<Row> rows(Handle h, String where, Object... args) {
        return h.select(
                        "SELECT relay_id, name, pubkey, assigned_by, created_at, updated_at FROM relay_names WHERE "
                                + where,
                        args)
                .map(ROW);
    }

    /** The relay's names, in name order. */
    public List<Row> byRelay(String relayId) {
        return jdbi.withHandle(h -> byRelay(h, relayId));
    }

    /** The relay's names by their holders (one query for a whole member listing). */
    public Map<String, String> namesByHolder(String relayId) {
        return byRelay(relayId).stream().collect(Collectors.toMap(Row::pubkey, Row::name));
    }

    public Optional<Row> byName(String relayId, String name) {
        return jdbi.withHandle(h -> byName(h, relayId, name));
    }

    public Optional<Row> byName(Handle h, String relayId, String name) {
        return rows(h, "relay_id = ? AND name = ?", relayId, name).findOne();
    }

    public Optional<Row> byHolder(Handle h, String relayId, String pubkey) {
        return rows(h, "relay_id = ? AND pubkey = ?", relayId, pubkey).findOne();
    }

    /** The names one pubkey holds, by relay, among {@code relayIds}. */
    public Map<String, String> heldBy(String pubkey, Collection<String> relayIds) {
        if (relayIds.isEmpty()) return Map.of();
        return jdbi.withHandle(h -> h
                .createQuery("SELECT relay_id, name FROM relay_names WHERE pubkey = :p AND relay_id IN (<ids>)")
                .bindList("ids", List.copyOf(relayIds))
                .bindMap(Map.of("p", pubkey))
                .map((rs, c) -> Map.entry(rs.getString("relay_id"), rs.getString("name")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /**
     * The pubkey holds {@code name} from now on: its other name on the relay (if any) is given up in the same
     * statement's transaction. A name held by someone else is the caller's check; a race past it fails on the key.
     */
    public void put(Handle h, String relayId, String name, String pubkey, String assignedBy, long now) {
        Optional<Row> before = byHolder(h, relayId, pubkey);
        long created =
                before.filter(b -> b.name().equals(name)).map(Row::createdAt).orElse(now);
        h.execute("DELETE FROM relay_names WHERE relay_id = ? AND pubkey = ?", relayId, pubkey);
        h.execute("""
                INSERT INTO relay_names (relay_id, name, pubkey, assigned_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)""", relayId, name, pubkey, assignedBy, created, now);
    }

    /** Takes a name back; the name removed, if there was one. */
    public Optional<Row> removeName(Handle h, String relayId, String name) {
        Optional<Row> row = byName(h, relayId, name);
        row.ifPresent(r -> h.execute("DELETE FROM relay_names WHERE relay_id = ? AND name = ?", relayId, name));
        return row;
    }

    /** Releases the pubkey's name on the relay; the name released, if it held one. */
    public Optional<Row> release(Handle h, String relayId, String pubkey) {
        Optional<Row> row = byHolder(h, relayId, pubkey);
        row.ifPresent(r -> h.execute("DELETE FROM relay_names WHERE relay_id = ? AND pubkey = ?", relayId, pubkey));
        return row;
    }

    /** The relay's names, in the caller's transaction (a new member list compares its holders with them). */
    public List<Row> byRelay(Handle h, String relayId) {
        return rows(h, "relay_id = ? ORDER BY name", relayId).list();
    }

    /**
     * Removes every NIP-05 name of relay {@code relayId} for good, in the caller's transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM relay_names WHERE relay_id = ?", relayId);
    }
}
