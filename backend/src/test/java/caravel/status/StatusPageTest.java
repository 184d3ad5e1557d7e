package caravel.status;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.MoveNodes;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public status page over two zooid emulator nodes: all up, then one node stopped turns the platform "degraded"
 * and that node "down" (waited for on the page itself), the day's history keeps it, and the operator's incident note
 * is shown to anyone, as typed, and on the join page of a relay on the stopped node beside that node's state; a stranger or a signed-in non-administrator cannot post one, and bad notes are refused.
 */
class StatusPageTest {
    @TempDir
    Path dir;

    @Test
    void aStoppedNodeDegradesThePlatformAndTheHistoryKeepsIt() throws Exception {
        Keys keyA = Keys.generate();
        Keys keyB = Keys.generate();
        ZooidEmulator a = new ZooidEmulator(dir.resolve("a"), keyA.pubkey(), 0);
        try (ZooidEmulator b = new ZooidEmulator(dir.resolve("b"), keyB.pubkey(), 0);
                TestBackend backend = new TestBackend(dir, env -> MoveNodes.configure(env, a, keyA, b, keyB))) {
            Api anyone = backend.api;
            JsonNode up = Wait.until(
                    "both nodes up",
                    Duration.ofSeconds(20),
                    () -> page(anyone),
                    p -> p.get("state").asText().equals("up"));
            assertThat(states(up)).containsEntry("node:a", "up").containsEntry("node:b", "up");
            assertThat(up.at("/history/platform")).hasSize(PlatformStatus.DAYS_KEPT);
            assertThat(last(up, "platform")).isEqualTo("up");
            // a relay placed on a (b takes no new relays): its join page shows a's health, nothing the page does not
            Api.Response created = anyone.as(
                    Keys.generate(),
                    "POST",
                    "/relays",
                    "{\"name\":\"Health\",\"subdomain\":\"health\",\"plan\":\"free\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode healthy = joinHealth(anyone);
            assertThat(healthy.get("component").asText()).isEqualTo("node:a");
            assertThat(healthy.get("state").asText()).isEqualTo("up");
            assertThat(healthy.get("incidents")).isEmpty();

            a.close();
            JsonNode degraded = Wait.until(
                    "the platform degraded",
                    Duration.ofSeconds(20),
                    () -> page(anyone),
                    p -> p.get("state").asText().equals("degraded"));
            assertThat(states(degraded)).containsEntry("node:a", "down").containsEntry("node:b", "up");
            // today's bar is the worst state seen today: the outage stays in the history once a is back
            assertThat(last(degraded, "platform")).isEqualTo("degraded");
            assertThat(last(degraded, "node:a")).isEqualTo("down");
            assertThat(degraded.toString()).doesNotContain(a.url).doesNotContain("127.0.0.1");
            JsonNode sick = joinHealth(anyone);
            assertThat(sick.get("state").asText()).isEqualTo("down");
            assertThat(sick.get("detail").asText()).isEqualTo("not answering");
            assertThat(sick.toString()).doesNotContain(a.url).doesNotContain("127.0.0.1");

            // the operator's note: shown to anyone, as typed (the page renders it as text)
            String markup = "<script>alert(1)</script> **bold**";
            Api.Response posted = anyone.as(
                    backend.admin,
                    "POST",
                    "/admin/status/incidents",
                    Api.json(Map.of("title", "Node a is down", "body", markup)));
            assertThat(posted.status()).as(posted.body()).isEqualTo(201);
            String id = posted.json().get("id").asText();
            JsonNode shown = page(anyone).get("incidents").get(0);
            assertThat(shown.get("body").asText()).isEqualTo(markup);
            assertThat(shown.get("state").asText()).isEqualTo("investigating");
            assertThat(joinHealth(anyone).at("/incidents/0/id").asText()).isEqualTo(id);

            Api.Response resolved = anyone.as(
                    backend.admin,
                    "PUT",
                    "/admin/status/incidents/" + id,
                    Api.json(Map.of("title", "Node a is down", "body", "Back up.", "state", "resolved")));
            assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
            assertThat(resolved.json().get("resolved_at").isNumber()).isTrue();
            assertThat(joinHealth(anyone).get("incidents"))
                    .as("a resolved note is no longer open")
                    .isEmpty();
        }
    }

    @Test
    void onlyAnAdministratorPostsAndBadNotesAreRefused() {
        try (TestBackend backend = new TestBackend(dir)) {
            Api api = backend.api;
            String note = Api.json(Map.of("title", "t", "body", "b"));
            assertThat(api.send("POST", "/admin/status/incidents", note, null).status())
                    .isEqualTo(401);
            assertThat(api.as(Keys.generate(), "POST", "/admin/status/incidents", note)
                            .status())
                    .isEqualTo(403);
            Api.Response blank =
                    api.as(backend.admin, "POST", "/admin/status/incidents", Api.json(Map.of("title", " ")));
            assertThat(blank.status()).isEqualTo(400);
            assertThat(blank.body()).contains("title");
            Api.Response badState = api.as(
                    backend.admin,
                    "POST",
                    "/admin/status/incidents",
                    Api.json(Map.of("title", "x", "body", "", "state", "fine")));
            assertThat(badState.status()).isEqualTo(400);
            assertThat(badState.body()).contains("state");
            Api.Response missing = api.as(
                    backend.admin,
                    "PUT",
                    "/admin/status/incidents/nope",
                    Api.json(Map.of("title", "x", "body", "", "state", "resolved")));
            assertThat(missing.status()).isEqualTo(404);
            assertThat(api.send("GET", "/status", null, null).json().get("incidents"))
                    .isEmpty();
        }
    }

    private static JsonNode page(Api api) {
        Api.Response r = api.send("GET", "/status", null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The health the join page of the relay "health" shows, read as anyone. */
    private static JsonNode joinHealth(Api api) {
        Api.Response r = api.send("GET", "/admissions/health", null, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("subdomain").asText())
                .as("the join info's own fields stay at the top")
                .isEqualTo("health");
        return r.json().get("health");
    }

    private static Map<String, String> states(JsonNode page) {
        Map<String, String> out = new java.util.TreeMap<>();
        page.get("components")
                .forEach(c -> out.put(c.get("name").asText(), c.get("state").asText()));
        return out;
    }

    private static String last(JsonNode page, String component) {
        JsonNode days = page.at("/history/" + component.replace("/", "~1"));
        return days.get(days.size() - 1).get("state").asText();
    }
}
