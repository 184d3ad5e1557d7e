package caravel.members;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.relayaccess.RelayAccess;
import caravel.relayparts.Caller;
import caravel.relayparts.ListSection;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's members (hex keys), without the relay's own key. A restore adds each one as the owner would (the plan's
 * allowance and the bans are checked for each), and with replace removes the members the backup does not hold (never
 * the owner, nor the relay key). An item's key and value are both the member's key.
 */
final class MembersBackup extends ListSection<String> {
    private final Members members;
    private final RelayAccess access;

    MembersBackup(Members members, RelayAccess access) {
        super("members", 20, "member", "removing member");
        this.members = members;
        this.access = access;
    }

    /** More members than the plan allows (besides the owner and the relay's key): the owner chooses a larger plan. */
    @Override
    public List<String> refusals(Plan plan, String owner, String relayKey, JsonNode saved) {
        if (plan.maxMembers() == null) return List.of();
        long n = counted(owner, listed(saved), relayKey);
        if (n <= plan.maxMembers()) return List.of();
        return List.of("The backup holds " + n + " members besides the owner; the " + plan.name() + " plan allows "
                + plan.maxMembers() + ". Choose a plan that allows " + n + " or more.");
    }

    /** The members: a backup lists their own media uploads too. */
    @Override
    public List<String> uploaders(JsonNode saved) {
        return listed(saved);
    }

    /** The saved members as the file lists them. */
    static List<String> listed(JsonNode saved) {
        List<String> out = new ArrayList<>();
        saved.path("members").forEach(m -> out.add(m.asText()));
        return out;
    }

    /** Members the relay would have beside its owner and key: what the plan's allowance counts. */
    static long counted(String owner, List<String> saved, String relayKey) {
        return saved.stream()
                .filter(p -> !p.equals(owner) && !p.equals(relayKey))
                .distinct()
                .count();
    }

    @Override
    protected Map<String, String> current(Relay r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : members.pubkeys(r)) out.put(p, p);
        out.remove(access.relayPubkey(r));
        return out;
    }

    @Override
    protected void write(ArrayNode list, String pubkey, String same) {
        list.add(pubkey);
    }

    /** {@inheritDoc} Erasing a person ends their membership. */
    @Override
    protected String person(String key, String value) {
        return key;
    }

    @Override
    protected Map.Entry<String, String> read(JsonNode m) {
        return Map.entry(m.asText(), m.asText());
    }

    @Override
    protected void checkItem(JsonNode m, int i) {
        if (!m.isTextual() || !HEX64.matcher(m.asText()).matches())
            throw new IllegalArgumentException("member " + i + " is not a 64-hex public key");
    }

    /** The owner stays a member whatever the file holds. */
    @Override
    protected boolean kept(Relay target, String pubkey) {
        return pubkey.equals(target.tenant());
    }

    /** The relay's own key is never added as a member. */
    @Override
    protected boolean applicable(Relay target, Map<String, String> want, Caller caller, List<String> problems) {
        want.remove(access.relayPubkey(target));
        return true;
    }

    @Override
    protected boolean put(Relay target, String pubkey, String had, String same, Caller caller, List<String> problems) {
        try {
            members.add(target, pubkey, caller.actor());
            return true;
        } catch (Failure f) {
            if (Members.ALREADY_MEMBER.equals(f.code())) return false;
            throw f;
        }
    }

    @Override
    protected boolean remove(Relay target, String pubkey, Caller caller, List<String> problems) {
        members.remove(target, pubkey, caller.actor());
        return true;
    }
}
