package caravel.backups;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The people erased from a backup's relay (docs/erasure.md), whom a restore leaves out: their events up to their
 * request (as the erasure removed them: what they wrote, and the gift wraps addressed to them), and every part's items
 * that are theirs ({@link caravel.relayparts.BackupSection#without}). Each erased key maps to the newest request's
 * date, in seconds; an erasure counts from when it is requested, done or not.
 */
public record ErasedPeople(Map<String, Long> until) {
    /** NIP-59 gift wraps: the ones addressed to an erased person went with them. */
    static final int GIFT_WRAP = 1059;

    /**
     * The relay's own NIP-43 membership events (a member added, removed, the member list): one that names an erased
     * person is left out, since a restored member list would make them a member again where the relay reads its
     * members from the newest list; the members part's file, applied before the events, is what sets the members.
     */
    static final java.util.Set<Integer> MEMBERSHIP = java.util.Set.of(8000, 8001, 13534);

    /** Where they come from: the erasures recorded on a relay (the erasure package's, adapted by the App). */
    public interface Source {
        /** Each person erased from the relay (requested or done), with their newest request's date in seconds. */
        Map<String, Long> erasedOn(String relayId);
    }

    public ErasedPeople {
        until = Map.copyOf(until);
    }

    static final ErasedPeople NONE = new ErasedPeople(Map.of());

    Set<String> keys() {
        return until.keySet();
    }

    boolean none() {
        return until.isEmpty();
    }

    /**
     * Whether a restore leaves this event out: the erasure removed it (written by an erased person, or a gift wrap to
     * one, up to the request), or it is a membership event naming an erased person ({@link #MEMBERSHIP}).
     */
    boolean leavesOut(JsonNode event) {
        if (none()) return false;
        long at = event.path("created_at").asLong();
        Long by = until.get(event.path("pubkey").asText());
        if (by != null && at <= by) return true;
        int kind = event.path("kind").asInt();
        if (MEMBERSHIP.contains(kind)) {
            for (JsonNode tag : event.path("tags"))
                if (until.containsKey(tag.path(1).asText())) return true;
            return false;
        }
        if (kind != GIFT_WRAP) return false;
        for (JsonNode tag : event.path("tags")) {
            if (!tag.path(0).asText().equals("p")) continue;
            Long to = until.get(tag.path(1).asText());
            if (to != null && at <= to) return true;
        }
        return false;
    }

    /** Whether the line is an event the erasure removed (a line that is no JSON object is left to the importer). */
    boolean leavesOut(String line) {
        if (none() || line.isBlank()) return false;
        try {
            return leavesOut(Json.parse(line));
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** Copies the events file's lines except the ones left out; returns how many were left out. */
    long copyKept(InputStream in, OutputStream out) throws IOException {
        long left = 0;
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                var w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (leavesOut(line)) left++;
                else {
                    w.write(line);
                    w.write('\n');
                }
            }
        }
        return left;
    }
}
