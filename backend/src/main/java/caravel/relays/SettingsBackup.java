package caravel.relays;

import caravel.domain.RelayAction;
import caravel.domain.Setting;
import caravel.json.Json;
import caravel.relayparts.Caller;
import caravel.relayparts.FileSection;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The relay's settings (its switches: public reading, media, rooms...) and its profile (name, icon, description...)
 * for the record. A restore applies the switches through {@link Relays#changeSettings}, so the plan's rules still hold; the
 * name stays the target relay's own.
 */
final class SettingsBackup extends FileSection {
    private final Relays relays;

    SettingsBackup(Relays relays) {
        super("settings", 10);
        this.relays = relays;
    }

    /** The backup's switches: a new relay made to restore into starts with them (its plan's rules apply). */
    @Override
    public Map<Setting, Boolean> newRelaySettings(JsonNode saved) {
        return settings(saved);
    }

    @Override
    public JsonNode save(Relay r) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        r.profile().fields().forEach(out::put);
        out.put("plan", r.plan());
        ObjectNode s = out.putObject("settings");
        for (Setting k : Setting.values()) s.put(k.wireName(), r.settings().stored(k));
        return out;
    }

    @Override
    public void check(JsonNode saved) {
        if (!saved.path("settings").isObject()) throw new IllegalArgumentException("it has no \"settings\" object");
        saved.path("settings").properties().forEach(e -> {
            if (!e.getValue().isBoolean())
                throw new IllegalArgumentException("the setting \"" + e.getKey() + "\" is not true or false");
        });
    }

    static Map<Setting, Boolean> settings(JsonNode saved) {
        Map<Setting, Boolean> out = new EnumMap<>(Setting.class);
        saved.path("settings")
                .properties()
                .forEach(e -> Setting.byWireName(e.getKey())
                        .ifPresent(s -> out.put(s, e.getValue().asBoolean())));
        return out;
    }

    @Override
    public Change preview(Relay target, JsonNode saved, boolean replace) {
        long changed = settings(saved).entrySet().stream()
                .filter(e -> target.settings().stored(e.getKey()) != e.getValue())
                .count();
        return new Change(0, changed, 0);
    }

    @Override
    public long apply(Relay target, JsonNode saved, boolean replace, Caller caller, List<String> problems) {
        Map<Setting, Boolean> changes = new EnumMap<>(Setting.class);
        settings(saved).forEach((k, v) -> {
            if (target.settings().stored(k) != v) changes.put(k, v);
        });
        if (changes.isEmpty()) return 0;
        // the settings form's own gate: a role without SETTINGS (a moderator) changes none of them
        if (!caller.role().may(RelayAction.SETTINGS)) {
            problems.add(
                    "settings: " + caller.role().refusal(RelayAction.SETTINGS).getMessage());
            return 0;
        }
        try {
            relays.changeSettings(target.id(), changes, Actor.tenant(caller.key()));
        } catch (caravel.domain.Failure f) {
            problems.add("settings: " + f.getMessage());
            return 0;
        }
        return changes.size();
    }
}
