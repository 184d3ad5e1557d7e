package caravel.archive;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.BackendOnEmulator;
import caravel.testing.BothDatabases;
import caravel.testing.Member;
import caravel.testing.TestBackend;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /relays/:id/import against the zooid emulator (which refuses, as real zooid does, events the relay key did not
 * write except zap receipts and gift wraps to members): per-line results in the relay's own words, idempotence by
 * event id, the import's own bounds and content type, ownership, its rate limit, and an export → import round trip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("peer")
@BothDatabases
class ImportTest {
    static final int MAX_BYTES = 200_000, MAX_LINE = 8_192, IMPORTS_PER_HOUR = 4;
    static final String OTHERS = "restricted: you cannot publish events on behalf of others";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;

    final Keys zooidKey = Keys.generate();
    BackendOnEmulator served;
    ZooidEmulator zooid;
    TestBackend backend;
    Api api;

    @BeforeAll
    void start() throws Exception {
        served = BackendOnEmulator.start(dir, zooidKey, "archived", env -> {
            env.put("IMPORT_MAX_BYTES", Integer.toString(MAX_BYTES));
            env.put("IMPORT_MAX_LINE_BYTES", Integer.toString(MAX_LINE));
            env.put("RATE_IMPORTS_PER_HOUR_KEY", Integer.toString(IMPORTS_PER_HOUR));
        });
        zooid = served.zooid;
        backend = served.backend;
        api = served.api;
    }

    @AfterAll
    void stop() throws Exception {
        if (served != null) served.close();
    }

    String relay(Keys owner, String subdomain) {
        return served.createFreeRelay(owner, subdomain);
    }

    record Answer(int status, JsonNode json, HttpResponse<String> raw) {}

    /** A streamed import (chunked when {@code declareLength} is false), signed with NIP-98 by {@code who}. */
    Answer importAs(Keys who, String relayId, String body, String contentType, boolean declareLength) throws Exception {
        String url = api.base() + "/relays/" + relayId + "/import";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher pub = declareLength
                ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(pub);
        if (contentType != null) b.header("Content-Type", contentType);
        if (who != null)
            b.header("Authorization", Api.nip98(who, url, "POST", null, System.currentTimeMillis() / 1000));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = r.body().isEmpty() ? null : Api.JSON.readTree(r.body());
        return new Answer(r.statusCode(), j, r);
    }

    Answer importAs(Keys who, String relayId, String body) throws Exception {
        return importAs(who, relayId, body, "application/x-ndjson", true);
    }

    Set<String> exportedIds(Keys owner, String relayId) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String line : export(owner, relayId).lines().toList())
            if (!line.isBlank()) ids.add(Event.fromJson(Api.JSON.readTree(line)).id());
        return ids;
    }

    String export(Keys owner, String relayId) throws Exception {
        String url = api.base() + "/relays/" + relayId + "/export";
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", Api.nip98(owner, url, "GET", null, System.currentTimeMillis() / 1000))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    static String line(Event e) {
        return e.toJsonString() + "\n";
    }

    @Test
    void aFileImportsOnceAndTheSecondTimeEverythingIsAlreadyPresent() throws Exception {
        Keys owner = Keys.generate();
        String id = relay(owner, "once");
        Keys stranger = Keys.generate(), zapper = Keys.generate();
        long now = System.currentTimeMillis() / 1000;
        List<Event> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) // gift wraps to the owner, a member: zooid takes them from any connection
        accepted.add(Keys.generate().sign(now - i, 1059, List.of(List.of("p", owner.pubkey())), "sealed " + i));
        for (int i = 0; i < 2; i++)
            accepted.add(zapper.sign(now - 10 - i, 9735, List.of(List.of("p", owner.pubkey())), ""));
        Event note = stranger.sign(now, 1, List.of(), "someone else's note");
        Event good = accepted.get(0);
        String tampered = good.toJsonString().replace("sealed 0", "sealed 1");
        StringBuilder file = new StringBuilder();
        for (Event e : accepted) file.append(line(e)); // lines 1-5
        file.append(line(note)); // 6: refused by the relay
        file.append(tampered).append('\n'); // 7: bad signature
        file.append("{\"id\": not json\n"); // 8
        file.append("\r\n"); // 9: empty, skipped
        file.append(line(accepted.get(1))); // 10: the same event again in one file
        file.append("{\"kind\":1}\n"); // 11: JSON, not an event

        Answer first = importAs(owner, id, file.toString());
        assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
        JsonNode r = first.json();
        assertThat(r.get("imported").asLong()).isEqualTo(5);
        assertThat(r.get("already_present").asLong()).isZero();
        assertThat(r.get("refused").asLong()).isEqualTo(1);
        assertThat(r.get("invalid").asLong()).isEqualTo(3);
        assertThat(r.get("duplicates").asLong()).isEqualTo(1);
        assertThat(r.get("lines").asLong()).isEqualTo(10);
        JsonNode problems = r.get("problems");
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0).get("line").asInt()).isEqualTo(6);
        assertThat(problems.get(0).get("event_id").asText()).isEqualTo(note.id());
        assertThat(problems.get(0).get("message").asText()).isEqualTo(OTHERS);
        assertThat(problems.get(1).get("line").asInt()).isEqualTo(7);
        assertThat(problems.get(1).get("event_id").asText()).isEqualTo(good.id());
        assertThat(problems.get(1).get("message").asText()).contains("signature");
        assertThat(problems.get(2).get("line").asInt()).isEqualTo(8);
        assertThat(problems.get(2).get("message").asText()).contains("not valid JSON");
        assertThat(problems.get(3).get("line").asInt()).isEqualTo(11);
        assertThat(problems.get(3).get("message").asText()).contains("not a Nostr event");

        Set<String> held = exportedIds(owner, id);
        for (Event e : accepted) assertThat(held).contains(e.id());
        assertThat(held).doesNotContain(note.id());

        Answer second = importAs(owner, id, file.toString());
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("imported").asLong()).isZero();
        assertThat(second.json().get("already_present").asLong()).isEqualTo(5);
        assertThat(second.json().get("refused").asLong()).isEqualTo(1);
        assertThat(exportedIds(owner, id)).isEqualTo(held); // nothing changed

        JsonNode activity =
                api.as(owner, "GET", "/relays/" + id + "/activity", null).json().get("items");
        assertThat(activity.findValuesAsText("message"))
                .contains(
                        "Imported 5 events from JSON lines (0 already present, 1 refused by the relay, 3 invalid)",
                        "Imported 0 events from JSON lines (5 already present, 1 refused by the relay, 3 invalid)");
    }

    @Test
    void aLongLineIsSkippedAndReportedWhileTheRestIsImported() throws Exception {
        Keys owner = Keys.generate();
        String id = relay(owner, "longline");
        long now = System.currentTimeMillis() / 1000;
        Event big = Keys.generate().sign(now, 1059, List.of(List.of("p", owner.pubkey())), "x".repeat(MAX_LINE));
        Event small = Keys.generate().sign(now, 1059, List.of(List.of("p", owner.pubkey())), "small");
        Answer a = importAs(owner, id, line(big) + line(small));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("imported").asLong()).isEqualTo(1);
        assertThat(a.json().get("invalid").asLong()).isEqualTo(1);
        JsonNode p = a.json().get("problems").get(0);
        assertThat(p.get("line").asInt()).isEqualTo(1);
        assertThat(p.get("message").asText())
                .isEqualTo("The line is longer than " + MAX_LINE + " bytes; it was skipped.");
        assertThat(exportedIds(owner, id)).contains(small.id()).doesNotContain(big.id());
    }

    @Test
    void aBodyOverTheImportBoundIs413WhetherDeclaredOrStreamed() throws Exception {
        Keys owner = Keys.generate();
        String id = relay(owner, "toobig");
        long now = System.currentTimeMillis() / 1000;
        StringBuilder file = new StringBuilder();
        List<Event> events = new ArrayList<>();
        while (file.length() <= MAX_BYTES + 10_000) {
            Event e = Keys.generate()
                    .sign(now, 1059, List.of(List.of("p", owner.pubkey())), "y".repeat(2_000) + events.size());
            events.add(e);
            file.append(line(e));
        }
        // declared: refused before a byte is read, nothing imported
        Answer declared = importAs(owner, id, file.toString());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.json().get("error").asText()).contains(MAX_BYTES + " bytes");
        assertThat(exportedIds(owner, id))
                .doesNotContainAnyElementsOf(events.stream().map(Event::id).toList());

        // streamed without a length: read up to the bound, then 413 with what was imported before it
        Answer streamed = importAs(owner, id, file.toString(), "application/x-ndjson", false);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.json().get("error").asText()).contains("larger than " + MAX_BYTES + " bytes");
        long imported = streamed.json().at("/result/imported").asLong();
        assertThat(imported).isPositive().isLessThan(events.size());
        assertThat(exportedIds(owner, id)).hasSizeGreaterThanOrEqualTo((int) imported);
    }

    @Test
    void onlyJsonLinesAreRead() throws Exception {
        Keys owner = Keys.generate();
        String id = relay(owner, "types");
        Event e = Keys.generate().sign(1, 1059, List.of(List.of("p", owner.pubkey())), "");
        for (String type : new String[] {"application/json", "text/plain", "application/x-ndjson; charset=latin1"}) {
            Answer a = importAs(owner, id, line(e), type, true);
            assertThat(a.status()).as(type).isEqualTo(415);
            assertThat(a.json().get("error").asText()).contains("application/x-ndjson");
        }
        assertThat(importAs(owner, id, line(e), null, true).status()).isEqualTo(415);
        assertThat(exportedIds(owner, id)).doesNotContain(e.id());
        assertThat(importAs(owner, id, line(e), "application/x-ndjson; charset=utf-8", true)
                        .json()
                        .get("imported")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void nobodyImportsIntoSomeoneElsesRelay() throws Exception {
        Keys owner = Keys.generate(), other = Keys.generate();
        String id = relay(owner, "mine");
        Event e = Keys.generate().sign(1, 1059, List.of(List.of("p", owner.pubkey())), "");
        Answer theirs = importAs(other, id, line(e));
        assertThat(theirs.status()).isEqualTo(404);
        System.out.println(
                "DEBUG404 " + theirs.raw().headers().map() + " " + theirs.raw().body());
        assertThat(theirs.json().get("error").asText()).contains("not found"); // as for a relay that does not exist
        assertThat(importAs(null, id, line(e)).status()).isEqualTo(401);
        // a NIP-98 event signed for another URL is refused too
        String url = api.base() + "/relays/" + id + "/import";
        HttpResponse<String> wrongUrl = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-ndjson")
                        .header(
                                "Authorization",
                                Api.nip98(owner, url + "x", "POST", null, System.currentTimeMillis() / 1000))
                        .POST(HttpRequest.BodyPublishers.ofString(line(e)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrongUrl.statusCode()).isEqualTo(401);
        assertThat(exportedIds(owner, id)).doesNotContain(e.id());
        // the owner's session works (the web app's way)
        String token =
                api.as(owner, "POST", "/auth/session", null).json().get("token").asText();
        HttpResponse<String> bySession = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-ndjson")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(line(e)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bySession.statusCode()).as(bySession.body()).isEqualTo(200);
        assertThat(Api.JSON.readTree(bySession.body()).get("imported").asLong()).isEqualTo(1);
    }

    @Test
    void importsAreRateLimitedPerKey() throws Exception {
        Keys owner = Keys.generate();
        String id = relay(owner, "limited");
        for (int i = 0; i < IMPORTS_PER_HOUR; i++)
            assertThat(importAs(owner, id, "").status()).isEqualTo(200);
        Answer over = importAs(owner, id, "");
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(over.json().get("error").asText()).contains("too many imports");
        // another key is not affected
        Keys other = Keys.generate();
        String otherId = relay(other, "unlimited");
        assertThat(importAs(other, otherId, "").status()).isEqualTo(200);
    }

    @Test
    void anExportImportedIntoANewRelayKeepsEveryEventTheRelayAccepts() throws Exception {
        Keys owner = Keys.generate();
        String source = relay(owner, "source");
        String relayUrl = "ws://source.localhost:" + zooid.port;
        Member alice = new Member(Keys.generate(), relayUrl), bob = new Member(Keys.generate(), relayUrl);
        zooid.addMember("source", alice.pubkey());
        zooid.addMember("source", bob.pubkey());
        for (int i = 0; i < 3; i++) {
            assertThat(alice.publish(1, List.of(), "alice " + i).get("ok").asBoolean())
                    .isTrue();
            assertThat(bob.publish(1, List.of(), "bob " + i).get("ok").asBoolean())
                    .isTrue();
        }
        assertThat(alice.publish(1059, List.of(List.of("p", owner.pubkey())), "wrapped")
                        .get("ok")
                        .asBoolean())
                .isTrue();
        assertThat(bob.publish(9735, List.of(List.of("p", owner.pubkey())), "")
                        .get("ok")
                        .asBoolean())
                .isTrue();
        String exported = export(owner, source);
        List<String> lines = exported.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.size()).isGreaterThanOrEqualTo(8);

        String target = relay(owner, "target");
        Set<String> before = exportedIds(owner, target);
        Answer a = importAs(owner, target, exported);
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        JsonNode r = a.json();
        long imported = r.get("imported").asLong(), refused = r.get("refused").asLong();
        assertThat(r.get("invalid").asLong()).isZero();
        assertThat(imported + refused + r.get("already_present").asLong()).isEqualTo(lines.size());
        assertThat(imported).isEqualTo(2); // the gift wrap and the zap receipt to the owner, a member of both
        // the relay's own words: its membership events (8000, 13534) are NIP-70 protected, the rest are others'
        for (JsonNode p : r.get("problems"))
            assertThat(p.get("message").asText()).isIn(OTHERS, "blocked: must be published by event author");
        assertThat(r.get("problems").findValuesAsText("message"))
                .contains(OTHERS, "blocked: must be published by event author");

        // every accepted event is on the new relay, exactly as exported; every refused one is named by its line
        Set<String> after = exportedIds(owner, target);
        Set<String> refusedIds = new HashSet<>();
        for (JsonNode p : r.get("problems")) refusedIds.add(p.get("event_id").asText());
        for (String l : lines) {
            Event e = Event.fromJson(Api.JSON.readTree(l));
            if (refusedIds.contains(e.id())) assertThat(after).doesNotContain(e.id());
            else assertThat(after).as("line kept: " + l).contains(e.id());
        }
        assertThat(after.size()).isEqualTo(before.size() + imported);
    }
}
