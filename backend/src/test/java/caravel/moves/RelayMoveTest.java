package caravel.moves;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.archive.Importer;
import caravel.domain.Actor;
import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.store.Relay;
import caravel.testing.Api;
import caravel.testing.MoveNodes;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An administrator moves a relay from zooid node a to node b (two emulators, each its own key and relay domain): its
 * events, members and bans reach b, its URL stays the one it was made with, node a no longer holds it, and events
 * written to a during the move are not lost. A relay whose events b cannot take stays whole on a.
 */
@Tag("peer")
class RelayMoveTest {
    @TempDir
    Path dir;

    final Keys keyA = Keys.generate(), keyB = Keys.generate(), owner = Keys.generate();
    ZooidEmulator a, b;
    TestBackend backend;

    /** Set by a case that runs on real zooid too (ZOOID_BIN); the others need the emulator's control routes. */
    boolean onRealZooidToo;

    void start() throws Exception {
        start(null);
    }

    /**
     * @param copyCommand MOVE_COPY_COMMAND given the two emulators' addresses (null: none set); "COPY" in it stands for
     *     the stack's copier between emulators with both nodes named, or on real zooid the deploy's copy script between
     *     the two nodes' databases
     */
    void start(String copyCommand) throws Exception {
        a = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), 0);
        b = new ZooidEmulator(dir.resolve("zooid-b"), keyB.pubkey(), 0);
        if (!onRealZooidToo)
            a.requireEmulator("this move case reads and writes events through the emulator's control routes");
        String copier = a.real() ? MoveNodes.deployCopier(a, b) : MoveNodes.copier(a, b);
        backend = new TestBackend(dir, env -> {
            if (copyCommand != null) env.put("MOVE_COPY_COMMAND", copyCommand.replace("COPY", copier));
            MoveNodes.configure(env, a, keyA, b, keyB);
            env.put("MOVE_DRAIN_SECONDS", Integer.toString(drainSeconds));
        });
    }

    /**
     * How long a move keeps copying from the old node after its switch. A move that ends done waits at least this
     * long, so only the case that writes to the old node after the switch has a long one; a case whose writes all
     * come before the move (or whose move fails before the switch) has nothing to wait for.
     */
    int drainSeconds = 1;

    @AfterEach
    void stop() {
        if (backend != null) backend.close();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    String activeRelay(String sub) {
        Api.Response r = backend.api.as(
                owner,
                "POST",
                "/relays",
                "{\"name\":\"Relay " + sub + "\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().at("/relay/id").asText();
        Wait.until(
                "relay " + id + " active and synced",
                Duration.ofSeconds(30),
                () -> backend.api.as(owner, "GET", "/relays/" + id, null).json(),
                v -> v.path("status").asText().equals("active")
                        && v.at("/sync/state").asText().equals("synced"));
        return id;
    }

    Relay row(String id) {
        return Inside.of(backend.app).relayStore().find(id).orElseThrow();
    }

    /** Events signed by the relay's own key, published to it on the node {@code node} (as an import does). */
    List<Event> publish(String id, String node, int count, String label) {
        Relay on = row(id).onNode(node);
        Keys relayKey = Inside.of(backend.app).community().access.target(on).keys();
        long now = System.currentTimeMillis() / 1000;
        List<Event> events = new java.util.ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Event e = relayKey.sign(now - i / 5, 1, List.of(List.of("n", label + i)), label + " " + i);
            events.add(e);
            lines.append(e.toJsonString()).append('\n');
        }
        Importer.Result r = Inside.of(backend.app)
                .community()
                .importer
                .importLines(
                        on,
                        new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)),
                        -1,
                        Actor.person("test"));
        assertThat(r.imported()).as(r.toString()).isEqualTo(count);
        return events;
    }

    Set<String> eventIds(ZooidEmulator z, String schema) {
        Set<String> ids = new HashSet<>();
        for (JsonNode e : z.control("GET", "/_emulator/relays/" + schema + "/events?kinds=1", null))
            ids.add(e.path("id").asText());
        return ids;
    }

    Api.Response move(String id, String node) {
        return backend.api.as(backend.admin, "POST", "/admin/relays/" + id + "/move", "{\"node\":\"" + node + "\"}");
    }

    JsonNode moveOf(String id) {
        return backend.api
                .as(backend.admin, "GET", "/admin/relays/" + id + "/move", null)
                .json();
    }

    /** The move's step read from its store (polling the admin API this often would meet its rate limit). */
    String stepOf(String id) {
        return Inside.of(backend.app)
                .community()
                .moves
                .store()
                .latest(id)
                .map(m -> m.step().text())
                .orElse("");
    }

    @Test
    void aMovedRelayKeepsItsUrlEventsMembersAndBansAndLosesNothingWrittenDuringTheMove() throws Exception {
        // the late posts below go to the old node after the test sees the switch: the move copies what arrives
        // within the drain, so the drain must outlast seeing the step and publishing them on a loaded machine
        // (3 s did not once, with the machine's load at 15)
        drainSeconds = 10;
        start();
        String id = activeRelay("moving");
        String schema = row(id).schema();
        assertThat(row(id).zooidNode()).isEqualTo("a");
        String url = backend.api
                .as(owner, "GET", "/relays/" + id, null)
                .json()
                .path("url")
                .asText();
        assertThat(url).isEqualTo("wss://moving.a.relays.test");
        List<Event> before = publish(id, "a", 1500, "before");
        Keys alice = Keys.generate(), mallory = Keys.generate();
        assertThat(backend.api
                        .as(owner, "POST", "/relays/" + id + "/members", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isBetween(200, 201);
        Api.Response ban =
                backend.api.as(owner, "POST", "/relays/" + id + "/bans", "{\"pubkey\":\"" + mallory.pubkey() + "\"}");
        assertThat(ban.status()).as(ban.body()).isBetween(200, 201);

        // never moved: nothing to show (no error: the admin's relay page asks on every visit); an unknown relay is 404
        assertThat(backend.api
                        .as(backend.admin, "GET", "/admin/relays/" + id + "/move", null)
                        .status())
                .isEqualTo(204);
        assertThat(backend.api
                        .as(backend.admin, "GET", "/admin/relays/nosuchrelay/move", null)
                        .status())
                .isEqualTo(404);

        // only an administrator moves relays; the owner is told the route is not theirs
        assertThat(backend.api
                        .as(owner, "POST", "/admin/relays/" + id + "/move", "{\"node\":\"b\"}")
                        .status())
                .isEqualTo(403);
        assertThat(move(id, "nowhere").status()).isEqualTo(400);
        assertThat(move(id, "a").status()).isEqualTo(409);
        Api.Response started = move(id, "b");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(move(id, "b").status())
                .as("a second move while one is under way")
                .isEqualTo(409);

        // written to the old node after the switch (a connection the proxy opened before it): copied all the same
        Wait.until(
                "the switch",
                Duration.ofSeconds(60),
                () -> stepOf(id),
                s -> s.equals("switched") || s.equals("caught_up") || s.equals("done") || s.equals("failed"));
        assertThat(stepOf(id)).as(moveOf(id).toString()).isEqualTo("switched");
        List<Event> late = publish(id, "a", 3, "late");

        JsonNode done = Wait.until(
                "the move done",
                Duration.ofSeconds(60),
                () -> moveOf(id),
                m -> m.path("step").asText().equals("done")
                        || m.path("step").asText().equals("failed"));
        assertThat(done.path("step").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.path("events").asLong()).isGreaterThanOrEqualTo(before.size() + late.size());

        // the row names b; the URL is the one the relay was made with
        assertThat(row(id).zooidNode()).isEqualTo("b");
        assertThat(backend.api
                        .as(owner, "GET", "/relays/" + id, null)
                        .json()
                        .path("url")
                        .asText())
                .isEqualTo(url);
        assertThat(b.relay(schema).path("host").asText()).isEqualTo("moving.a.relays.test");
        assertThat(a.relays().has(schema))
                .as("node a no longer holds the relay")
                .isFalse();
        // every event, the late ones too
        Set<String> onB = eventIds(b, schema);
        for (Event e : before) assertThat(onB).contains(e.id());
        for (Event e : late) assertThat(onB).contains(e.id());
        // members and bans
        assertThat(b.control("GET", "/_emulator/relays/" + schema + "/members", null)
                        .toString())
                .contains(alice.pubkey());
        assertThat(b.control("GET", "/_emulator/relays/" + schema + "/banned", null)
                        .toString())
                .contains(mallory.pubkey());
        // and the relay works on b: an import through the product's route reaches b
        List<Event> after = publish(id, "b", 2, "after");
        assertThat(eventIds(b, schema)).contains(after.get(0).id());
    }

    @Test
    void aRelayWhoseEventsTheNewNodeRefusesStaysWholeOnItsOldNode() throws Exception {
        start();
        String id = activeRelay("keeper");
        String schema = row(id).schema();
        List<Event> own = publish(id, "a", 20, "own");
        // a note by someone else, stored on a (as a member's post would be): zooid takes it on b only from its author
        Path data = a.configDir.resolve(".emulator-data/" + schema + ".json");
        int port = a.port;
        a.close();
        ObjectNode file = (ObjectNode) Api.JSON.readTree(Files.readString(data));
        Event foreign = Keys.generate().sign(System.currentTimeMillis() / 1000, 1, List.of(), "a member's note");
        ((ArrayNode) file.get("events")).add(foreign.toJson());
        Files.writeString(data, file.toString());
        a = new ZooidEmulator(dir.resolve("zooid-a"), keyA.pubkey(), port);

        assertThat(move(id, "b").status()).isEqualTo(202);
        JsonNode ended = Wait.until(
                "the move ended",
                Duration.ofSeconds(60),
                () -> moveOf(id),
                m -> m.path("step").asText().equals("done")
                        || m.path("step").asText().equals("failed"));
        assertThat(ended.path("step").asText()).as(ended.toString()).isEqualTo("failed");
        assertThat(ended.path("error").asText())
                .contains("refused by zooid node 'b'")
                .contains("stays on node 'a'");
        // nothing changed for the relay: still on a with every event, and b holds no partial copy
        assertThat(row(id).zooidNode()).isEqualTo("a");
        assertThat(b.relays().has(schema)).isFalse();
        Set<String> onA = eventIds(a, schema);
        assertThat(onA).contains(foreign.id());
        for (Event e : own) assertThat(onA).contains(e.id());
        // a move can be asked again once the last one ended
        assertThat(move(id, "b").status()).isEqualTo(202);
    }

    /** Notes by a member, stored on node a as a member's posts are (zooid took each from its author). */
    List<Event> memberPosts(String id, Keys member, int count) {
        String schema = row(id).schema();
        long now = System.currentTimeMillis() / 1000;
        List<Event> posts = new java.util.ArrayList<>();
        ArrayNode body = Api.JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            Event e = member.sign(now - count + i, 1, List.of(), "a member's note " + i);
            posts.add(e);
            body.add(e.toJson());
        }
        JsonNode stored = a.control("POST", "/_emulator/relays/" + schema + "/events", body.toString());
        assertThat(stored.path("stored").asInt()).isEqualTo(count);
        return posts;
    }

    JsonNode moveToEnd(String id) {
        assertThat(move(id, "b").status()).isEqualTo(202);
        return Wait.until(
                "the move ended",
                Duration.ofSeconds(90),
                () -> moveOf(id),
                m -> m.path("step").asText().equals("done")
                        || m.path("step").asText().equals("failed"));
    }

    /**
     * Also: the relay's team is in the config the move writes on the new node from the start (read by the copy, which
     * runs between that write and the switch, before the sync after the switch could add it).
     */
    @Test
    void aRelayHoldingMembersPostsMovesWithThemThroughTheOperatorsCopy() throws Exception {
        Path snapshot = dir.resolve("new-node-config-before-switch.json");
        Path script = dir.resolve("copy-with-snapshot.sh");
        start("sh " + script);
        // the first pass (before the switch) keeps the new node's config of the relay ("wx": later passes keep none),
        // then the stack's copier copies as in the other cases
        Files.writeString(
                script,
                "node -e \"fetch(process.argv[1] + '/_emulator/relays/' + process.argv[2]).then((r) => r.text())"
                        + ".then((t) => require('fs').writeFileSync(process.argv[3], t, { flag: 'wx' })).catch(() => {})\""
                        + " '" + b.url + "' \"$1\" '" + snapshot + "'\nexec " + MoveNodes.copier(a, b) + " \"$@\"\n");
        String id = activeRelay("gathering");
        String schema = row(id).schema();
        Keys alice = Keys.generate();
        Keys admin = Keys.generate();
        Keys moderator = Keys.generate();
        assertThat(backend.api
                        .as(owner, "POST", "/relays/" + id + "/members", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isBetween(200, 201);
        for (String[] m :
                List.of(new String[] {admin.pubkey(), "admin"}, new String[] {moderator.pubkey(), "moderator"}))
            assertThat(backend.api
                            .as(
                                    owner,
                                    "POST",
                                    "/relays/" + id + "/team",
                                    "{\"pubkey\":\"" + m[0] + "\",\"role\":\"" + m[1] + "\"}")
                            .status())
                    .isEqualTo(201);
        List<Event> own = publish(id, "a", 30, "own");
        List<Event> posts = memberPosts(id, alice, 40);

        JsonNode done = moveToEnd(id);
        assertThat(done.path("step").asText()).as(done.toString()).isEqualTo("done");
        assertThat(row(id).zooidNode()).isEqualTo("b");
        assertThat(a.relays().has(schema)).isFalse();
        Set<String> onB = eventIds(b, schema);
        for (Event e : own) assertThat(onB).contains(e.id());
        for (Event e : posts)
            assertThat(onB).as("alice's posts on the new node").contains(e.id());
        assertThat(b.control("GET", "/_emulator/relays/" + schema + "/members", null)
                        .toString())
                .contains(alice.pubkey());
        JsonNode written = caravel.json.Json.MAPPER.readTree(Files.readString(snapshot));
        assertThat(written.at("/roles/admin/pubkeys").toString())
                .as(written.toString())
                .contains(admin.pubkey());
        assertThat(written.at("/roles/moderator/pubkeys").toString()).contains(moderator.pubkey());
    }

    /**
     * No drain time: the catch-up after the switch ends when a pass finds nothing more arriving, not after a wait. A
     * member's posts reach node a after the copy before the switch has read it (written there as the operator's copy
     * runs for the catch-up's first pass, and again for its second: a connection opened to a before the switch that
     * keeps writing); the catch-up goes on while they come and every one of them ends up on b.
     */
    @Test
    void postsArrivingDuringTheMoveAreCaughtUpWithoutADrainWait() throws Exception {
        drainSeconds = 0;
        Path script = dir.resolve("copy-with-arrivals.sh");
        start("sh " + script);
        String id = activeRelay("arrivals");
        String schema = row(id).schema();
        Keys alice = Keys.generate();
        assertThat(backend.api
                        .as(owner, "POST", "/relays/" + id + "/members", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isBetween(200, 201);
        List<Event> earlier = memberPosts(id, alice, 30);
        // run n of the copy command first writes arrivals-n.json to node a (as zooid stores a member's post), then
        // copies as in the other cases; runs 2 and 3 are the catch-up's, after the switch
        long now = System.currentTimeMillis() / 1000;
        List<Event> arriving = new java.util.ArrayList<>();
        for (int run = 2; run <= 3; run++) {
            ArrayNode body = Api.JSON.createArrayNode();
            for (int i = 0; i < 10; i++) {
                Event e = alice.sign(now + run, 1, List.of(), "run " + run + " post " + i);
                arriving.add(e);
                body.add(e.toJson());
            }
            Files.writeString(dir.resolve("arrivals-" + run + ".json"), body.toString());
        }
        Path runs = dir.resolve("runs");
        Files.writeString(
                script,
                "n=$(( $(cat '" + runs + "' 2>/dev/null || echo 0) + 1 )); echo $n > '" + runs + "'\n"
                        + "f='" + dir + "/arrivals-'$n.json\n"
                        + "if [ -f \"$f\" ]; then node -e \"fetch(process.argv[1] + '/_emulator/relays/' +"
                        + " process.argv[2] + '/events', { method: 'POST', headers: { 'content-type':"
                        + " 'application/json' }, body: require('fs').readFileSync(process.argv[3], 'utf8') })"
                        + ".then((r) => { if (!r.ok) process.exit(1) })\" '" + a.url + "' \"$1\" \"$f\" || exit 1; fi\n"
                        + "exec " + MoveNodes.copier(a, b) + " \"$@\"\n");

        JsonNode done = moveToEnd(id);
        assertThat(done.path("step").asText()).as(done.toString()).isEqualTo("done");
        assertThat(row(id).zooidNode()).isEqualTo("b");
        assertThat(a.relays().has(schema)).isFalse();
        Set<String> onB = eventIds(b, schema);
        for (Event e : earlier) assertThat(onB).contains(e.id());
        for (Event e : arriving)
            assertThat(onB).as("a post that arrived on node a during the move").contains(e.id());
        // the copy, two catch-up passes that each found new posts, and one that found the same as the one before
        assertThat(Integer.parseInt(Files.readString(runs).strip())).isGreaterThanOrEqualTo(4);
    }

    /**
     * On two real zooid nodes (ZOOID_BIN; skipped on the emulators, whose data is not zooid's database): a member's
     * posts, published over the relay's own connection as zooid takes them, move with the relay through the deploy's
     * own copy script between the two nodes' databases, and the member reads them all on the new node.
     */
    @Test
    void onRealZooidAMembersPostsMoveThroughTheDeploysCopyScript() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                caravel.testing.ZooidProgram.fromEnv().real(), "two real zooid databases: set ZOOID_BIN");
        onRealZooidToo = true;
        start("COPY"); // the deploy's copy script between the two zooid databases
        String id = activeRelay("realmove");
        Keys alice = Keys.generate();
        assertThat(backend.api
                        .as(owner, "POST", "/relays/" + id + "/members", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isBetween(200, 201);
        String host = a.relay(row(id).schema()).path("host").asText(); // the host zooid serves the relay at
        assertThat(host).as(a.relays().toString()).startsWith("realmove.");
        List<Event> own = publish(id, "a", 30, "own");
        Set<String> posted = new HashSet<>();
        caravel.testing.Member onA = new caravel.testing.Member(alice, "wss://" + host, a.port);
        for (int i = 0; i < 25; i++) {
            JsonNode r = onA.publish(1, List.of(), "a member's note " + i);
            assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
            posted.add(r.at("/event/id").asText());
        }

        JsonNode done = moveToEnd(id);
        assertThat(done.path("step").asText()).as(done.toString()).isEqualTo("done");
        assertThat(row(id).zooidNode()).isEqualTo("b");
        assertThat(a.relays().has(row(id).schema())).as("the relay left node a").isFalse();
        caravel.testing.Member onB = new caravel.testing.Member(alice, "wss://" + host, b.port);
        JsonNode read = onB.query(true, "{\"kinds\":[1],\"limit\":500}");
        Set<String> seen = new HashSet<>();
        for (JsonNode e : read.path("events")) seen.add(e.path("id").asText());
        assertThat(seen).as("alice's posts, read by alice on node b").containsAll(posted);
        for (Event e : own)
            assertThat(seen).as("the relay's own notes on node b").contains(e.id());
        JsonNode more = onB.publish(1, List.of(), "still a member after the move");
        assertThat(more.path("ok").asBoolean()).as(more.toString()).isTrue();
    }

    @Test
    void aCopyThatLosesAnEventLeavesTheRelayWholeOnItsOldNode() throws Exception {
        start("COPY --lose 1"); // one note never reaches b
        String id = activeRelay("lossy");
        String schema = row(id).schema();
        List<Event> posts = memberPosts(id, Keys.generate(), 5);

        JsonNode ended = moveToEnd(id);
        assertThat(ended.path("step").asText()).as(ended.toString()).isEqualTo("failed");
        assertThat(ended.path("error").asText())
                .contains("1 of the relay's events were refused by zooid node 'b'")
                .contains("missing on the new node after the copy command ran")
                .contains("stays on node 'a'");
        assertThat(row(id).zooidNode()).isEqualTo("a");
        assertThat(b.relays().has(schema)).as("no partial copy left on b").isFalse();
        Set<String> onA = eventIds(a, schema);
        for (Event e : posts) assertThat(onA).contains(e.id());
    }

    @Test
    void aCopyCommandThatFailsLeavesTheRelayWholeOnItsOldNode() throws Exception {
        start("false");
        String id = activeRelay("stuck");
        String schema = row(id).schema();
        memberPosts(id, Keys.generate(), 3);

        JsonNode ended = moveToEnd(id);
        assertThat(ended.path("step").asText()).as(ended.toString()).isEqualTo("failed");
        assertThat(ended.path("error").asText())
                .contains("the copy command (MOVE_COPY_COMMAND) failed with exit status 1")
                .contains("stays on node 'a'");
        assertThat(row(id).zooidNode()).isEqualTo("a");
        assertThat(b.relays().has(schema)).isFalse();
    }
}
