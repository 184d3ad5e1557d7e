package caravel.relays;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.TestBackend;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A deployment from before nodes, unchanged: its relays rows record no node and no domain (V60 adds both as NULL),
 * and with the single-node settings they are the default node's, at RELAY_DOMAIN, counted against its capacity.
 */
@Tag("sqlite") // the SQLite file itself: left out of the PostgreSQL run
class NodesBeforeNodesTest {
    @TempDir
    Path dir;

    @Test
    void aRelayFromBeforeNodesIsTheDefaultNodesAtRelayDomain() {
        // the schema as it was before V60, with a relay in it
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("caravel.db"));
        Flyway.configure()
                .dataSource(ds)
                .locations(caravel.store.Dialect.SQLITE.locations())
                .target("51")
                .load()
                .migrate();
        Keys owner = Keys.generate();
        Jdbi.create(ds).useHandle(h -> {
            h.execute(
                    "INSERT INTO tenants (pubkey, status, created_at, updated_at, billing_anchor) VALUES (?, 'active', 1, 1, 1)",
                    owner.pubkey());
            h.execute(
                    "INSERT INTO relays (id, tenant, name, subdomain, schema, plan, status, secret_enc, created_at,"
                            + " updated_at) VALUES ('old1', ?, 'Old', 'old', 'old', 'free', 'inactive', 'x', 1, 1)",
                    owner.pubkey());
        });
        try (TestBackend b = new TestBackend(dir, env -> env.put("ZOOID_CAPACITY", "1"))) {
            var row = Inside.of(b.app).relayStore().find("old1").orElseThrow();
            assertThat(row.zooidNode()).isNull();
            assertThat(row.relayDomain()).isNull();
            assertThat(Inside.of(b.app).nodes().node(row).name()).isEqualTo("default");
            Api.Response view = b.api.as(b.admin, "GET", "/relays/old1", null);
            assertThat(view.json().path("url").asText()).isEqualTo("wss://old.relays.test");
            assertThat(view.json().path("node").asText()).isEqualTo("default");
            // it fills the default node's one place: a new relay is refused
            Api.Response refused = b.api.as(
                    Keys.generate(),
                    "POST",
                    "/relays",
                    "{\"name\":\"New\",\"subdomain\":\"new-one\",\"plan\":\"free\"}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().path("code").asText()).isEqualTo("platform_full");
        }
    }
}
