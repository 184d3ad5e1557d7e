package caravel.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A relay's settings as stored: what its owner asked for (or the defaults), every {@link Setting} present.
 *
 * <p>What the relay really has is the <b>effective</b> value, {@link #effective(Setting, Plan)}: the stored value
 * AND the relay's current plan includes it (media and calls only on plans with them). So a relay moved to a plan
 * without media keeps its owner's wish but serves no media, and serves it again when it moves back. Calls further
 * need LiveKit on the platform; {@code relays.RelaySettingsRules#effective} gives the full answer (what zooid is sent
 * and what the APIs report), this class only the part decided by the relay and its plan.
 */
public record RelaySettings(Map<Setting, Boolean> stored) {
    public RelaySettings {
        EnumMap<Setting, Boolean> all = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            Boolean v = stored.get(s);
            if (v == null) throw new IllegalArgumentException("setting " + s.wireName() + " has no value");
            all.put(s, v);
        }
        stored = Collections.unmodifiableMap(all);
    }

    /** Every setting at its default: a new relay whose creator asked for nothing. */
    public static RelaySettings defaults() {
        EnumMap<Setting, Boolean> m = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) m.put(s, s.defaultValue());
        return new RelaySettings(m);
    }

    public boolean stored(Setting s) {
        return stored.get(s);
    }

    /** These settings with {@code changes} applied (settings not named keep their value). */
    public RelaySettings with(Map<Setting, Boolean> changes) {
        EnumMap<Setting, Boolean> m = new EnumMap<>(stored);
        m.putAll(changes);
        return new RelaySettings(m);
    }

    /** The stored value, and the plan includes it (see the class comment for calls). */
    public boolean effective(Setting s, Plan plan) {
        return stored(s) && planIncludes(s, plan);
    }

    /**
     * Whether a plan allows a setting to be on: media and calls only on plans with them, everything else on every plan.
     * The one place settings read a plan's features.
     */
    public static boolean planIncludes(Setting s, Plan plan) {
        return switch (s) {
            case BLOSSOM_ENABLED -> plan.blossom();
            case LIVEKIT_ENABLED -> plan.livekit();
            default -> true;
        };
    }
}
