package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelaySettings;
import caravel.domain.Setting;
import caravel.store.Relay;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Which relay settings may be switched, and what a relay really has (docs/zooid.md, "Relay settings").
 *
 * <ul>
 *   <li>zooid's config carries joining without an invite, stripping signatures, rooms, the management API, invites by
 *       members (its role named {@code member}), media, calls and push. Public reading and public writing it has no
 *       policy for (every read and write needs membership): they stay off, and asking for them is refused.
 *   <li>The management API stays on: Caravel lists members, bans and deletes posts through NIP-86 on the relay.
 *   <li>Media and calls only on plans that include them; calls only when the platform has LiveKit.
 * </ul>
 *
 * Switching a setting off is never refused except for the management API. A refusal names the setting's wire name
 * as its field. The effective value (what zooid is sent and the APIs report) is the stored value AND the plan
 * includes it AND, for calls, the platform offers them: a relay moved to a plan without media keeps its owner's choice
 * and serves no media until it moves back.
 */
public final class RelaySettingsRules {
    /** Why a setting cannot be switched on (or, for the management API, off) now; shown beside the toggle. */
    public record Lock(String code, String message) {}

    /** What a relay has: every setting's effective value, and the locks of those that cannot be switched now. */
    public record Described(Map<Setting, Boolean> effective, Map<Setting, Lock> locked) {}

    private final boolean livekitOffered;

    private final Plans plans;

    /**
     * Each plan's locks by plan id, made once: they depend only on the plan and the platform, both fixed for the
     * process, and every relay view shows them (building them per view, sentences included, was a visible share of
     * GET /relays/:id, issue 42).
     */
    private final Map<String, Map<Setting, Lock>> locksByPlan;

    /** @param livekitOffered whether the platform has LiveKit configured (calls need it) */
    public RelaySettingsRules(boolean livekitOffered, Plans plans) {
        this.livekitOffered = livekitOffered;
        this.plans = plans;
        Map<String, Map<Setting, Lock>> locks = new HashMap<>();
        for (Plan p : plans.all()) locks.put(p.id(), locksOn(p));
        this.locksByPlan = Map.copyOf(locks);
    }

    /** What the relay really has, every setting present. */
    public Map<Setting, Boolean> effective(Relay r) {
        return describe(r).effective();
    }

    public Described describe(Relay r) {
        Plan plan = planOf(r);
        EnumMap<Setting, Boolean> effective = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values())
            effective.put(s, r.settings().effective(s, plan) && (s != Setting.LIVEKIT_ENABLED || livekitOffered));
        return new Described(Collections.unmodifiableMap(effective), locksByPlan.get(plan.id()));
    }

    /** The settings that cannot be switched on this plan, in the settings' order, each with its refusal. */
    private Map<Setting, Lock> locksOn(Plan plan) {
        EnumMap<Setting, Lock> locked = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            // a setting is locked when one of its two values is refused (off for the management API, on otherwise)
            Failure off = refusal(s, false, plan);
            Failure lock = off != null ? off : refusal(s, true, plan);
            if (lock != null) locked.put(s, new Lock(lock.code(), lock.getMessage()));
        }
        return Collections.unmodifiableMap(locked);
    }

    /**
     * Refuses the first change that cannot be made on this plan (in the settings' order), so nothing of a refused
     * request is applied.
     */
    public void check(Map<Setting, Boolean> changes, Plan plan) {
        for (Setting s : Setting.values()) {
            Boolean v = changes.get(s);
            if (v == null) continue;
            Failure f = refusal(s, v, plan);
            if (f != null) throw f;
        }
    }

    /**
     * The settings a new relay asked for, checked with the same rules. A value equal to the default asks for nothing
     * and is not refused: Flotilla sends every flag when it creates a relay (calls on, for a paid plan, even on a
     * platform without LiveKit), and the relay would have that value anyway.
     */
    public void checkNew(Map<Setting, Boolean> requested, Plan plan) {
        EnumMap<Setting, Boolean> asked = new EnumMap<>(Setting.class);
        requested.forEach((s, v) -> {
            if (v != s.defaultValue()) asked.put(s, v);
        });
        check(asked, plan);
    }

    /** Why {@code s} cannot be set to {@code value} on {@code plan}, or null when it can. */
    private Failure refusal(Setting s, boolean value, Plan plan) {
        String field = s.wireName();
        if (value && (s == Setting.POLICY_PUBLIC_READ || s == Setting.POLICY_PUBLIC_WRITE))
            return new Failure(
                    Failure.Kind.INVALID,
                    "setting_not_supported",
                    field,
                    capitalized(s.label()) + " is not available: only members read and write on these relays "
                            + "(open joining lets anyone become one).");
        if (!value && s == Setting.MANAGEMENT_ENABLED)
            return new Failure(
                    Failure.Kind.INVALID,
                    "setting_required",
                    field,
                    "The management API stays on: members, bans and deleted posts are managed through it.");
        if (value && s == Setting.LIVEKIT_ENABLED && !livekitOffered)
            return new Failure(Failure.Kind.INVALID, "not_offered", field, "Calls are not offered on this platform.");
        if (value && !RelaySettings.planIncludes(s, plan))
            return new Failure(
                    Failure.Kind.FORBIDDEN,
                    "not_in_plan",
                    field,
                    capitalized(s.label()) + " is not included in the " + plan.name()
                            + " plan: move the relay to a plan with it to switch it on.");
        return null;
    }

    private Plan planOf(Relay r) {
        return plans.of(r.plan());
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
