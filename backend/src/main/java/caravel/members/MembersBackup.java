package caravel.members;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Setting;
import caravel.json.Json;
import caravel.relayaccess.RelayAccess;
import caravel.relayparts.BackupSection;
import caravel.relayparts.Caller;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The relay's members (hex keys), without the relay's own key. A restore adds each one as the owner would (the plan's
 * allowance and the bans are checked for each), and with replace removes the members the backup does not hold (never
 * the owner, nor the relay key).
 */
final class MembersBackup implements BackupSection {
    private final Members members;
    private final RelayAccess access;

    MembersBackup(Members members, RelayAccess access) {
        this.members = members;
        this.access = access;
    }

    @Override
    public String file() {
        return "members.json";
    }

    @Override
    public String countName() {
        return "members";
    }

    @Override
    public int order() {
        return 20;
    }

    /** More members than the plan allows (besides the owner and the relay's key): the owner chooses a larger plan. */
    @Override
    public List<String> refusals(Plan plan, String owner, String relayKey, JsonNode saved) {
        if (plan.maxMembers() == null) return List.of();
        long n = counted(owner, saved(saved), relayKey);
        if (n <= plan.maxMembers()) return List.of();
        return List.of("The backup holds " + n + " members besides the owner; the " + plan.name() + " plan allows "
                + plan.maxMembers() + ". Choose a plan that allows " + n + " or more.");
    }

    @Override
    public Map<Setting, Boolean> newRelaySettings(JsonNode saved) {
        return Map.of();
    }

    /** The members: a backup lists their own media uploads too. */
    @Override
    public List<String> uploaders(JsonNode saved) {
        return saved(saved);
    }

    private Set<String> current(Relay r) {
        Set<String> out = new LinkedHashSet<>(members.pubkeys(r));
        out.remove(access.relayPubkey(r));
        return out;
    }

    @Override
    public JsonNode save(Relay r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        var list = out.putArray("members");
        current(r).forEach(list::add);
        return out;
    }

    static List<String> saved(JsonNode saved) {
        List<String> out = new ArrayList<>();
        saved.path("members").forEach(m -> out.add(m.asText()));
        return out;
    }

    @Override
    public long count(JsonNode saved) {
        return saved.path("members").size();
    }

    @Override
    public void check(JsonNode saved) {
        if (!saved.path("members").isArray()) throw new IllegalArgumentException("it has no \"members\" list");
        int i = 0;
        for (JsonNode m : saved.path("members")) {
            i++;
            if (!m.isTextual() || !HEX64.matcher(m.asText()).matches())
                throw new IllegalArgumentException("member " + i + " is not a 64-hex public key");
        }
    }

    /** Members the relay would have beside its owner and key: what the plan's allowance counts. */
    static long counted(String owner, List<String> saved, String relayKey) {
        return saved.stream()
                .filter(p -> !p.equals(owner) && !p.equals(relayKey))
                .distinct()
                .count();
    }

    @Override
    public Change preview(Relay target, JsonNode saved, boolean replace) {
        Set<String> now = current(target);
        List<String> want = saved(saved);
        long add = want.stream().filter(p -> !now.contains(p)).count();
        Set<String> wanted = new HashSet<>(want);
        long remove = replace
                ? now.stream()
                        .filter(p -> !wanted.contains(p) && !p.equals(target.tenant()))
                        .count()
                : 0;
        return new Change(add, 0, remove);
    }

    @Override
    public long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems) {
        Set<String> now = current(target);
        String relayKey = access.relayPubkey(target);
        long done = 0;
        List<String> want = saved(saved);
        for (String p : want) {
            if (now.contains(p) || p.equals(relayKey)) continue;
            try {
                members.add(target, p, caller.key());
                done++;
            } catch (Failure f) {
                if (Members.ALREADY_MEMBER.equals(f.code())) continue;
                problems.add("member " + p + ": " + f.getMessage());
            }
        }
        if (replace) {
            Set<String> wanted = new HashSet<>(want);
            for (String p : now) {
                if (wanted.contains(p) || p.equals(target.tenant())) continue;
                try {
                    members.remove(target, p, caller.key());
                    done++;
                } catch (Failure f) {
                    problems.add("removing member " + p + ": " + f.getMessage());
                }
            }
        }
        return done;
    }
}
