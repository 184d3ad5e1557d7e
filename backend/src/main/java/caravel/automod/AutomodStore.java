package caravel.automod;

import caravel.domain.Actor;
import caravel.store.Columns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** V82's tables: the rules, what they removed, the new members they watch and when authors were last told. */
public final class AutomodStore {
    private final Jdbi jdbi;

    public AutomodStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    // ------------------------------------------------------------------------------------------------ rules

    /** The relay's rules; {@link RuleSettings#OFF} when it never saved any. */
    RuleSettings settings(String relayId) {
        return jdbi.withHandle(h -> {
            Optional<RuleSettings> row = h.select(
                            "SELECT blocked_enabled, first_posts_enabled, first_posts_count, first_posts_days "
                                    + "FROM automod_settings WHERE relay_id = ?",
                            relayId)
                    .map((rs, ctx) -> new RuleSettings(
                            rs.getInt(1) != 0, List.of(), List.of(), rs.getInt(2) != 0, rs.getInt(3), rs.getInt(4)))
                    .findOne();
            if (row.isEmpty()) return RuleSettings.OFF;
            List<String> words = new ArrayList<>();
            List<String> patterns = new ArrayList<>();
            h.select("SELECT kind, text FROM automod_terms WHERE relay_id = ? ORDER BY position", relayId)
                    .map((rs, ctx) -> {
                        (rs.getString(1).equals("word") ? words : patterns).add(rs.getString(2));
                        return 0;
                    })
                    .list();
            RuleSettings s = row.get();
            return new RuleSettings(
                    s.blockedEnabled(),
                    words,
                    patterns,
                    s.firstPostsEnabled(),
                    s.firstPostsCount(),
                    s.firstPostsDays());
        });
    }

    /** Replaces the relay's rules (in the caller's transaction) under a new version. */
    void save(Handle h, String relayId, RuleSettings s, long version, Actor actor) {
        h.execute(
                """
                INSERT INTO automod_settings (relay_id, blocked_enabled, first_posts_enabled, first_posts_count,
                                              first_posts_days, version, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (relay_id) DO UPDATE SET blocked_enabled = excluded.blocked_enabled,
                    first_posts_enabled = excluded.first_posts_enabled, first_posts_count = excluded.first_posts_count,
                    first_posts_days = excluded.first_posts_days,
                    version = CASE WHEN excluded.version > automod_settings.version THEN excluded.version
                                   ELSE automod_settings.version + 1 END,
                    updated_by = excluded.updated_by""",
                relayId,
                s.blockedEnabled() ? 1 : 0,
                s.firstPostsEnabled() ? 1 : 0,
                s.firstPostsCount(),
                s.firstPostsDays(),
                version,
                actor.key());
        h.execute("DELETE FROM automod_terms WHERE relay_id = ?", relayId);
        var batch = h.prepareBatch("INSERT INTO automod_terms (relay_id, position, kind, text) VALUES (?, ?, ?, ?)");
        int pos = 0;
        for (String w : s.words()) batch.add(relayId, pos++, "word", w);
        for (String p : s.patterns()) batch.add(relayId, pos++, "pattern", p);
        if (pos > 0) batch.execute();
    }

    /** Relays whose rules were saved with a version above {@code since}, with their versions. */
    Map<String, Long> changedSince(long since) {
        Map<String, Long> out = new HashMap<>();
        jdbi.useHandle(h -> h.select("SELECT relay_id, version FROM automod_settings WHERE version > ?", since)
                .map((rs, ctx) -> out.put(rs.getString(1), rs.getLong(2)))
                .list());
        return out;
    }

    // ------------------------------------------------------------------------------------------------ removals

    record Removal(
            String relayId,
            String eventId,
            String author,
            int kind,
            String cause,
            String detail,
            String eventJson,
            long acceptedAt,
            Long removedAt,
            Long restoredAt,
            Long handedAt) {}

    /** Claims the event for removal: true for the first claim of this relay and event, false ever after. */
    boolean claim(Handle h, Removal r) {
        return h.execute(
                        """
                        INSERT INTO automod_removals (relay_id, event_id, author, kind, cause, detail, event_json,
                                                      accepted_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        r.relayId(),
                        r.eventId(),
                        r.author(),
                        r.kind(),
                        r.cause(),
                        r.detail(),
                        r.eventJson(),
                        r.acceptedAt())
                == 1;
    }

    Optional<Removal> removal(String relayId, String eventId) {
        return jdbi.withHandle(h -> h.select("""
                        SELECT relay_id, event_id, author, kind, cause, detail, event_json, accepted_at, removed_at,
                               restored_at, handed_at
                        FROM automod_removals WHERE relay_id = ? AND event_id = ?""", relayId, eventId)
                .map((rs, ctx) -> new Removal(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getLong(8),
                        Columns.nullableLong(rs, 9),
                        Columns.nullableLong(rs, 10),
                        Columns.nullableLong(rs, 11)))
                .findOne());
    }

    /** The relay confirmed the ban: true the first time (who marks it tells the author and the queue). */
    boolean markRemoved(Handle h, String relayId, String eventId, long at) {
        return h.execute(
                        "UPDATE automod_removals SET removed_at = ? WHERE relay_id = ? AND event_id = ? "
                                + "AND removed_at IS NULL AND restored_at IS NULL",
                        at,
                        relayId,
                        eventId)
                == 1;
    }

    /** The moderation queue took the removed event. */
    void markHanded(String relayId, String eventId, long at) {
        jdbi.useHandle(h -> h.execute(
                "UPDATE automod_removals SET handed_at = ? WHERE relay_id = ? AND event_id = ? AND handed_at IS NULL",
                at,
                relayId,
                eventId));
    }

    /**
     * Someone let the event back: the rules never remove it again (an event heard again after its removal is a
     * restore in any case; this also stops a removal still being retried). False for an event no rule removed.
     */
    boolean markRestored(String relayId, String eventId, long at) {
        return jdbi.withHandle(h -> h.execute(
                        "UPDATE automod_removals SET restored_at = ? WHERE relay_id = ? AND event_id = ? "
                                + "AND restored_at IS NULL",
                        at,
                        relayId,
                        eventId)
                == 1);
    }

    // ------------------------------------------------------------------------------------------------ new members

    record NewMember(String pubkey, long joinedAt, int held) {}

    /** A join the watch heard; an earlier one stands (a member heard joining twice is new since the first). */
    void joined(String relayId, String pubkey, long joinedAt) {
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO automod_members (relay_id, pubkey, joined_at, held) VALUES (?, ?, ?, 0) "
                        + "ON CONFLICT DO NOTHING",
                relayId,
                pubkey,
                joinedAt));
    }

    /** Members who joined at or after {@code since}. */
    List<NewMember> newMembers(String relayId, long since) {
        return jdbi.withHandle(h -> h.select(
                        "SELECT pubkey, joined_at, held FROM automod_members WHERE relay_id = ? AND joined_at >= ?",
                        relayId,
                        since)
                .map((rs, ctx) -> new NewMember(rs.getString(1), rs.getLong(2), rs.getInt(3)))
                .list());
    }

    /** One more of the member's posts held, if fewer than {@code limit} were: true when this one is held. */
    boolean hold(Handle h, String relayId, String pubkey, int limit) {
        return h.execute(
                        "UPDATE automod_members SET held = held + 1 WHERE relay_id = ? AND pubkey = ? AND held < ?",
                        relayId,
                        pubkey,
                        limit)
                == 1;
    }

    // ------------------------------------------------------------------------------------------------ notices

    /** Whether the author may be told now (no DM for this relay in the last {@code gapSeconds}); if so, records it. */
    boolean mayTell(Handle h, String relayId, String pubkey, long now, long gapSeconds) {
        if (h.execute(
                        "UPDATE automod_notices SET told_at = ? WHERE relay_id = ? AND pubkey = ? AND told_at <= ?",
                        now,
                        relayId,
                        pubkey,
                        now - gapSeconds)
                == 1) return true;
        return h.execute(
                        "INSERT INTO automod_notices (relay_id, pubkey, told_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                        relayId,
                        pubkey,
                        now)
                == 1;
    }

    /**
     * Removes relay {@code relayId}'s rules, their removals, watched members and notices for good, in the caller's
     * transaction (the relay's purge).
     */
    public void removeRelay(Handle h, String relayId) {
        h.execute("DELETE FROM automod_settings WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM automod_terms WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM automod_removals WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM automod_members WHERE relay_id = ?", relayId);
        h.execute("DELETE FROM automod_notices WHERE relay_id = ?", relayId);
    }
}
