package caravel.moderation;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Setting;
import caravel.domain.Validation;
import caravel.json.Json;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
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
 * The relay's banned keys and the reasons given, read from the relay itself (NIP-86 {@code listbannedpubkeys}, no
 * profile look-ups). A restore bans each through {@link Moderation#ban} (zooid then removes that key's membership and
 * events, as any ban does); with replace it lifts the bans the backup does not hold.
 */
final class BansBackup implements BackupSection {
    private final Moderation moderation;
    private final RelayRpc rpc;
    private final RelayAccess access;

    BansBackup(Moderation moderation, RelayRpc rpc, RelayAccess access) {
        this.moderation = moderation;
        this.rpc = rpc;
        this.access = access;
    }

    @Override
    public String file() {
        return "bans.json";
    }

    @Override
    public String countName() {
        return "bans";
    }

    @Override
    public int order() {
        return 50;
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

    private Map<String, String> current(Relay r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode b : rpc.call(access.target(r), "listbannedpubkeys", List.of(), "list its banned people"))
            out.put(b.path("pubkey").asText(), b.path("reason").asText(""));
        return out;
    }

    @Override
    public JsonNode save(Relay r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("bans");
        current(r).forEach((pk, why) -> list.addObject().put("pubkey", pk).put("reason", why));
        return out;
    }

    static Map<String, String> saved(JsonNode saved) {
        Map<String, String> out = new LinkedHashMap<>();
        saved.path("bans")
                .forEach(
                        b -> out.put(b.path("pubkey").asText(), b.path("reason").asText("")));
        return out;
    }

    @Override
    public long count(JsonNode saved) {
        return saved.path("bans").size();
    }

    @Override
    public void check(JsonNode saved) {
        if (!saved.path("bans").isArray()) throw new IllegalArgumentException("it has no \"bans\" list");
        int i = 0;
        for (JsonNode b : saved.path("bans")) {
            i++;
            if (!HEX64.matcher(b.path("pubkey").asText("")).matches())
                throw new IllegalArgumentException("ban " + i + " has no 64-hex \"pubkey\"");
        }
    }

    @Override
    public Change preview(Relay target, JsonNode saved, boolean replace) {
        Map<String, String> now = current(target);
        Map<String, String> want = saved(saved);
        long add = want.keySet().stream().filter(p -> !now.containsKey(p)).count();
        long remove = replace
                ? now.keySet().stream().filter(p -> !want.containsKey(p)).count()
                : 0;
        return new Change(add, 0, remove);
    }

    @Override
    public long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems) {
        Map<String, String> now = current(target);
        Map<String, String> want = saved(saved);
        long done = 0;
        for (var e : want.entrySet()) {
            if (now.containsKey(e.getKey())) continue;
            try {
                moderation.ban(target, e.getKey(), Validation.reasonAsRestored(e.getValue()), caller.key());
                done++;
            } catch (Failure f) {
                problems.add("ban of " + e.getKey() + ": " + f.getMessage());
            }
        }
        if (replace)
            for (String p : now.keySet()) {
                if (want.containsKey(p)) continue;
                try {
                    moderation.unban(target, p, false, caller.key());
                    done++;
                } catch (Failure f) {
                    problems.add("lifting the ban on " + p + ": " + f.getMessage());
                }
            }
        return done;
    }
}
