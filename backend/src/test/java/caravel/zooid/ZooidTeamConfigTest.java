package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.config.Config;
import caravel.domain.RelayProfile;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team in zooid's config: admins and moderators are roles that keep them members and may invite, and neither
 * manages (archived can_manage would grant every NIP-86 method: banning the owner and the other admins, lifting a
 * platform ban); the last moderator removed deletes the role in the patch, and nothing else the node holds is touched.
 * On the newer line Caravel's roles carry its prefix, only the roles Caravel sent before are removed, and "members can
 * invite" is {@code management.member_methods}.
 */
class ZooidTeamConfigTest {
    static final String OWNER = "a".repeat(64), ADMIN = "b".repeat(64), MOD = "c".repeat(64);

    static Relay relay() {
        return relay(RelaySettings.defaults());
    }

    static Relay relay(RelaySettings settings) {
        return Relay.build(b -> {
            b.id = "r1";
            b.tenant = OWNER;
            b.profile = RelayProfile.EMPTY.withName("R");
            b.subdomain = "r1";
            b.schema = "r1";
            b.plan = "free";
            b.status = RelayStatus.ACTIVE;
            b.secretEnc = "x";
            b.syncState = "synced";
            b.zooidCreated = true;
            b.createdAt = 1;
            b.updatedAt = 1;
            b.settings = settings;
        });
    }

    @TempDir
    Path dir;

    Config config() {
        return Config.fromEnv(caravel.testing.TestEnv.env(
                dir, 1, caravel.nostr.Keys.generate().pubkey()));
    }

    @Test
    void neitherAdminsNorModeratorsManage() {
        ObjectNode c = ZooidConfig.build(
                relay(),
                "r1.relays.test",
                "1".repeat(64),
                false,
                config(),
                ZooidLine.ARCHIVED,
                new TeamKeys(List.of(ADMIN), List.of(MOD)));
        assertThat(c.at("/roles/admin/pubkeys").toString()).isEqualTo("[\"" + OWNER + "\",\"" + ADMIN + "\"]");
        assertThat(c.at("/roles/admin/can_manage").asBoolean(true)).isFalse();
        assertThat(c.at("/roles/admin/can_invite").asBoolean()).isTrue();
        assertThat(c.at("/roles/moderator/pubkeys").toString()).isEqualTo("[\"" + MOD + "\"]");
        assertThat(c.at("/roles/moderator/can_manage").asBoolean()).isFalse();
        assertThat(c.at("/roles/moderator/can_invite").asBoolean()).isTrue();
        assertThat(ZooidConfig.patchOf(c).at("/roles/moderator").isObject()).isTrue();
    }

    @Test
    void theLastModeratorRemovedRemovesTheRoleOnly() {
        ObjectNode c = ZooidConfig.build(
                relay(), "r1.relays.test", "1".repeat(64), false, config(), ZooidLine.ARCHIVED, TeamKeys.NONE);
        assertThat(c.at("/roles/admin/pubkeys").toString()).isEqualTo("[\"" + OWNER + "\"]");
        assertThat(c.path("roles").has("moderator")).isFalse();
        ObjectNode patch = ZooidConfig.patchOf(c);
        assertThat(patch.at("/roles/moderator").isNull()).isTrue();
        // keys zooid holds that Caravel does not set are not in the patch, so they stay
        assertThat(patch.path("management").has("member_methods")).isFalse();
    }

    static Relay membersInvite() {
        return relay(RelaySettings.defaults().with(java.util.Map.of(caravel.domain.Setting.MEMBERS_CAN_INVITE, true)));
    }

    @Test
    void onTheNewerLineCaravelsRolesArePrefixedAndMembersInviteThroughMemberMethods() {
        ObjectNode c = ZooidConfig.build(
                membersInvite(),
                "r1.relays.test",
                "1".repeat(64),
                false,
                config(),
                ZooidLine.NEWER,
                new TeamKeys(List.of(ADMIN), List.of(MOD)));
        assertThat(c.path("roles").has("admin")).isFalse();
        assertThat(c.at("/roles/caravel_admin/pubkeys").toString()).contains(ADMIN);
        assertThat(c.at("/roles/caravel_admin/can_manage").asBoolean(true)).isFalse();
        assertThat(c.at("/roles/caravel_moderator/pubkeys").toString()).contains(MOD);
        assertThat(c.path("roles").has("member"))
                .as("roles are labels on this line")
                .isFalse();
        assertThat(c.at("/management/member_methods").toString()).isEqualTo("[\"createclaim\"]");
        // the archived line: the role named member, no member_methods (it would drop them)
        ObjectNode old = ZooidConfig.build(
                membersInvite(), "r1.relays.test", "1".repeat(64), false, config(), ZooidLine.ARCHIVED, TeamKeys.NONE);
        assertThat(old.at("/roles/member/can_invite").asBoolean()).isTrue();
        assertThat(old.path("management").has("member_methods")).isFalse();
    }

    @Test
    void onTheNewerLineOnlyWhatCaravelSentBeforeIsRemoved() {
        ObjectNode before = ZooidConfig.build(
                membersInvite(),
                "r1.relays.test",
                "1".repeat(64),
                false,
                config(),
                ZooidLine.NEWER,
                new TeamKeys(List.of(), List.of(MOD)));
        ObjectNode now = ZooidConfig.build(
                relay(), "r1.relays.test", "1".repeat(64), false, config(), ZooidLine.NEWER, TeamKeys.NONE);
        ObjectNode patch = ZooidConfig.patchOf(now, ZooidConfig.redacted(before), ZooidLine.NEWER);
        assertThat(patch.at("/roles/caravel_moderator").isNull()).isTrue();
        assertThat(patch.at("/management/member_methods").isNull()).isTrue();
        // names Caravel did not send (an owner's role "moderator" or "member", made over NIP-86) are not named
        assertThat(patch.path("roles").has("moderator")).isFalse();
        assertThat(patch.path("roles").has("member")).isFalse();
        assertThat(patch.path("roles").has("admin")).isFalse();
        // a node that was archived before: Caravel's unprefixed roles go as the prefixed ones come
        ObjectNode archived = ZooidConfig.build(
                membersInvite(),
                "r1.relays.test",
                "1".repeat(64),
                false,
                config(),
                ZooidLine.ARCHIVED,
                new TeamKeys(List.of(ADMIN), List.of()));
        ObjectNode moved = ZooidConfig.patchOf(now, ZooidConfig.redacted(archived), ZooidLine.NEWER);
        assertThat(moved.at("/roles/admin").isNull()).isTrue();
        assertThat(moved.at("/roles/member").isNull()).isTrue();
        assertThat(moved.at("/roles/caravel_admin/pubkeys").toString()).contains(OWNER);
    }
}
