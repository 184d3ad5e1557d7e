package caravel.names;

import caravel.domain.Failure;
import caravel.domain.RelayRole;
import caravel.domain.Validation;
import caravel.relayparts.Caller;
import caravel.relayparts.ListSection;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Members' NIP-05 names on the relay, each name to its holder. A restore gives each name to its holder (after the
 * members, so the holder is a member by then); a name someone else holds on the target is replaced, and with replace
 * the names the backup does not hold are taken back. A team member's restore leaves the names only the owner gives as
 * they are ({@code _}, {@code admin} and the other staff names: {@link Validation#nip05Name}), and says so in the
 * problems.
 */
final class NamesBackup extends ListSection<String> {
    private final RelayNames names;

    NamesBackup(RelayNames names) {
        super("names", 40, "name", "taking back the name");
        this.names = names;
    }

    @Override
    protected void write(ArrayNode list, String name, String pubkey) {
        list.addObject().put("name", name).put("pubkey", pubkey);
    }

    /** {@inheritDoc} Erasing a person ends the names they hold. */
    @Override
    protected String person(String key, String holder) {
        return holder;
    }

    @Override
    protected Map.Entry<String, String> read(JsonNode n) {
        return Map.entry(n.path("name").asText(), n.path("pubkey").asText());
    }

    @Override
    protected void checkItem(JsonNode n, int i) {
        if (!n.path("name").isTextual()
                || !HEX64.matcher(n.path("pubkey").asText("")).matches())
            throw new IllegalArgumentException("name " + i + " has no \"name\" or no 64-hex \"pubkey\"");
    }

    /**
     * The names only the relay's owner gives or takes ({@code _}, the relay's own, and names members would take for
     * its staff, such as {@code admin}): a team member's restore leaves them as the relay has them, in words.
     */
    private static void ownersOnly(String name, Caller caller) {
        Validation.nip05Name(name, caller.role() == RelayRole.OWNER);
    }

    /** The owner's names are said first, whatever else refuses the rest: a team member's restore never gives them. */
    @Override
    protected boolean applicable(Relay target, Map<String, String> want, Caller caller, List<String> problems) {
        for (String name : want.keySet())
            try {
                ownersOnly(name, caller);
            } catch (Failure f) {
                problems.add(item(name) + ": " + f.getMessage());
            }
        if (names.enabled(target)) return true;
        if (!want.isEmpty())
            problems.add("names: the relay's plan gives no NIP-05 names, so the backup's " + want.size()
                    + " names were not given");
        return false;
    }

    @Override
    protected Map<String, String> current(Relay r) {
        Map<String, String> out = new LinkedHashMap<>();
        names.namesByHolder(r).forEach((pk, name) -> out.put(name, pk));
        return out;
    }

    @Override
    protected boolean put(Relay target, String name, String held, String pubkey, Caller caller, List<String> problems) {
        try {
            ownersOnly(name, caller);
        } catch (Failure f) {
            return false; // said before anything was applied
        }
        if (held != null) names.takeBack(target, name, caller.actor());
        // given with the restoring caller's role: a reserved name stays the owner's to give
        names.give(target, name, pubkey, caller.actor(), caller.role().wire());
        return true;
    }

    @Override
    protected boolean remove(Relay target, String name, Caller caller, List<String> problems) {
        ownersOnly(name, caller);
        names.takeBack(target, name, caller.actor());
        return true;
    }
}
