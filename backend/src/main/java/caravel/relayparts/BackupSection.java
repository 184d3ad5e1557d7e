package caravel.relayparts;

import caravel.domain.Plan;
import caravel.domain.Setting;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A part's contribution to its relay's backup: one JSON file beside the events and media. A backup saves each part's
 * file; a restore previews and applies them in {@link #order}, before the events, each apply idempotent (a restore
 * resumed after a crash applies a part again) and always through the part's own service methods, as the {@link Caller}
 * who started the restore, so it changes only what that caller may change and each item passes the rules the form
 * that edits it passes.
 */
public interface BackupSection {
    /** A public key or hash as the files hold them: 64 lowercase hex digits. */
    Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** The file in the backup, e.g. {@code members.json}. */
    String file();

    /** The name of its count in the manifest, e.g. {@code members}. */
    String countName();

    /**
     * Where a restore applies it among the others (lower first): what another part's restore needs is in place
     * before (settings before media, members before names and the team, bans last since a ban removes a membership).
     */
    int order();

    /** What the relay has now, as the file holds it. */
    JsonNode save(Relay r);

    /** How many items the saved file holds. */
    long count(JsonNode saved);

    /** Throws IllegalArgumentException, saying what is wrong, when the file is not this part's shape. */
    void check(JsonNode saved);

    /** What applying the saved file to the relay would do. */
    Change preview(Relay target, JsonNode saved, boolean replace);

    /**
     * Why {@code plan} cannot hold what the file holds (in words for the owner), empty when it can: a restore is
     * refused before it starts. {@code owner} is the target relay's owner, {@code relayKey} its own key ("" for a
     * relay not made yet).
     */
    List<String> refusals(Plan plan, String owner, String relayKey, JsonNode saved);

    /** The settings a new relay made to restore into starts with (the chosen plan's rules still apply), else none. */
    Map<Setting, Boolean> newRelaySettings(JsonNode saved);

    /** Keys whose own Blossom uploads the backup lists beside the relay's (the members'), else none. */
    List<String> uploaders(JsonNode saved);

    /**
     * Makes the relay hold what the file holds, as far as {@code caller} may change it: with {@code replace}, also
     * takes away what the file does not hold. Items the caller may not change or the relay refuses are added to
     * {@code problems} in words; returns how many items were applied.
     */
    long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems);

    /**
     * The saved file without the items of the {@code erased} people (docs/erasure.md: a restore never brings an erased
     * person back); the file itself when it holds none of theirs, or holds nothing that is a person's.
     */
    default JsonNode without(JsonNode saved, java.util.Set<String> erased) {
        return saved;
    }

    /** Items added, replaced (changed) and removed. */
    record Change(long add, long replace, long remove) {}
}
