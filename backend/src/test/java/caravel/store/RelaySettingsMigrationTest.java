package caravel.store;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.config.Config;
import caravel.domain.RelaySettings;
import caravel.testing.OldSchema;
import caravel.testing.TestEnv;
import caravel.zooid.ZooidConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * V45 adds the relay settings: relays that existed before it get the defaults, and zooid is sent for them exactly what
 * it was sent before settings existed (media and calls by plan, rooms and management on, joining by invite only).
 */
@org.junit.jupiter.api.Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class RelaySettingsMigrationTest {
    @TempDir
    Path dir;

    @Test
    void existingRelaysKeepTheirBehaviour() {
        SQLiteDataSource ds = OldSchema.at(dir.resolve("old.db"), "44");
        // rows as the schema before this migration held them: the owner classes write only today's schema, so SQL
        Jdbi jdbi = Jdbi.create(ds);
        String t = "a".repeat(64);
        jdbi.useHandle(h -> {
            h.execute(
                    "INSERT INTO tenants (pubkey, status, created_at, updated_at, billing_anchor) VALUES (?, 'active', 1, 1, 1)",
                    t);
            String relay =
                    "INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, 'active', 'x', 1, 1)";
            h.execute(relay, "r1", t, "Free", "old-free", "old_free", "free");
            h.execute(relay, "r2", t, "Growth", "old-growth", "old_growth", "growth");
        });
        OldSchema.migrate(ds, null);
        RelayStore store = new RelayStore(jdbi, ds);
        Relay free = store.find("r1").orElseThrow();
        Relay growth = store.find("r2").orElseThrow();
        assertThat(free.settings()).isEqualTo(RelaySettings.defaults());
        assertThat(growth.settings()).isEqualTo(RelaySettings.defaults());

        Map<String, String> env =
                TestEnv.env(dir, 1, caravel.nostr.Keys.generate().pubkey());
        env.put("LIVEKIT_URL", "wss://livekit.example");
        env.put("LIVEKIT_API_KEY", "k");
        env.put("LIVEKIT_API_SECRET", "s");
        Config config = Config.fromEnv(env);
        JsonNode f = ZooidConfig.build(free, "free.relays.test", "1".repeat(64), false, config);
        JsonNode g = ZooidConfig.build(growth, "growth.relays.test", "1".repeat(64), false, config);
        for (JsonNode c : new JsonNode[] {f, g}) {
            assertThat(c.at("/policy/public_join").asBoolean(true)).isFalse();
            assertThat(c.at("/policy/strip_signatures").asBoolean(true)).isFalse();
            assertThat(c.at("/groups/enabled").asBoolean()).isTrue();
            assertThat(c.at("/management/enabled").asBoolean()).isTrue();
            assertThat(c.at("/push/enabled").asBoolean(true)).isFalse(); // zooid's value when the block is absent
            assertThat(c.at("/roles").size()).isEqualTo(1);
            assertThat(c.at("/roles/admin/can_invite").asBoolean()).isTrue();
        }
        assertThat(f.at("/blossom/enabled").asBoolean(true)).isFalse();
        assertThat(f.has("livekit")).isFalse();
        assertThat(g.at("/blossom/enabled").asBoolean()).isTrue();
        assertThat(g.at("/livekit/server_url").asText()).isEqualTo("wss://livekit.example");
    }
}
