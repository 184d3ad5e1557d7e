package caravel.relays;

import caravel.domain.Failure;
import caravel.domain.Plan;
import caravel.domain.Plans;
import caravel.domain.RelaySettings;
import caravel.domain.Setting;
import caravel.store.Relay;
import caravel.zooid.NodeLines;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Which relay settings may be switched, and what a relay really has (docs/zooid.md, "Relay settings").
 *
 * <ul>
 *   <li>zooid's config carries joining without an invite, stripping signatures, rooms, the management API, invites by
 *       members (its role named {@code member}), media, calls and push. Public reading and public writing only zooid's
 *       newer line has ({@code policy.public_read}, {@code policy.public_write}): on a node that runs it they pass
 *       through; on the archived line (every read and write needs membership) or a node not told apart yet they stay
 *       off, and asking for them is refused.
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

    /**
     * Whether the zooid node a relay is placed on has public reading and writing, by the node's name as a relays row
     * records it (null: the default node). zooid.NodeLines answers it from the node's own line probe.
     */
    public interface PublicPolicies {
        /** As last told; never calls zooid (every relay view reads it). */
        boolean known(String node);

        /** Asking the node now if it was not told yet (a change of settings, a new relay). */
        boolean now(String node);

        /** A count raised whenever an answer of {@link #known} may have changed. */
        default long changes() {
            return 0;
        }

        /** As each node's own line probe answers ({@link NodeLines}): only zooid's newer line has them. */
        static PublicPolicies of(NodeLines lines) {
            return new PublicPolicies() {
                @Override
                public long changes() {
                    return lines.changes();
                }

                @Override
                public boolean known(String node) {
                    return lines.line(node).publicPolicies();
                }

                @Override
                public boolean now(String node) {
                    return lines.lineNow(node).publicPolicies();
                }
            };
        }

        /** No node has them (the archived line everywhere). */
        PublicPolicies NONE = new PublicPolicies() {
            @Override
            public boolean known(String node) {
                return false;
            }

            @Override
            public boolean now(String node) {
                return false;
            }
        };
    }

    private final boolean livekitOffered;

    private final Plans plans;

    private final PublicPolicies publicPolicies;

    /**
     * Each plan's locks by plan id, made once (for nodes with and without public policies): they depend only on the
     * plan, the platform and the node's line, and every relay view shows them (building them per view, sentences
     * included, was a visible share of GET /relays/:id, issue 42).
     */
    private final Map<String, Map<Setting, Lock>> locksByPlan;

    private final Map<String, Map<Setting, Lock>> locksByPlanWithPublic;

    /** Rules for a platform whose zooid nodes have no public reading or writing. */
    public RelaySettingsRules(boolean livekitOffered, Plans plans) {
        this(livekitOffered, plans, PublicPolicies.NONE);
    }

    /**
     * @param livekitOffered whether the platform has LiveKit configured (calls need it)
     * @param publicPolicies which nodes carry public reading and writing
     */
    public RelaySettingsRules(boolean livekitOffered, Plans plans, PublicPolicies publicPolicies) {
        this.livekitOffered = livekitOffered;
        this.plans = plans;
        this.publicPolicies = publicPolicies;
        Map<String, Map<Setting, Lock>> locks = new HashMap<>();
        Map<String, Map<Setting, Lock>> withPublic = new HashMap<>();
        for (Plan p : plans.all()) {
            locks.put(p.id(), locksOn(p, false));
            withPublic.put(p.id(), locksOn(p, true));
        }
        this.locksByPlan = Map.copyOf(locks);
        this.locksByPlanWithPublic = Map.copyOf(withPublic);
    }

    /** A count raised whenever a node's public policies may have changed (what a kept relay view is checked against). */
    public long nodeLineChanges() {
        return publicPolicies.changes();
    }

    /** What the relay really has, every setting present. */
    public Map<Setting, Boolean> effective(Relay r) {
        return describe(r).effective();
    }

    /**
     * What the relay has and what may be switched on it. Public reading and writing count only on a node known to run
     * zooid's newer line: a relay that asked for them on such a node and was moved to an archived one has them off
     * there (its owner's choice is kept for a node that has them).
     */
    public Described describe(Relay r) {
        Plan plan = planOf(r);
        boolean open = publicPolicies.known(r.zooidNode());
        EnumMap<Setting, Boolean> effective = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values())
            effective.put(
                    s,
                    r.settings().effective(s, plan)
                            && (s != Setting.LIVEKIT_ENABLED || livekitOffered)
                            && (open || !isPublicPolicy(s)));
        return new Described(
                Collections.unmodifiableMap(effective), (open ? locksByPlanWithPublic : locksByPlan).get(plan.id()));
    }

    private static boolean isPublicPolicy(Setting s) {
        return s == Setting.POLICY_PUBLIC_READ || s == Setting.POLICY_PUBLIC_WRITE;
    }

    /** The settings that cannot be switched on this plan, in the settings' order, each with its refusal. */
    private Map<Setting, Lock> locksOn(Plan plan, boolean open) {
        EnumMap<Setting, Lock> locked = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            // a setting is locked when one of its two values is refused (off for the management API, on otherwise)
            Failure off = refusal(s, false, plan, open);
            Failure lock = off != null ? off : refusal(s, true, plan, open);
            if (lock != null) locked.put(s, new Lock(lock.code(), lock.getMessage()));
        }
        return Collections.unmodifiableMap(locked);
    }

    /** {@link #check(Map, Plan, String)} for a relay on the default node. */
    public void check(Map<Setting, Boolean> changes, Plan plan) {
        check(changes, plan, null);
    }

    /**
     * Refuses the first change that cannot be made on this plan and zooid node (in the settings' order), so nothing of
     * a refused request is applied. A node not told apart yet is asked now, but only when public reading or writing is
     * switched on.
     */
    public void check(Map<Setting, Boolean> changes, Plan plan, String node) {
        boolean asksPublic = changes.entrySet().stream().anyMatch(e -> isPublicPolicy(e.getKey()) && e.getValue());
        boolean open = asksPublic && publicPolicies.now(node);
        for (Setting s : Setting.values()) {
            Boolean v = changes.get(s);
            if (v == null) continue;
            Failure f = refusal(s, v, plan, open);
            if (f != null) throw f;
        }
    }

    /** {@link #checkNew(Map, Plan, String)} for a relay on the default node. */
    public void checkNew(Map<Setting, Boolean> requested, Plan plan) {
        checkNew(requested, plan, null);
    }

    /**
     * The settings a new relay asked for, checked with the same rules for the node it is placed on. A value equal to
     * the default asks for nothing and is not refused: Flotilla sends every flag when it creates a relay (calls on, for
     * a paid plan, even on a platform without LiveKit), and the relay would have that value anyway.
     */
    public void checkNew(Map<Setting, Boolean> requested, Plan plan, String node) {
        EnumMap<Setting, Boolean> asked = new EnumMap<>(Setting.class);
        requested.forEach((s, v) -> {
            if (v != s.defaultValue()) asked.put(s, v);
        });
        check(asked, plan, node);
    }

    /** Why {@code s} cannot be set to {@code value} on {@code plan} (on a node with public policies or not), or null. */
    private Failure refusal(Setting s, boolean value, Plan plan, boolean open) {
        String field = s.wireName();
        if (value && !open && isPublicPolicy(s))
            return new Failure(
                    Failure.Kind.INVALID,
                    "setting_not_supported",
                    field,
                    capitalized(s.label()) + " is not available: only members read and write on this relay's server "
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
