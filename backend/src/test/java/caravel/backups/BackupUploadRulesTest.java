package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload route as a stranger's archive meets it: hostile archives (a zip bomb, a huge line, a name that climbs out,
 * a duplicate, a cut zip, an entry larger than declared) each get a 4xx with a sentence and leave nothing behind; the
 * uploads an account makes are rate limited (429 with a sentence); an upload takes a kept place (the oldest beyond
 * the plan's count goes, so nine uploads never make sixteen backups); a blob is refused on a plan without media; and
 * "Take a backup now" clicked twice takes one backup.
 */
@Tag("peer")
class BackupUploadRulesTest {
    static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    CommunityFixture fx;
    Path storage;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    private void start(String plans) throws Exception {
        storage = dir.resolve("relay-backups");
        fx = CommunityFixture.start(
                dir,
                CommunityFixture.Options.defaults()
                        .withoutDms()
                        .withEnv(Map.of("PLANS", plans, "RELAY_BACKUP_DIR", storage.toString())),
                "Uploads",
                "uploads");
        fx.clock.set(Instant.now());
    }

    private Api.Response upload(byte[] zip) {
        return fx.api.sendBytes(fx.owner, "POST", "/relays/" + fx.relayId + "/backups/upload", "application/zip", zip);
    }

    private JsonNode items() {
        return fx.api
                .as(fx.owner, "GET", "/relays/" + fx.relayId + "/backups", null)
                .json()
                .path("items");
    }

    private Set<String> stored() throws Exception {
        Set<String> out = new HashSet<>();
        if (!Files.exists(storage)) return out;
        try (Stream<Path> all = Files.walk(storage)) {
            all.filter(Files::isRegularFile)
                    .forEach(f -> out.add(storage.relativize(f).toString()));
        }
        return out;
    }

    private byte[] event(Keys k, String content) {
        return (k.sign(1_700_000_000L, 1, List.of(), content).toJsonString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileArchivesGetA4xxWithASentenceAndLeaveNothingBehindAndUploadsAreRateLimited() throws Exception {
        start("[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10,\"blossom\":true}]");
        Keys k = Keys.generate();
        byte[] events = event(k, "hello");
        Map<String, byte[]> hostile = new LinkedHashMap<>();

        // 400 MB of zeros under media/<its sha256>, declared honestly: a few hundred KB on the wire
        HostileArchiveTest.Body zeros = HostileArchiveTest.run(400 * MIB, (byte) 0);
        String sha = HostileArchiveTest.sha256(zeros);
        Map<String, HostileArchiveTest.Body> bomb = new LinkedHashMap<>();
        bomb.put(Manifest.EVENTS, HostileArchiveTest.bytes(events));
        bomb.put(Manifest.MEDIA_DIR + sha, zeros);
        bomb.put(
                Manifest.FILE,
                HostileArchiveTest.bytes(HostileArchiveTest.manifest(
                        List.of(
                                HostileArchiveTest.entry(Manifest.EVENTS, events),
                                new Manifest.Entry(Manifest.MEDIA_DIR + sha, 400 * MIB, sha)),
                        1)));
        hostile.put("a zip bomb", HostileArchiveTest.zip(bomb));

        // a 20 MB line of events
        Map<String, HostileArchiveTest.Body> line = new LinkedHashMap<>();
        line.put(Manifest.EVENTS, out -> {
            out.write(events);
            HostileArchiveTest.run(20 * MIB, (byte) 'a').writeTo(out);
        });
        hostile.put("a huge line", HostileArchiveTest.zip(line));

        Map<String, HostileArchiveTest.Body> climb = new LinkedHashMap<>();
        climb.put("../../etc/cron.d/x", HostileArchiveTest.bytes(new byte[] {1}));
        hostile.put("a name that climbs out", HostileArchiveTest.zip(climb));

        byte[] members = "{\"members\":[]}".getBytes(StandardCharsets.UTF_8);
        Map<String, HostileArchiveTest.Body> twice = new LinkedHashMap<>();
        twice.put(
                Manifest.FILE,
                HostileArchiveTest.bytes(HostileArchiveTest.manifest(
                        List.of(
                                HostileArchiveTest.entry(Manifest.EVENTS, events),
                                HostileArchiveTest.entry("members.json", members)),
                        1)));
        twice.put(Manifest.EVENTS, HostileArchiveTest.bytes(events));
        twice.put("members.json", HostileArchiveTest.bytes(members));
        twice.put("members.jsox", HostileArchiveTest.bytes(members));
        byte[] good = HostileArchiveTest.zip(twice);
        hostile.put(
                "a duplicated entry",
                HostileArchiveTest.patch(good, "members.jsox", "members.json".getBytes(StandardCharsets.UTF_8)));
        hostile.put("a cut zip", Arrays.copyOf(good, good.length / 2));

        Map<String, HostileArchiveTest.Body> larger = new LinkedHashMap<>();
        larger.put(
                Manifest.FILE,
                HostileArchiveTest.bytes(HostileArchiveTest.manifest(
                        List.of(
                                HostileArchiveTest.entry(Manifest.EVENTS, events),
                                new Manifest.Entry("members.json", 10, Hex.encode(Event.sha256(members)))),
                        1)));
        larger.put(Manifest.EVENTS, HostileArchiveTest.bytes(events));
        larger.put("members.json", HostileArchiveTest.run(30 * MIB, (byte) ' '));
        hostile.put("an entry larger than declared", HostileArchiveTest.zip(larger));

        assertThat(hostile).hasSize(6); // the account's hourly allowance
        for (var e : hostile.entrySet()) {
            Api.Response r = upload(e.getValue());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isIn(400, 413);
            assertThat(r.json().path("error").asText())
                    .as(e.getKey())
                    .endsWith(".")
                    .hasSizeGreaterThan(30);
            assertThat(r.json().path("code").asText()).as(e.getKey()).startsWith("backup_archive_");
        }
        assertThat(items()).as("no backup kept, none half-made").isEmpty();
        assertThat(stored()).as("nothing in the storage").isEmpty();

        // the seventh upload within the hour is refused before its body is read, saying when to try again
        Api.Response limited = upload(good);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("error").asText())
                .startsWith("too many backup archives were uploaded to this account's relays this hour; try again in");
    }

    @Test
    void uploadsTakeKeptPlacesBlobsNeedAPlanWithMediaAndADoubleClickTakesOneBackup() throws Exception {
        start("[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10,\"blossom\":false,\"backups\":2}]");

        // two clicks on "Take a backup now": one backup, both answered with it
        Api.Response first = fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        Api.Response second = fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        String taken = first.json().path("id").asText();
        assertThat(second.json().path("id").asText()).isEqualTo(taken);
        Wait.until(
                "the backup done",
                Duration.ofSeconds(60),
                this::items,
                i -> i.size() == 1 && i.get(0).path("status").asText().equals("done"));
        assertThat(items()).hasSize(1);
        // once it is done, the next click takes a new one
        fx.clock.advance(Duration.ofSeconds(1));
        Api.Response third = fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        assertThat(third.json().path("id").asText()).isNotEqualTo(taken);
        String newer = third.json().path("id").asText();
        Wait.until("the second backup done", Duration.ofSeconds(60), this::items, i -> i.size() == 2 && allDone(i));

        // three uploads of the download on a plan that keeps two: each takes the oldest kept place
        byte[] archive = BackupRoundTrip.zipBytes(BackupRoundTrip.download(fx.api, fx.owner, fx.relayId, taken));
        String last = null;
        for (int i = 0; i < 3; i++) {
            fx.clock.advance(Duration.ofSeconds(1));
            Api.Response up = upload(archive);
            assertThat(up.status()).as(up.body()).isEqualTo(201);
            last = up.json().path("id").asText();
            assertThat(items()).hasSize(2);
        }
        Set<String> kept = new HashSet<>();
        for (JsonNode b : items()) kept.add(b.path("id").asText());
        assertThat(kept).contains(last).doesNotContain(taken, newer);
        Set<String> folders = new HashSet<>();
        for (String f : stored()) folders.add(Path.of(f).getName(1).toString());
        assertThat(folders).isEqualTo(kept);

        // an archive with media, on a plan without: refused, saying why
        Map<String, byte[]> zip = BackupRoundTrip.download(fx.api, fx.owner, fx.relayId, last);
        byte[] blob = "a picture".getBytes(StandardCharsets.UTF_8);
        String sha = Hex.encode(Event.sha256(blob));
        Manifest m = Manifest.parse(zip.get(Manifest.FILE));
        List<Manifest.Entry> files = new java.util.ArrayList<>(m.files());
        files.add(new Manifest.Entry(Manifest.MEDIA_DIR + sha, blob.length, sha));
        zip.put(
                Manifest.FILE,
                new Manifest(m.backupId(), m.relayId(), m.subdomain(), m.plan(), m.createdAt(), m.counts(), null, files)
                        .bytes());
        zip.put(Manifest.MEDIA_DIR + sha, blob);
        Api.Response media = upload(BackupRoundTrip.zipBytes(zip));
        assertThat(media.status()).as(media.body()).isEqualTo(400);
        assertThat(media.json().path("error").asText()).contains("plan includes no media");
        assertThat(items()).hasSize(2);
    }

    private static boolean allDone(JsonNode items) {
        for (JsonNode b : items) if (!b.path("status").asText().equals("done")) return false;
        return true;
    }
}
