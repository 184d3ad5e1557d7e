package caravel.flotilla;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.FlotillaClient;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay its owner deleted (on Caravel's dashboard: Flotilla has no delete), as Flotilla's hosting screens meet it.
 * Flotilla offers Reactivate on any relay that is not active; so within the undo window the relay is listed as
 * "deleted" and Reactivate brings it back (its owner's alone), and past the window it is out of the list and its id
 * answers 404 in Flotilla's error shape, so no screen offers a button that cannot work (docs/flotilla.md).
 */
@Tag("peer")
class FlotillaDeletedRelayTest {
    @TempDir
    Path dir;

    final Keys zooidKey = Keys.generate(), alice = Keys.generate(), bob = Keys.generate();
    ZooidEmulator zooid;
    TestBackend backend;
    FlotillaClient f;

    @BeforeEach
    void start() throws Exception {
        zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            FlotillaClient.listener("https://app.flotilla.social").accept(env);
        });
        f = FlotillaClient.of(backend);
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        zooid.close();
    }

    JsonNode ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
        return r.json().path("data");
    }

    JsonNode list() {
        return ok(f.as(alice, "GET", "/tenants/" + alice.pubkey() + "/relays", null));
    }

    /** A free space of Alice's, made through Flotilla and running. */
    String activeSpace(String sub) {
        ok(f.as(alice, "POST", "/tenants", "{}"));
        String id = ok(f.as(
                        alice,
                        "POST",
                        "/relays",
                        "{\"subdomain\":\"" + sub + "\",\"zooid_domain\":\"relays.test\",\"plan_id\":\"free\"}"))
                .path("id")
                .asText();
        Wait.until(
                "active",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("status")
                        .asText(),
                "active"::equals);
        return id;
    }

    void deleteOnTheDashboard(String id, String sub) {
        Api.Response d = backend.api.as(alice, "POST", "/relays/" + id + "/delete", "{\"confirm\":\"" + sub + "\"}");
        assertThat(d.status()).as(d.body()).isEqualTo(200);
    }

    @Test
    void withinTheUndoWindowItIsDeletedAndReactivateBringsItBack() {
        String id = activeSpace("oops");
        String kept = activeSpace("kept");
        deleteOnTheDashboard(id, "oops");

        // listed, as deleted: Flotilla's badge reads "Deleted", and its menu offers Reactivate (status is not active)
        JsonNode listed = list();
        assertThat(listed.findValuesAsText("id")).containsExactlyInAnyOrder(id, kept);
        JsonNode shown = ok(f.as(alice, "GET", "/relays/" + id, null));
        assertThat(shown.path("status").asText()).isEqualTo("deleted");
        assertThat(shown.path("sync_error").asText())
                .as("no 'Failed to sync' over the badge")
                .isEmpty();
        for (JsonNode r : listed)
            assertThat(r.path("status").asText())
                    .isEqualTo(r.path("id").asText().equals(id) ? "deleted" : "active");

        // an edit says what to do, in Flotilla's words
        Api.Response edit = f.as(alice, "PUT", "/relays/" + id, "{\"info_name\":\"Renamed\"}");
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.json().path("code").asText()).isEqualTo("relay_deleted");
        assertThat(edit.error()).isEqualTo("This relay is deleted: reactivate it to bring it back first.");

        // a stranger cannot see it nor bring it back
        ok(f.as(bob, "POST", "/tenants", "{}"));
        assertThat(f.as(bob, "POST", "/relays/" + id + "/reactivate", null).status())
                .isEqualTo(404);
        assertThat(f.as(bob, "GET", "/relays/" + id, null).status()).isEqualTo(404);

        // Reactivate undoes the deletion: the same relay, back in service
        JsonNode back = ok(f.as(alice, "POST", "/relays/" + id + "/reactivate", null));
        assertThat(back.path("id").asText()).isEqualTo(id);
        assertThat(back.path("subdomain").asText()).isEqualTo("oops");
        assertThat(back.path("status").asText()).isIn("active", "pending");
        Wait.until(
                "served again",
                Duration.ofSeconds(20),
                () -> ok(f.as(alice, "GET", "/relays/" + id, null))
                        .path("status")
                        .asText(),
                "active"::equals);
        assertThat(Inside.of(backend.app).relayStore().find(id).orElseThrow().deleted())
                .isFalse();
    }

    @Test
    void pastTheUndoWindowItIsGoneFromTheListAndItsIdAnswers404() {
        String id = activeSpace("gone");
        deleteOnTheDashboard(id, "gone");
        assertThat(list().findValuesAsText("id")).containsExactly(id);

        backend.clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(list()).isEmpty();
        for (String[] call : new String[][] {
            {"GET", "/relays/" + id, null},
            {"POST", "/relays/" + id + "/reactivate", null},
            {"POST", "/relays/" + id + "/deactivate", null},
            {"PUT", "/relays/" + id, "{\"info_name\":\"Back\"}"},
            {"GET", "/relays/" + id + "/members", null},
            {"GET", "/relays/" + id + "/activity", null},
            {"GET", "/relays/" + id + "/export", null}
        }) {
            Api.Response r = f.as(alice, call[0], call[1], call[2]);
            assertThat(r.status()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(r.json().path("code").asText()).isEqualTo("not_found");
            assertThat(r.error()).as(call[0] + " " + call[1] + " " + r.body()).isEqualTo("This relay was deleted.");
        }
        // and once the purge has run (its subdomain freed), still nothing
        Wait.until(
                "purged",
                Duration.ofSeconds(30),
                () -> Inside.of(backend.app)
                        .relayStore()
                        .find(id)
                        .orElseThrow()
                        .deletion()
                        .purged());
        assertThat(list()).isEmpty();
        assertThat(f.as(alice, "GET", "/relays/" + id, null).status()).isEqualTo(404);
    }
}
