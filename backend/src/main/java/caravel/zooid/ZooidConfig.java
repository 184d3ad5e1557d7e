package caravel.zooid;

import caravel.config.Config;
import caravel.domain.Plan;
import caravel.domain.RelaySettings;
import caravel.domain.Setting;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The config Caravel wants zooid to hold for a relay (docs/zooid.md, "The config Caravel sends"). */
public final class ZooidConfig {
    private ZooidConfig() {}

    /**
     * @param host      the relay's host ({@link NodeClients#address}), which zooid serves it under
     * @param secretHex the relay's own secret key (decrypted just for this call)
     * @param inactive  whether zooid should stop serving it (deactivated, suspended, or awaiting first payment)
     */
    public static ObjectNode build(Relay r, String host, String secretHex, boolean inactive, Config config) {
        return build(r, host, secretHex, inactive, config, ZooidLine.ARCHIVED);
    }

    /**
     * @param line the line the relay's node runs, as last told ({@link NodeLines}). Only the newer line's
     *     {@code policy} has {@code public_read} and {@code public_write}: there they are sent as the relay has them;
     *     the archived line would drop them, so they are left out; while the line is unknown only an off value is
     *     sent (right on either line), and an on value is left to what the node holds.
     */
    public static ObjectNode build(
            Relay r, String host, String secretHex, boolean inactive, Config config, ZooidLine line) {
        return build(r, host, secretHex, inactive, config, line, TeamKeys.NONE);
    }

    /**
     * @param team the relay's team: kept members who may invite, admins and moderators alike (neither manages the relay
     *     over NIP-86: they manage through Caravel, whose rules protect the owner, the team and platform bans)
     */
    public static ObjectNode build(
            Relay r, String host, String secretHex, boolean inactive, Config config, ZooidLine line, TeamKeys team) {
        Plan plan = config.plans().of(r.plan());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode c = f.objectNode();
        c.put("host", host);
        c.put("schema", r.schema());
        c.put("secret", secretHex);
        c.put("inactive", inactive);
        ObjectNode info = c.putObject("info");
        info.put("name", r.name())
                .put("icon", r.icon())
                .put("pubkey", r.tenant())
                .put("description", r.description());
        RelaySettings settings = r.settings();
        ObjectNode policy = c.putObject("policy")
                .put("public_join", settings.effective(Setting.POLICY_PUBLIC_JOIN, plan))
                .put("strip_signatures", settings.effective(Setting.POLICY_STRIP_SIGNATURES, plan));
        for (Setting s : new Setting[] {Setting.POLICY_PUBLIC_READ, Setting.POLICY_PUBLIC_WRITE}) {
            boolean on = settings.effective(s, plan);
            if (line.publicPolicies() || (line == ZooidLine.UNKNOWN && !on)) policy.put(zooidName(s), on);
        }
        c.putObject("groups").put("enabled", settings.effective(Setting.GROUPS_ENABLED, plan));
        c.putObject("management").put("enabled", settings.effective(Setting.MANAGEMENT_ENABLED, plan));
        c.putObject("push").put("enabled", settings.effective(Setting.PUSH_ENABLED, plan));
        boolean media = settings.effective(Setting.BLOSSOM_ENABLED, plan);
        ObjectNode blossom = c.putObject("blossom");
        blossom.put("enabled", media);
        // zooid keeps media on its local disk unless the adapter says s3; it adds "<schema>/" to every key itself
        if (media)
            config.blossomS3().ifPresent(s3 -> {
                blossom.put("adapter", "s3");
                ObjectNode o = blossom.putObject("s3");
                s3.endpoint().ifPresent(e -> o.put("endpoint", e));
                o.put("region", s3.region())
                        .put("bucket", s3.bucket())
                        .put("access_key", s3.accessKey())
                        .put("secret_key", s3.secretKey());
                s3.keyPrefix().ifPresent(prefix -> o.put("key_prefix", prefix));
            });
        // zooid has no switch for calls: a relay has them when its config carries a livekit block
        if (settings.effective(Setting.LIVEKIT_ENABLED, plan))
            config.livekit()
                    .ifPresent(lk -> c.putObject("livekit")
                            .put("server_url", lk.url())
                            .put("api_key", lk.apiKey())
                            .put("api_secret", lk.apiSecret()));
        // Caravel's roles keep the team members (zooid re-adds every key a role names at each load) and let them
        // invite; none of them manages: on the archived line can_manage grants every NIP-86 method, banning the owner
        // and the other admins and lifting a platform ban included, which Caravel's rules refuse an admin (team.md)
        ObjectNode roles = c.putObject("roles");
        ObjectNode admin = roles.putObject(roleName(ADMIN_ROLE, line));
        var admins = admin.putArray("pubkeys").add(r.tenant());
        team.admins().forEach(admins::add);
        admin.put("can_manage", false).put("can_invite", true);
        if (!team.moderators().isEmpty()) {
            ObjectNode moderator = roles.putObject(roleName(MODERATOR_ROLE, line));
            var keys = moderator.putArray("pubkeys");
            team.moderators().forEach(keys::add);
            moderator.put("can_manage", false).put("can_invite", true);
        }
        if (settings.effective(Setting.MEMBERS_CAN_INVITE, plan)) {
            // the archived line applies the role named "member" to every member (its pubkeys do not matter); on the
            // newer line roles are labels, and what members may call is management.member_methods; an unknown line
            // gets both (each line drops or ignores the form it does not have)
            if (line != ZooidLine.NEWER)
                roles.putObject(MEMBER_ROLE).put("can_invite", true).put("can_manage", false);
            if (line != ZooidLine.ARCHIVED)
                ((ObjectNode) c.get("management")).putArray("member_methods").add(MEMBER_INVITE_METHOD);
        }
        return c;
    }

    /** The role that keeps the owner and the team's admins members and inviters (never managers). */
    static final String ADMIN_ROLE = "admin";

    /** The role of the team's moderators: members who may invite. */
    static final String MODERATOR_ROLE = "moderator";

    /** The archived line's role that applies to every member ("members can invite"). */
    static final String MEMBER_ROLE = "member";

    /** The NIP-86 method the newer line opens to every member when members may invite. */
    public static final String MEMBER_INVITE_METHOD = "createclaim";

    /**
     * On the newer line roles are created over NIP-86 by the relay's owner too (labels), so Caravel's own names carry a
     * prefix no owner's role is expected to take: Caravel never writes over, nor deletes, a role it did not create.
     */
    static final String NEWER_PREFIX = "caravel_";

    /** The name of one of Caravel's roles on a node of {@code line}. */
    static String roleName(String role, ZooidLine line) {
        return line == ZooidLine.NEWER ? NEWER_PREFIX + role : role;
    }

    /** The team role a role name in a config Caravel sent stands for ({@code caravel_admin} → {@code admin}). */
    public static String teamRoleOf(String roleName) {
        return roleName.startsWith(NEWER_PREFIX) ? roleName.substring(NEWER_PREFIX.length()) : roleName;
    }

    /** As {@link #patchOf(ObjectNode, JsonNode, ZooidLine)} with no earlier write known. */
    public static ObjectNode patchOf(ObjectNode desired) {
        return patchOf(desired, null, ZooidLine.ARCHIVED);
    }

    /**
     * The desired config as a PATCH (zooid's deep merge: objects merge, {@code null} deletes a key, anything else
     * replaces), so a write never erases what the node holds and Caravel does not set — keys of zooid's that Caravel
     * does not know, and roles the owner created over NIP-86 on the newer line. What Caravel owns and sent before is
     * removed explicitly when the desired config leaves it out: the calls block, the S3 adapter and bucket, and each
     * role and the {@code member_methods} list that Caravel's previous write held ({@code previous}, the config zooid
     * last accepted from Caravel). Without a previous write known (a create retried as a patch, a relay synced before
     * Caravel kept its configs), the names Caravel has used on that line are removed instead; on the newer line that is
     * none of the unprefixed names, which an owner's role may have.
     *
     * @param previous the config zooid last accepted from Caravel (redacted is fine), or null
     * @param line the line of the node written to
     */
    public static ObjectNode patchOf(ObjectNode desired, JsonNode previous, ZooidLine line) {
        ObjectNode patch = desired.deepCopy();
        if (!patch.has("livekit")) patch.putNull("livekit");
        ObjectNode blossom = patch.has("blossom") ? (ObjectNode) patch.get("blossom") : patch.putObject("blossom");
        if (!blossom.has("adapter")) blossom.putNull("adapter");
        if (!blossom.has("s3")) blossom.putNull("s3");
        ObjectNode roles = patch.has("roles") ? (ObjectNode) patch.get("roles") : patch.putObject("roles");
        Set<String> sentBefore = new LinkedHashSet<>();
        boolean known = previous != null && previous.isObject();
        if (known) previous.path("roles").fieldNames().forEachRemaining(sentBefore::add);
        else {
            if (line != ZooidLine.NEWER) sentBefore.addAll(List.of(MEMBER_ROLE, MODERATOR_ROLE));
            if (line != ZooidLine.ARCHIVED) sentBefore.add(NEWER_PREFIX + MODERATOR_ROLE);
        }
        for (String name : sentBefore) if (!roles.has(name)) roles.putNull(name); // the last moderator removed, say
        if (!patch.path("management").has("member_methods")
                && known
                && previous.path("management").has("member_methods")) {
            // "members can invite" turned off: the list Caravel sent goes
            ObjectNode management =
                    patch.has("management") ? (ObjectNode) patch.get("management") : patch.putObject("management");
            management.putNull("member_methods");
        }
        return patch;
    }

    /** {@code policy_public_read} → {@code public_read}: zooid's key inside {@code policy}. */
    private static String zooidName(Setting s) {
        return s.wireName().substring("policy_".length());
    }

    /** The config with every secret removed, as kept in relays.synced_config for display and diagnosis. */
    public static ObjectNode redacted(ObjectNode config) {
        ObjectNode copy = config.deepCopy();
        copy.remove("secret");
        if (copy.has("livekit")) ((ObjectNode) copy.get("livekit")).put("api_secret", "(redacted)");
        if (copy.path("blossom").has("s3"))
            ((ObjectNode) copy.get("blossom").get("s3")).put("secret_key", "(redacted)");
        return copy;
    }
}
