package caravel.names;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayRole;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.json.Json;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Members' NIP-05 names on the relay. A restore gives each name to its holder (after the members, so the holder is a
 * member by then); a name someone else holds on the target is replaced, and with replace the names the backup does
 * not hold are taken back. A team member's restore leaves the names only the owner gives as they are ({@code _},
 * {@code admin} and the other staff names: {@link Validation#nip05Name}), and says so in the problems.
 */
final class NamesBackup implements BackupSection {
    private final RelayNames names;

    NamesBackup(RelayNames names) {
        this.names = names;
    }

    @Override
    public String file() {
        return "names.json";
    }

    @Override
    public String countName() {
        return "names";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public List<String> refusals(Plan plan, String owner, String relayKey, JsonNode saved) {
        return List.of();
    }

    @Override
    public Map<Setting, Boolean> newRelaySettings(JsonNode saved) {
        return Map.of();
    }

    @Override
    public List<String> uploaders(JsonNode saved) {
        return List.of();
    }

    /** name to holder */
    private Map<String, String> current(Relay r) {
        Map<String, String> out = new LinkedHashMap<>();
        names.namesByHolder(r).forEach((pk, name) -> out.put(name, pk));
        return out;
    }

    @Override
    public JsonNode save(Relay r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("names");
        current(r).forEach((name, pk) -> list.addObject().put("name", name).put("pubkey", pk));
        return out;
    }

    static Map<String, String> saved(JsonNode saved) {
        Map<String, String> out = new LinkedHashMap<>();
        saved.path("names")
                .forEach(n -> out.put(n.path("name").asText(), n.path("pubkey").asText()));
        return out;
    }

    @Override
    public long count(JsonNode saved) {
        return saved.path("names").size();
    }

    @Override
    public void check(JsonNode saved) {
        if (!saved.path("names").isArray()) throw new IllegalArgumentException("it has no \"names\" list");
        int i = 0;
        for (JsonNode n : saved.path("names")) {
            i++;
            if (!n.path("name").isTextual()
                    || !HEX64.matcher(n.path("pubkey").asText("")).matches())
                throw new IllegalArgumentException("name " + i + " has no \"name\" or no 64-hex \"pubkey\"");
        }
    }

    @Override
    public Change preview(Relay target, JsonNode saved, boolean replace) {
        Map<String, String> now = current(target);
        Map<String, String> want = saved(saved);
        long add = want.keySet().stream().filter(n -> !now.containsKey(n)).count();
        long changed = want.entrySet().stream()
                .filter(e -> now.containsKey(e.getKey()) && !now.get(e.getKey()).equals(e.getValue()))
                .count();
        long remove = replace
                ? now.keySet().stream().filter(n -> !want.containsKey(n)).count()
                : 0;
        return new Change(add, changed, remove);
    }

    /**
     * The names only the relay's owner gives or takes ({@code _}, the relay's own, and names members would take for
     * its staff, such as {@code admin}): a team member's restore leaves them as the relay has them, in words.
     */
    private static void ownersOnly(String name, Caller caller) {
        Validation.nip05Name(name, caller.role() == RelayRole.OWNER);
    }

    private static boolean ownerMay(String name, Caller caller) {
        try {
            ownersOnly(name, caller);
            return true;
        } catch (Failure f) {
            return false;
        }
    }

    @Override
    public long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems) {
        // the owner's names first, whatever else refuses the rest: a team member's restore never gives them
        for (String name : saved(saved).keySet())
            try {
                ownersOnly(name, caller);
            } catch (Failure f) {
                problems.add("name " + name + ": " + f.getMessage());
            }
        if (!names.enabled(target)) {
            if (!saved(saved).isEmpty())
                problems.add("names: the relay's plan gives no NIP-05 names, so the backup's "
                        + saved(saved).size() + " names were not given");
            return 0;
        }
        Map<String, String> now = current(target);
        Map<String, String> want = saved(saved);
        long done = 0;
        for (var e : want.entrySet()) {
            String held = now.get(e.getKey());
            if (e.getValue().equals(held)) continue;
            if (!ownerMay(e.getKey(), caller)) continue; // said above
            try {
                if (held != null) names.takeBack(target, e.getKey(), caller.key());
                // given with the restoring caller's role: a reserved name stays the owner's to give
                names.give(
                        target,
                        e.getKey(),
                        e.getValue(),
                        caller.key(),
                        caller.role().wire());
                done++;
            } catch (Failure f) {
                problems.add("name " + e.getKey() + ": " + f.getMessage());
            }
        }
        if (replace)
            for (String n : now.keySet()) {
                if (want.containsKey(n)) continue;
                try {
                    ownersOnly(n, caller);
                    names.takeBack(target, n, caller.key());
                    done++;
                } catch (Failure f) {
                    problems.add("taking back the name " + n + ": " + f.getMessage());
                }
            }
        return done;
    }
}
