package caravel.relays;

import caravel.domain.Epoch;
import caravel.domain.Failure;
import caravel.domain.Setting;
import caravel.relays.RelayStateMachine.Actor;
import caravel.store.ActivityLog;
import caravel.store.Relay;
import caravel.store.RelayStore;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Switching a relay's settings: refused as a whole when one change is (see {@link RelaySettingsRules}); the settings
 * that really change are written with an activity entry and a sync, so each reaches zooid.
 */
public record RelaySettingsEdits(
        Jdbi jdbi,
        Clock clock,
        RelayStore relayStore,
        RelayTransitions transitions,
        ActivityLog activity,
        RelaySettingsRules rules) {

    Relay changeSettings(String relayId, Map<Setting, Boolean> changes, Actor by) {
        long now = Epoch.seconds(clock);
        return jdbi.inTransaction(h -> changeSettingsIn(h, relayId, changes, by, now));
    }

    /** changeSettings() inside the caller's transaction. */
    Relay changeSettingsIn(Handle h, String relayId, Map<Setting, Boolean> changes, Actor by, long now) {
        Relay r = relayStore.find(h, relayId).orElseThrow(() -> Failure.notFound("relay not found"));
        if (changes.isEmpty()) return r;
        transitions.checkEditable(h, r, by.role());
        rules.check(changes, transitions.plans().of(r.plan()), r.zooidNode());
        EnumMap<Setting, Boolean> changed = new EnumMap<>(Setting.class);
        changes.forEach((s, v) -> {
            if (r.settings().stored(s) != v) changed.put(s, v);
        });
        if (changed.isEmpty()) return r;
        relayStore.writeSettings(h, relayId, r.settings().with(changed), now);
        String what = changed.entrySet().stream()
                .map(e -> e.getKey().label() + (e.getValue() ? " on" : " off"))
                .collect(Collectors.joining(", "));
        activity.add(h, r.tenant(), relayId, "settings_changed", "Settings changed: " + what, by.who(), now);
        transitions.enqueueSync(h, relayId);
        return relayStore.find(h, relayId).orElseThrow();
    }
}
