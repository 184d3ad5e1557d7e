package caravel.team;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The relay_transfers table (V81): open offers of a relay to another owner, one per relay. */
public final class TransferStore {
    /** An open offer. */
    public record Offer(String id, String relayId, String fromPubkey, String toPubkey, long createdAt) {}

    private static final RowMapper<Offer> OFFER = ConstructorMapper.of(Offer.class);

    private final Jdbi jdbi;

    public TransferStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Optional<Offer> find(Handle h, String id) {
        return h.select("SELECT * FROM relay_transfers WHERE id = ?", id)
                .map(OFFER)
                .findOne();
    }

    public Optional<Offer> forRelay(String relayId) {
        return jdbi.withHandle(h -> forRelay(h, relayId));
    }

    public Optional<Offer> forRelay(Handle h, String relayId) {
        return h.select("SELECT * FROM relay_transfers WHERE relay_id = ?", relayId)
                .map(OFFER)
                .findOne();
    }

    /** The offers made to a key, oldest first. */
    public List<Offer> to(String pubkey) {
        return jdbi.withHandle(
                h -> h.select("SELECT * FROM relay_transfers WHERE to_pubkey = ? ORDER BY created_at, id", pubkey)
                        .map(OFFER)
                        .list());
    }

    /** Makes the relay's one open offer this one, replacing any earlier; returns the replaced one. */
    public Optional<Offer> replace(Handle h, Offer o) {
        Optional<Offer> before = forRelay(h, o.relayId());
        h.execute("DELETE FROM relay_transfers WHERE relay_id = ?", o.relayId());
        h.execute(
                "INSERT INTO relay_transfers (id, relay_id, from_pubkey, to_pubkey, created_at) VALUES (?, ?, ?, ?, ?)",
                o.id(),
                o.relayId(),
                o.fromPubkey(),
                o.toPubkey(),
                o.createdAt());
        return before;
    }

    /** Closes an offer (accepted, declined or withdrawn); false when it was closed already. */
    public boolean close(Handle h, String id) {
        return h.execute("DELETE FROM relay_transfers WHERE id = ?", id) == 1;
    }

    /**
     * Removes every transfer offer of relay {@code relayId} for good (open or ended), in the caller's transaction (the
     * relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM relay_transfers WHERE relay_id = ?", relayId);
    }
}
