package caravel.zooid;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.config.Config;
import caravel.domain.RelayHold;
import caravel.domain.RelaySettings;
import caravel.domain.RelayStatus;
import caravel.store.Relay;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team in zooid's config: admins manage beside the owner, moderators are a role that keeps them members and may
 * invite but not manage (archived can_manage would grant every NIP-86 method); the last moderator removed deletes the
 * role in the patch, and nothing else the node holds is touched.
 */
class ZooidTeamConfigTest {
    static final String OWNER = "a".repeat(64), ADMIN = "b".repeat(64), MOD = "c".repeat(64);

    static Relay relay() {
        return new Relay(
                "r1",
                OWNER,
                "R",
                "r1",
                "r1",
                "",
                "",
                "free",
                RelayStatus.ACTIVE,
                "x",
                "synced",
                null,
                0,
                null,
                null,
                true,
                1,
                1,
                null,
                null,
                RelayHold.NONE,
                null,
                null,
                RelaySettings.defaults(),
                false,
                null,
                null,
                null);
    }

    @TempDir
    Path dir;

    Config config() {
        return Config.fromEnv(caravel.testing.TestEnv.env(
                dir, 1, caravel.nostr.Keys.generate().pubkey()));
    }

    @Test
    void adminsManageModeratorsDoNot() {
        ObjectNode c = ZooidConfig.build(
                relay(),
                "r1.relays.test",
                "1".repeat(64),
                false,
                config(),
                ZooidLine.ARCHIVED,
                new TeamKeys(List.of(ADMIN), List.of(MOD)));
        assertThat(c.at("/roles/admin/pubkeys").toString()).isEqualTo("[\"" + OWNER + "\",\"" + ADMIN + "\"]");
        assertThat(c.at("/roles/admin/can_manage").asBoolean()).isTrue();
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
}
