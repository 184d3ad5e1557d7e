package caravel.erasure;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The {@code erasures} table (V110): each person erased from a relay, and where their erasure's job stands. */
public final class ErasureStore {
    /** One erasure as stored. */
    public record Row(
            String relayId,
            String pubkey,
            long untilS,
            String source,
            String requestedBy,
            String callerRole,
            String step,
            long eventsRemoved,
            long requestedAt,
            Long doneAt) {}

    /** By name: each column is the component of the same name (done_at NULL while it runs). */
    private static final RowMapper<Row> ROW = ConstructorMapper.of(Row.class);

    private final Jdbi jdbi;

    public ErasureStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Records a new erasure at its first step; false when this very request was recorded already. */
    boolean insert(Handle h, Row r) {
        return h.execute(
                        "INSERT INTO erasures (relay_id, pubkey, until_s, source, requested_by, caller_role, step,"
                                + " events_removed, requested_at) VALUES (?, ?, ?, ?, ?, ?, 'events', 0, ?)"
                                + " ON CONFLICT DO NOTHING",
                        r.relayId(),
                        r.pubkey(),
                        r.untilS(),
                        r.source(),
                        r.requestedBy(),
                        r.callerRole(),
                        r.requestedAt())
                > 0;
    }

    Optional<Row> find(String relayId, String pubkey, long untilS) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT * FROM erasures WHERE relay_id = ? AND pubkey = ? AND until_s = ?",
                        relayId,
                        pubkey,
                        untilS)
                .map(ROW)
                .findOne());
    }

    /** The erasure of this person on this relay still running, if any. */
    Optional<Row> running(Handle h, String relayId, String pubkey) {
        return h.select(
                        "SELECT * FROM erasures WHERE relay_id = ? AND pubkey = ? AND step <> 'done'"
                                + " ORDER BY until_s DESC",
                        relayId,
                        pubkey)
                .map(ROW)
                .findFirst();
    }

    /** The relays where the request of {@code pubkey} dated {@code untilS} was recorded. */
    List<String> relaysOf(String pubkey, long untilS) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT relay_id FROM erasures WHERE pubkey = ? AND until_s = ? AND source = 'vanish'",
                        pubkey,
                        untilS)
                .mapTo(String.class)
                .list());
    }

    /** The relay's erasures, newest first (the owner's page lists them). */
    public List<Row> byRelay(String relayId) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT * FROM erasures WHERE relay_id = ? ORDER BY requested_at DESC, until_s DESC", relayId)
                .map(ROW)
                .list());
    }

    /** Counts removed events as they go (a job that stopped resumes from the relay's own state, not from this). */
    void removed(String relayId, String pubkey, long untilS, long n) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE erasures SET events_removed = events_removed + ? WHERE relay_id = ? AND pubkey = ?"
                        + " AND until_s = ?",
                n,
                relayId,
                pubkey,
                untilS));
    }

    /** Moves the erasure to {@code step} ({@code doneAt} set when it is done). */
    void step(Handle h, String relayId, String pubkey, long untilS, String step, Long doneAt) {
        h.execute(
                "UPDATE erasures SET step = ?, done_at = ? WHERE relay_id = ? AND pubkey = ? AND until_s = ?",
                step,
                doneAt,
                relayId,
                pubkey,
                untilS);
    }
}
