package caravel.community;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

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

        static Step of(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
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

    private final Jdbi jdbi;

    public MoveStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records a queued move; false when the relay already has an unfinished one (the partial unique index). */
    public boolean insert(Handle h, Move m) {
        return h.createUpdate("""
                        INSERT INTO relay_moves (id, relay_id, from_node, to_node, step, events, actor, started_at,
                                                 updated_at)
                        VALUES (:id, :relay, :from, :to, :step, 0, :actor, :now, :now)
                        ON CONFLICT (relay_id) WHERE step NOT IN ('done', 'failed') DO NOTHING""")
                        .bind("id", m.id())
                        .bind("relay", m.relayId())
                        .bind("from", m.fromNode())
                        .bind("to", m.toNode())
                        .bind("step", m.step().text())
                        .bind("actor", m.actor())
                        .bind("now", m.startedAt())
                        .execute()
                > 0;
    }

    public Optional<Move> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM relay_moves WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Move(
                        rs.getString("id"),
                        rs.getString("relay_id"),
                        rs.getString("from_node"),
                        rs.getString("to_node"),
                        Step.of(rs.getString("step")),
                        rs.getLong("events"),
                        rs.getString("error"),
                        rs.getString("actor"),
                        rs.getLong("started_at"),
                        rs.getObject("switched_at") == null ? null : rs.getLong("switched_at"),
                        rs.getLong("updated_at")))
                .findOne());
    }

    /** The relay's newest move, finished or not. */
    public Optional<Move> latest(String relayId) {
        Optional<String> id = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id FROM relay_moves WHERE relay_id = :r ORDER BY started_at DESC, id DESC LIMIT 1")
                .bind("r", relayId)
                .mapTo(String.class)
                .findOne());
        return id.flatMap(this::find);
    }

    /** Records a finished step, only from the step before it (a resumed run never records a step twice). */
    public boolean advance(Handle h, String id, Step from, Step to, long events, long now) {
        return h.createUpdate("""
                        UPDATE relay_moves SET step = :to, events = :events, updated_at = :now,
                               switched_at = CASE WHEN :to = 'switched' THEN :now ELSE switched_at END
                        WHERE id = :id AND step = :from""")
                        .bind("to", to.text())
                        .bind("from", from.text())
                        .bind("events", events)
                        .bind("now", now)
                        .bind("id", id)
                        .execute()
                > 0;
    }

    public void fail(Handle h, String id, String error, long now) {
        h.createUpdate("UPDATE relay_moves SET step = 'failed', error = :e, updated_at = :now WHERE id = :id")
                .bind("e", error)
                .bind("now", now)
                .bind("id", id)
                .execute();
    }
}
