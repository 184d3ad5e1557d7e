package caravel.zooid;

import caravel.config.Config;
import caravel.domain.Plan;
import caravel.domain.RelaySettings;
import caravel.domain.Setting;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /** @param team the relay's team (admins manage beside the owner; moderators are kept members who may invite) */
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
        ObjectNode roles = c.putObject("roles");
        ObjectNode admin = roles.putObject("admin");
        var admins = admin.putArray("pubkeys").add(r.tenant());
        team.admins().forEach(admins::add);
        admin.put("can_manage", true).put("can_invite", true);
        if (!team.moderators().isEmpty()) {
            ObjectNode moderator = roles.putObject("moderator");
            var keys = moderator.putArray("pubkeys");
            team.moderators().forEach(keys::add);
            moderator.put("can_manage", false).put("can_invite", true);
        }
        // zooid applies the role named "member" to every member (its pubkeys do not matter)
        if (settings.effective(Setting.MEMBERS_CAN_INVITE, plan))
            roles.putObject("member").put("can_invite", true).put("can_manage", false);
        return c;
    }

    /**
     * The desired config as a PATCH (zooid's deep merge: objects merge, {@code null} deletes a key, anything else
     * replaces), so a write never erases what the node holds and Caravel does not set — keys of zooid's that Caravel
     * does not know (the newer line's {@code management.member_methods}, say) or leaves to others. The parts Caravel
     * owns and may have sent before are removed explicitly when the desired config leaves them out: the calls block,
     * the S3 adapter and bucket, the roles named {@code member} and {@code moderator}.
     */
    public static ObjectNode patchOf(ObjectNode desired) {
        ObjectNode patch = desired.deepCopy();
        if (!patch.has("livekit")) patch.putNull("livekit");
        ObjectNode blossom = patch.has("blossom") ? (ObjectNode) patch.get("blossom") : patch.putObject("blossom");
        if (!blossom.has("adapter")) blossom.putNull("adapter");
        if (!blossom.has("s3")) blossom.putNull("s3");
        ObjectNode roles = patch.has("roles") ? (ObjectNode) patch.get("roles") : patch.putObject("roles");
        if (!roles.has("member")) roles.putNull("member");
        if (!roles.has("moderator")) roles.putNull("moderator"); // the last moderator removed
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
