package caravel.team;

import caravel.domain.Failure;
import caravel.domain.RelayRole;
import caravel.relayparts.Caller;
import caravel.relayparts.ListSection;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
final class TeamBackup extends ListSection<RelayRole> {
    private final Team team;

    TeamBackup(Team team) {
        super("team", 30, "team member", "removing team member");
        this.team = team;
    }

    @Override
    protected Map<String, RelayRole> current(Relay r) {
        Map<String, RelayRole> out = new LinkedHashMap<>();
        for (TeamStore.Member m : team.list(r)) out.put(m.pubkey(), m.role());
        return out;
    }

    @Override
    protected void write(ArrayNode list, String pubkey, RelayRole role) {
        list.addObject().put("pubkey", pubkey).put("role", role.wire());
    }

    /** {@inheritDoc} Erasing a person ends their seat. */
    @Override
    protected String person(String key, RelayRole value) {
        return key;
    }

    @Override
    protected Map.Entry<String, RelayRole> read(JsonNode m) {
        return Map.entry(
                m.path("pubkey").asText(),
                RelayRole.team(m.path("role").asText()).orElseThrow());
    }

    @Override
    protected void checkItem(JsonNode m, int i) {
        if (!m.path("pubkey").isTextual()
                || !HEX64.matcher(m.path("pubkey").asText()).matches())
            throw new IllegalArgumentException("team member " + i + " is not a 64-hex public key");
        if (!m.path("role").isTextual()
                || RelayRole.team(m.path("role").asText()).isEmpty())
            throw new IllegalArgumentException("team member " + i + " has no role admin or moderator");
    }

    @Override
    protected boolean put(
            Relay target, String pk, RelayRole had, RelayRole role, Caller caller, List<String> problems) {
        try {
            if (had == null) team.add(target, caller.role(), caller.actor(), pk, role.wire());
            else team.change(target, caller.role(), caller.actor(), pk, role.wire());
            return true;
        } catch (Failure f) {
            // already added by a restore that crashed after this step's write: nothing to do
            if ("already_on_team".equals(f.code())) return false;
            throw f;
        }
    }

    @Override
    protected boolean remove(Relay target, String pk, Caller caller, List<String> problems) {
        if (pk.equals(caller.key())) {
            problems.add("team member " + pk + " (you) stays: a restore does not take its caller off the team");
            return false;
        }
        team.remove(target, caller.role(), caller.actor(), pk);
        return true;
    }
}
