package caravel.moderation;

import caravel.domain.Actor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** What Caravel keeps of a relay's own bans beside zooid's list: reason, who and when, the end time and how it ended. */
public final class BanTermStore {
    private final Jdbi jdbi;

    public BanTermStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** One ban's terms; {@code untilAt} null for a ban without end, {@code liftedAt} null while it stands. */
    public record Term(
            String relay,
            String pubkey,
            String reason,
            long bannedAt,
            String bannedBy,
            Long untilAt,
            Long liftedAt,
            String liftedBy,
            String liftedHow,
            Integer wasMember) {
        /** Whether the key was a member right before Caravel banned it (false also when that is not known). */
        public boolean memberWhenBanned() {
            return wasMember != null && wasMember == 1;
        }

        public boolean standing() {
            return liftedAt == null;
        }
    }

    /**
     * A new ban (or a ban given again): its terms replace any earlier ones of the same key on the relay. A ban given
     * again to a key banned already keeps what the first ban found of its membership, since the key was no member in
     * between.
     */
    public void banned(Handle h, NewTerms t) {
        h.createUpdate("""
                INSERT INTO relay_ban_terms (relay, pubkey, reason, banned_at, banned_by, until_at, was_member)
                VALUES (:relay, :pubkey, :reason, :bannedAt, :bannedBy, :untilAt, :wasMemberFlag)
                ON CONFLICT (relay, pubkey) DO UPDATE SET reason = excluded.reason, banned_at = excluded.banned_at,
                    banned_by = excluded.banned_by, until_at = excluded.until_at, lifted_at = NULL, lifted_by = NULL,
                    lifted_how = NULL,
                    was_member = CASE WHEN relay_ban_terms.lifted_at IS NULL AND excluded.was_member = 0
                                      THEN relay_ban_terms.was_member ELSE excluded.was_member END""").bindMethods(t).execute();
    }

    /**
     * The terms of a ban of {@code pubkey} on {@code relay}, bound by name (public only so JDBI may read them).
     *
     * @param untilAt when a temporary ban ends (null: it stands until lifted)
     * @param wasMember whether the key was a member right before this ban (null: not known)
     */
    public record NewTerms(
            String relay,
            String pubkey,
            String reason,
            long bannedAt,
            String bannedBy,
            Long untilAt,
            Boolean wasMember) {
        /** The column's value: 1, 0, or null when not known. */
        public Integer wasMemberFlag() {
            return wasMember == null ? null : wasMember ? 1 : 0;
        }
    }

    /**
     * Ends the standing ban; with {@code untilAt} given, only the ban that was to end then (a ban given again with
     * another end time is not this job's). Returns whether this call ended it (false: already ended, or not that ban).
     */
    public boolean lifted(Handle h, String relay, String pubkey, long now, Actor actor, String how, Long untilAt) {
        String sql = "UPDATE relay_ban_terms SET lifted_at = ?, lifted_by = ?, lifted_how = ?"
                + " WHERE relay = ? AND pubkey = ? AND lifted_at IS NULL";
        if (untilAt == null) return h.execute(sql, now, actor.key(), how, relay, pubkey) > 0;
        return h.execute(sql + " AND until_at = ?", now, actor.key(), how, relay, pubkey, untilAt) > 0;
    }

    public Optional<Term> find(Handle h, String relay, String pubkey) {
        return h.select("SELECT * FROM relay_ban_terms WHERE relay = ? AND pubkey = ?", relay, pubkey)
                .map(ConstructorMapper.of(Term.class))
                .findOne();
    }

    public Optional<Term> find(String relay, String pubkey) {
        return jdbi.withHandle(h -> find(h, relay, pubkey));
    }

    /** The relay's standing bans' terms, by pubkey. */
    public Map<String, Term> standing(String relay) {
        List<Term> rows = jdbi.withHandle(
                h -> h.select("SELECT * FROM relay_ban_terms WHERE relay = ? AND lifted_at IS NULL", relay)
                        .map(ConstructorMapper.of(Term.class))
                        .list());
        Map<String, Term> out = new java.util.HashMap<>();
        for (Term t : rows) out.put(t.pubkey(), t);
        return out;
    }

    /**
     * Removes the terms of relay {@code relayId}'s bans for good, in the caller's transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM relay_ban_terms WHERE relay = ?", relayId);
    }
}
