package caravel.backups;

import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One part of a relay kept in its backup as a JSON file beside the events and media: settings, members, team, bans,
 * names (each implements this interface and is listed in {@code Backups.sections}; nothing else changes). A backup saves each part; a restore previews
 * and applies them in the list's order, before the events, each apply idempotent (a restore resumed after a crash
 * applies a part again).
 */
public interface BackupSection {
    /** The file in the backup, e.g. {@code members.json}. */
    String file();

    /** The name of its count in the manifest, e.g. {@code members}. */
    String countName();

    /** What the relay has now, as the file holds it. */
    JsonNode save(Relay r);

    /** How many items the saved file holds. */
    long count(JsonNode saved);

    /** Throws IllegalArgumentException, saying what is wrong, when the file is not this part's shape. */
    void check(JsonNode saved);

    /** What applying the saved file to the relay would do. */
    Change preview(Relay target, JsonNode saved, boolean replace);

    /**
     * Makes the relay hold what the file holds: with {@code replace}, also takes away what the file does not hold.
     * Items the relay refuses are added to {@code problems} in words; returns how many items were applied.
     */
    long apply(Relay target, JsonNode saved, boolean replace, String actor, List<String> problems);

    /** Items added, replaced (changed) and removed. */
    record Change(long add, long replace, long remove) {}
}
