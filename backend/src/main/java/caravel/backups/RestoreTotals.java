package caravel.backups;

import caravel.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A restore's running totals, as {@code relay_restores} keeps them, and the problems met so far. */
final class RestoreTotals {
    /** Problems a restore keeps at most (each said once). */
    static final int PROBLEMS_KEPT = 20;

    long eventsDone, eventsRefused, blobsDone, membersDone, bansDone, namesDone;
    /** Events of erased people left out (said in the activity log's line; not kept in the row). */
    long eventsErased;

    final List<String> problems = new ArrayList<>();

    RestoreTotals(RelayBackupStore.Restore r) {
        eventsDone = r.eventsDone();
        eventsRefused = r.eventsRefused();
        blobsDone = r.blobsDone();
        membersDone = r.membersDone();
        bansDone = r.bansDone();
        namesDone = r.namesDone();
        if (r.problems() != null) for (JsonNode n : Json.parse(r.problems())) problems.add(n.asText());
    }

    void add(String part, long n) {
        switch (part) {
            case "members" -> membersDone += n;
            case "bans" -> bansDone += n;
            case "names" -> namesDone += n;
            default -> {
                // settings and other parts are not counted
            }
        }
    }

    RelayBackupStore.Progress snapshot() {
        Set<String> unique = new java.util.LinkedHashSet<>(problems);
        var arr = Json.MAPPER.createArrayNode();
        unique.stream().limit(PROBLEMS_KEPT).forEach(arr::add);
        return new RelayBackupStore.Progress(
                eventsDone, eventsRefused, blobsDone, membersDone, bansDone, namesDone, arr.toString());
    }
}
