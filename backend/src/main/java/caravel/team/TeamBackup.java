package caravel.team;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.RelayRole;
import caravel.domain.Setting;
import caravel.json.Json;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's team (admins and moderators, by hex key). A restore adds, changes and removes each one through {@link
 * Team} as the restore's caller, with the caller's role: the owner anyone, an admin moderators only (an admin in the
 * file, or an admin on the relay the file leaves out, stays as the relay has them, and the problems say why), a
 * moderator nobody; and Team's own rules (never the owner, never a banned key, at most {@link Team#MAX_MEMBERS}).
 * zooid's roles follow by the relay's sync.
 */
final class TeamBackup implements BackupSection {
    private final Team team;

    TeamBackup(Team team) {
        this.team = team;
    }

    @Override
    public String file() {
        return "team.json";
    }

    @Override
    public String countName() {
        return "team";
    }

    @Override
    public int order() {
        return 30;
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

    private Map<String, RelayRole> current(Relay r) {
        Map<String, RelayRole> out = new LinkedHashMap<>();
        for (TeamStore.Member m : team.list(r)) out.put(m.pubkey(), m.role());
        return out;
    }

    @Override
    public JsonNode save(Relay r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        var list = out.putArray("team");
        current(r).forEach((pk, role) -> list.addObject().put("pubkey", pk).put("role", role.wire()));
        return out;
    }

    /** The saved team, by key (a key listed twice keeps its last role). */
    private static Map<String, RelayRole> saved(JsonNode saved) {
        Map<String, RelayRole> out = new LinkedHashMap<>();
        for (JsonNode m : saved.path("team"))
            out.put(
                    m.path("pubkey").asText(),
                    RelayRole.team(m.path("role").asText()).orElseThrow());
        return out;
    }

    @Override
    public long count(JsonNode saved) {
        return saved.path("team").size();
    }

    @Override
    public void check(JsonNode saved) {
        if (!saved.path("team").isArray()) throw new IllegalArgumentException("it has no \"team\" list");
        int i = 0;
        for (JsonNode m : saved.path("team")) {
            i++;
            if (!m.path("pubkey").isTextual()
                    || !HEX64.matcher(m.path("pubkey").asText()).matches())
                throw new IllegalArgumentException("team member " + i + " is not a 64-hex public key");
            if (!m.path("role").isTextual()
                    || RelayRole.team(m.path("role").asText()).isEmpty())
                throw new IllegalArgumentException("team member " + i + " has no role admin or moderator");
        }
    }

    @Override
    public Change preview(Relay target, JsonNode saved, boolean replace) {
        Map<String, RelayRole> now = current(target);
        Map<String, RelayRole> want = saved(saved);
        long add = want.keySet().stream().filter(p -> !now.containsKey(p)).count();
        long change = want.entrySet().stream()
                .filter(e -> now.containsKey(e.getKey()) && now.get(e.getKey()) != e.getValue())
                .count();
        long remove = replace
                ? now.keySet().stream().filter(p -> !want.containsKey(p)).count()
                : 0;
        return new Change(add, change, remove);
    }

    @Override
    public long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems) {
        Map<String, RelayRole> now = current(target);
        Map<String, RelayRole> want = saved(saved);
        long done = 0;
        for (var e : want.entrySet()) {
            String pk = e.getKey();
            RelayRole had = now.get(pk);
            if (had == e.getValue()) continue;
            try {
                if (had == null)
                    team.add(
                            target,
                            caller.role(),
                            caller.key(),
                            pk,
                            e.getValue().wire());
                else
                    team.change(
                            target,
                            caller.role(),
                            caller.key(),
                            pk,
                            e.getValue().wire());
                done++;
            } catch (Failure f) {
                // already added by a restore that crashed after this step's write: nothing to do
                if ("already_on_team".equals(f.code())) continue;
                problems.add("team member " + pk + ": " + f.getMessage());
            }
        }
        if (replace) {
            for (String pk : now.keySet()) {
                if (want.containsKey(pk)) continue;
                if (pk.equals(caller.key())) {
                    problems.add("team member " + pk + " (you) stays: a restore does not take its caller off the team");
                    continue;
                }
                try {
                    team.remove(target, caller.role(), caller.key(), pk);
                    done++;
                } catch (Failure f) {
                    problems.add("removing team member " + pk + ": " + f.getMessage());
                }
            }
        }
        return done;
    }
}
