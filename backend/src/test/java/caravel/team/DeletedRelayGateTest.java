package caravel.team;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BothDatabases;
import caravel.testing.TestBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted relay in its undo window is read, not changed (R5-9): every change route on it that openapi.json lists
 * (so a route added later is covered) answers 409 {@code relay_deleted} with its sentence, for the owner, a platform
 * administrator and a team admin alike, but the few declared to work on a deleted relay (the undo, a restore of its
 * backup into a new relay, taking a transfer offer back). A transfer offered before the deletion cannot be accepted:
 * the receiver would otherwise own the relay and undo its deletion. Its backups' list still reads, and the undo works.
 */
@BothDatabases
class DeletedRelayGateTest {
    /** The change routes that work on a deleted relay; every other one is refused. */
    static final Set<String> WHILE_DELETED = Set.of(
            "POST /relays/{id}/undelete",
            "POST /relays/{id}/backups/{backup}/restore-into-new",
            "DELETE /relays/{id}/transfer");

    @TempDir
    Path dir;

    final Keys owner = Keys.generate(), receiver = Keys.generate(), teamAdmin = Keys.generate();
    TestBackend backend;
    Api api;

    @BeforeEach
    void start() {
        backend = new TestBackend(dir);
        api = backend.api;
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    String create(String sub) {
        Api.Response r = api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"R " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().at("/relay/id").asText();
    }

    static void deletedRefusal(Api.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(409);
        assertThat(r.json().path("code").asText()).as(what).isEqualTo("relay_deleted");
        assertThat(r.error()).as(what).isEqualTo("the relay is deleted: undo the deletion first");
    }

    @Test
    void everyChangeOfADeletedRelayIsRefusedButTheUndoAndItsBackups() throws Exception {
        String id = create("soon-gone");
        Api.Response added = api.as(
                owner,
                "POST",
                "/relays/" + id + "/team",
                "{\"pubkey\":\"" + teamAdmin.pubkey() + "\",\"role\":\"admin\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        Api.Response offered =
                api.as(owner, "POST", "/relays/" + id + "/transfer", "{\"pubkey\":\"" + receiver.pubkey() + "\"}");
        assertThat(offered.status()).as(offered.body()).isEqualTo(201);
        String offer = offered.json().path("id").asText();

        Api.Response deleted =
                api.as(owner, "POST", "/relays/" + id + "/delete", Api.json(Map.of("confirm", "soon-gone")));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        // an offer made before the deletion: its receiver would own the relay and undo the deletion. The deletion
        // withdrew it (its receiver told), so there is nothing to accept; Transfers.accept refuses a deleted relay
        // too, for an acceptance racing the deletion
        Api.Response accepted = api.as(receiver, "POST", "/transfers/" + offer + "/accept", null);
        assertThat(accepted.status())
                .as("accepting an offer: " + accepted.body())
                .isEqualTo(404);
        assertThat(api.as(owner, "GET", "/relays/" + id, null)
                        .json()
                        .path("tenant")
                        .asText())
                .isEqualTo(owner.pubkey());

        // every change route openapi.json lists, for whoever would otherwise be let through
        List<String> checked = new ArrayList<>();
        for (String[] route : changeRoutes()) {
            String key = route[0] + " " + route[1];
            if (WHILE_DELETED.contains(key)) continue;
            String path = route[1].replace("{id}", id).replaceAll("\\{[a-z]+}", "x" + "a".repeat(63));
            deletedRefusal(api.as(backend.admin, route[0], path, "{}"), "a platform administrator's " + key);
            checked.add(key);
        }
        assertThat(checked).contains("PUT /relays/{id}", "POST /relays/{id}/team", "POST /relays/{id}/transfer");
        assertThat(checked.size()).isGreaterThan(30);
        // the owner and a team admin the same (not their role's refusal: the relay's state)
        deletedRefusal(
                api.as(owner, "POST", "/relays/" + id + "/transfer", "{\"pubkey\":\"" + receiver.pubkey() + "\"}"),
                "the owner's new offer");
        deletedRefusal(
                api.as(
                        owner,
                        "POST",
                        "/relays/" + id + "/team",
                        "{\"pubkey\":\"" + receiver.pubkey() + "\",\"role\":\"moderator\"}"),
                "the owner's team change");
        deletedRefusal(api.as(owner, "POST", "/relays/" + id + "/backups", null), "the owner's backup");
        deletedRefusal(api.as(owner, "PUT", "/relays/" + id, "{\"name\":\"Renamed\"}"), "the owner's rename");
        deletedRefusal(
                api.as(teamAdmin, "DELETE", "/relays/" + id + "/team/" + teamAdmin.pubkey(), null),
                "a team admin's change");
        // a stranger still learns nothing
        assertThat(api.as(receiver, "PUT", "/relays/" + id, "{\"name\":\"x\"}").status())
                .isEqualTo(404);

        // reads and the undo still work; the deletion withdrew the open offer, so there is none to take back
        assertThat(api.as(owner, "GET", "/relays/" + id + "/backups", null).status())
                .isEqualTo(200);
        assertThat(api.as(owner, "GET", "/relays/" + id + "/transfer", null)
                        .json()
                        .path("offer")
                        .isNull())
                .isTrue();
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/transfer", null).status())
                .isEqualTo(404);
        Api.Response undone = api.as(owner, "POST", "/relays/" + id + "/undelete", null);
        assertThat(undone.status()).as(undone.body()).isEqualTo(200);
        // back: changes are allowed again
        Api.Response renamed = api.as(owner, "PUT", "/relays/" + id, "{\"name\":\"Renamed\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    }

    /** Every non-GET route on one relay, as openapi.json (held equal to the registered routes) lists them. */
    static List<String[]> changeRoutes() throws Exception {
        JsonNode doc;
        try (InputStream in = DeletedRelayGateTest.class.getResourceAsStream("/openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        List<String[]> out = new ArrayList<>();
        doc.path("paths").properties().forEach(p -> {
            if (!p.getKey().startsWith("/relays/{id}")) return;
            p.getValue().fieldNames().forEachRemaining(m -> {
                if (Set.of("post", "put", "delete", "patch").contains(m))
                    out.add(new String[] {m.toUpperCase(java.util.Locale.ROOT), p.getKey()});
            });
        });
        return out;
    }
}
