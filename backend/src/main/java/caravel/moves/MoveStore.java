package caravel.moves;

import caravel.store.Batches;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** relay_moves: each move of a relay between zooid nodes and the last step it finished (see {@link RelayMoves}). */
public final class MoveStore {
    /** The steps in the order a move finishes them; {@code failed} ends a move before its switch. */
    public enum Step {
        QUEUED,
        CREATED,
        COPIED,
        SWITCHED,
        CAUGHT_UP,
        DONE,
        FAILED;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The relay is still served by its old node alone (the row names it): a move can end here untouched. */
        public boolean beforeSwitch() {
            return this == QUEUED || this == CREATED || this == COPIED;
        }

        public boolean finished() {
            return this == DONE || this == FAILED;
        }
    }

    /** One move as recorded. {@code events}: what the copies put on the new node so far. */
    public record Move(
            String id,
            String relayId,
            String fromNode,
            String toNode,
            Step step,
            long events,
            String error,
            String actor,
            long startedAt,
            Long switchedAt,
            long updatedAt) {}

    /** A row read by column name into the record's components (the step by its lowercase name). */
    private static final RowMapper<Move> MOVE = ConstructorMapper.of(Move.class);

    private final Jdbi jdbi;

    public MoveStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Records a queued move; false when the relay already has an unfinished one (the partial unique index). */
    public boolean insert(Handle h, Move m) {
        return h.createUpdate("""
                        INSERT INTO relay_moves (id, relay_id, from_node, to_node, step, events, actor, started_at,
                                                 updated_at)
                        VALUES (:id, :relayId, :fromNode, :toNode, :step.text, 0, :actor, :startedAt, :startedAt)
                        ON CONFLICT (relay_id) WHERE step NOT IN ('done', 'failed') DO NOTHING""").bindMethods(m).execute() > 0;
    }

    /**
     * The moves window's actors started in its range, oldest first, a batch at a time
     * (the administrators' activity export).
     */
    public void eachStartedBetween(Batches.Window window, Consumer<List<Move>> each) {
        Batches.byActors(
                "SELECT * FROM relay_moves WHERE actor IN (%s) AND started_at >= ? AND started_at < ?"
                        + " AND (started_at > ? OR (started_at = ? AND id > ?)) ORDER BY started_at, id LIMIT ?",
                Move::startedAt,
                Move::id,
                window,
                (sql, args) ->
                        jdbi.withHandle(h -> h.select(sql, args).map(MOVE).list()),
                each);
    }

    public Optional<Move> find(String id) {
        return jdbi.withHandle(h ->
                h.select("SELECT * FROM relay_moves WHERE id = ?", id).map(MOVE).findOne());
    }

    /** The relay's newest move, finished or not. */
    public Optional<Move> latest(String relayId) {
        Optional<String> id = jdbi.withHandle(h -> h.select(
                        "SELECT id FROM relay_moves WHERE relay_id = ? ORDER BY started_at DESC, id DESC LIMIT 1",
                        relayId)
                .mapTo(String.class)
                .findOne());
        return id.flatMap(this::find);
    }

    /** Records a finished step, only from the step before it (a resumed run never records a step twice). */
    public boolean advance(Handle h, String id, Step from, Step to, long events, long now) {
        return h.execute("""
                        UPDATE relay_moves SET step = ?, events = ?, updated_at = ?, switched_at = coalesce(?, switched_at)
                        WHERE id = ? AND step = ?""", to.text(), events, now, to == Step.SWITCHED ? now : null, id, from.text()) > 0;
    }

    public void fail(Handle h, String id, String error, long now) {
        h.execute("UPDATE relay_moves SET step = 'failed', error = ?, updated_at = ? WHERE id = ?", error, now, id);
    }
}
