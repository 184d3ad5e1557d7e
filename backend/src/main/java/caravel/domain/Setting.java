package caravel.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * A relay setting its owner switches on or off, named on the wire as Flotilla's hosting API names its 0/1 flags (and
 * as the native API's {@code settings} object names them). Which ones zooid can carry, and when a setting may be
 * switched, is decided by {@code relays.RelaySettingsRules}; the default is what every relay had before settings
 * existed, so a relay nobody changed behaves as it always did.
 */
public enum Setting {
    /** Anyone may read without joining. zooid has no such policy: every read needs membership. */
    POLICY_PUBLIC_READ("policy_public_read", "public reading", false),
    /** Anyone may publish without joining. zooid has no such policy: every write needs membership. */
    POLICY_PUBLIC_WRITE("policy_public_write", "public writing", false),
    /** Anyone may join without an invite (zooid's {@code policy.public_join}). */
    POLICY_PUBLIC_JOIN("policy_public_join", "joining without an invite", false),
    /** Events are served without their signatures to all but managers (zooid's {@code policy.strip_signatures}). */
    POLICY_STRIP_SIGNATURES("policy_strip_signatures", "stripping signatures", false),
    /** NIP-29 rooms (zooid's {@code groups.enabled}). */
    GROUPS_ENABLED("groups_enabled", "rooms", true),
    /** NIP-86 management on the relay's host (zooid's {@code management.enabled}). */
    MANAGEMENT_ENABLED("management_enabled", "the management API", true),
    /** Every member may invite others (zooid's role named {@code member} with {@code can_invite}). */
    MEMBERS_CAN_INVITE("members_can_invite", "invites by members", false),
    /** Media uploads (zooid's {@code blossom.enabled}); served only on plans that include media. */
    BLOSSOM_ENABLED("blossom_enabled", "media (Blossom)", true),
    /** Calls (zooid's {@code livekit} block); served only on plans with calls, on a platform with LiveKit. */
    LIVEKIT_ENABLED("livekit_enabled", "calls (LiveKit)", true),
    /** Push notifications (zooid's {@code push.enabled}). */
    PUSH_ENABLED("push_enabled", "push notifications", false);

    private final String wireName;
    private final String label;
    private final boolean defaultValue;

    Setting(String wireName, String label, boolean defaultValue) {
        this.wireName = wireName;
        this.label = label;
        this.defaultValue = defaultValue;
    }

    /** The flag's name in Flotilla's API, the native API and the relays table's column. */
    public String wireName() {
        return wireName;
    }

    /** What the setting is, in words for messages ("media (Blossom)"). */
    public String label() {
        return label;
    }

    /** The value a relay has when nobody set it (what Caravel did before relays had settings). */
    public boolean defaultValue() {
        return defaultValue;
    }

    public static Optional<Setting> byWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
