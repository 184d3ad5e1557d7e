package caravel.community;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

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

    private static final String COLUMNS = "relay_id, name, pubkey, assigned_by, created_at, updated_at";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(
                rs.getString("relay_id"),
                rs.getString("name"),
                rs.getString("pubkey"),
                rs.getString("assigned_by"),
                rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    /** The relay's names, in name order. */
    public List<Row> byRelay(String relayId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM relay_names WHERE relay_id = :r ORDER BY name")
                        .bind("r", relayId)
                        .map((rs, c) -> row(rs))
                        .list());
    }

    /** The relay's names by their holders (one query for a whole member listing). */
    public Map<String, String> namesByHolder(String relayId) {
        return byRelay(relayId).stream().collect(Collectors.toMap(Row::pubkey, Row::name));
    }

    public Optional<Row> byName(String relayId, String name) {
        return jdbi.withHandle(h -> byName(h, relayId, name));
    }

    public Optional<Row> byName(Handle h, String relayId, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM relay_names WHERE relay_id = :r AND name = :n")
                .bind("r", relayId)
                .bind("n", name)
                .map((rs, c) -> row(rs))
                .findOne();
    }

    public Optional<Row> byHolder(Handle h, String relayId, String pubkey) {
        return h.createQuery("SELECT " + COLUMNS + " FROM relay_names WHERE relay_id = :r AND pubkey = :p")
                .bind("r", relayId)
                .bind("p", pubkey)
                .map((rs, c) -> row(rs))
                .findOne();
    }

    /** The names one pubkey holds, by relay, among {@code relayIds}. */
    public Map<String, String> heldBy(String pubkey, Collection<String> relayIds) {
        if (relayIds.isEmpty()) return Map.of();
        return jdbi.withHandle(h -> h
                .createQuery("SELECT relay_id, name FROM relay_names WHERE pubkey = :p AND relay_id IN (<ids>)")
                .bind("p", pubkey)
                .bindList("ids", List.copyOf(relayIds))
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
        h.createUpdate("DELETE FROM relay_names WHERE relay_id = :r AND pubkey = :p")
                .bind("r", relayId)
                .bind("p", pubkey)
                .execute();
        h.createUpdate("""
                INSERT INTO relay_names (relay_id, name, pubkey, assigned_by, created_at, updated_at)
                VALUES (:r, :n, :p, :by, :created, :now)""")
                .bind("r", relayId)
                .bind("n", name)
                .bind("p", pubkey)
                .bind("by", assignedBy)
                .bind("created", created)
                .bind("now", now)
                .execute();
    }

    /** Takes a name back; the name removed, if there was one. */
    public Optional<Row> removeName(Handle h, String relayId, String name) {
        Optional<Row> row = byName(h, relayId, name);
        row.ifPresent(r -> h.createUpdate("DELETE FROM relay_names WHERE relay_id = :r AND name = :n")
                .bind("r", relayId)
                .bind("n", name)
                .execute());
        return row;
    }

    /** Releases the pubkey's name on the relay; the name released, if it held one. */
    public Optional<Row> release(Handle h, String relayId, String pubkey) {
        Optional<Row> row = byHolder(h, relayId, pubkey);
        row.ifPresent(r -> h.createUpdate("DELETE FROM relay_names WHERE relay_id = :r AND pubkey = :p")
                .bind("r", relayId)
                .bind("p", pubkey)
                .execute());
        return row;
    }

    /** The relay's names, in the caller's transaction (a new member list compares its holders with them). */
    public List<Row> byRelay(Handle h, String relayId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM relay_names WHERE relay_id = :r ORDER BY name")
                .bind("r", relayId)
                .map((rs, c) -> row(rs))
                .list();
    }
}
