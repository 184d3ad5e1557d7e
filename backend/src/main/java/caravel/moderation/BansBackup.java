package caravel.moderation;

import caravel.domain.Validation;
import caravel.relayaccess.RelayAccess;
import caravel.relayaccess.RelayRpc;
import caravel.relayparts.Caller;
import caravel.relayparts.ListSection;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's banned keys and the reasons given, read from the relay itself (NIP-86 {@code listbannedpubkeys}, no
 * profile look-ups). A restore bans each through {@link Moderation#ban} (zooid then removes that key's membership and
 * events, as any ban does); with replace it lifts the bans the backup does not hold. A key banned already stays banned
 * with the reason it has.
 */
final class BansBackup extends ListSection<String> {
    private final Moderation moderation;
    private final RelayRpc rpc;
    private final RelayAccess access;

    BansBackup(Moderation moderation, RelayRpc rpc, RelayAccess access) {
        super("bans", 50, "ban of", "lifting the ban on");
        this.moderation = moderation;
        this.rpc = rpc;
        this.access = access;
    }

    @Override
    protected Map<String, String> current(Relay r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode b : rpc.call(access.target(r), "listbannedpubkeys", List.of(), "list its banned people"))
            out.put(b.path("pubkey").asText(), b.path("reason").asText(""));
        return out;
    }

    @Override
    protected void write(ArrayNode list, String pubkey, String reason) {
        list.addObject().put("pubkey", pubkey).put("reason", reason);
    }

    @Override
    protected Map.Entry<String, String> read(JsonNode b) {
        return Map.entry(b.path("pubkey").asText(), b.path("reason").asText(""));
    }

    @Override
    protected void checkItem(JsonNode b, int i) {
        if (!HEX64.matcher(b.path("pubkey").asText("")).matches())
            throw new IllegalArgumentException("ban " + i + " has no 64-hex \"pubkey\"");
    }

    @Override
    protected boolean changes(String reason, String saved) {
        return false;
    }

    @Override
    protected boolean put(
            Relay target, String pubkey, String had, String reason, Caller caller, List<String> problems) {
        moderation.ban(target, pubkey, Validation.reasonAsRestored(reason), caller.actor());
        return true;
    }

    @Override
    protected boolean remove(Relay target, String pubkey, Caller caller, List<String> problems) {
        moderation.unban(target, pubkey, false, caller.actor());
        return true;
    }
}
