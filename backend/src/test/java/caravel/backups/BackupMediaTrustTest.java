package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.Inside;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.Member;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Media a backup and a restore can trust, on the zooid emulator behaving as zooid does: a blob's descriptor is kept in
 * its index before its file is written, HEAD answers from the index, GET serves the file. D1: a restore's blob whose
 * file was cut short (zooid killed while writing it) is announced whole by HEAD; on resume the restore reads it back,
 * finds other bytes and uploads it again, so "done" means every blob is there byte for byte. D2: a blob the relay
 * cannot serve whole is left out of a backup and named, the owner told; the events and everything else are kept.
 */
@Tag("peer")
class BackupMediaTrustTest {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String PLANS =
            "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10,\"blossom\":true,\"backups\":3}]";

    @TempDir
    Path dir;

    CommunityFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
    }

    private void start(boolean dms) throws Exception {
        var options = CommunityFixture.Options.defaults()
                .withEnv(Map.of("PLANS", PLANS, "RESTORE_EVENTS_COMMAND", "{restore-events}"));
        fx = CommunityFixture.start(dir, dms ? options : options.withoutDms(), "Trust", "trust");
        fx.clock.set(Instant.now()); // Blossom's authorizations expire by the emulator's own clock
    }

    @Test
    void aBlobCutWhileZooidWroteItIsUploadedAgainWhenTheRestoreResumes() throws Exception {
        start(false);
        Keys alice = member();
        byte[] blob = bytes(1, 1_500_000);
        String sha = upload(alice, blob);
        String backupId = takeBackup();

        // the blob leaves the relay (its only uploader deletes it): a restore has it to put back
        assertThat(send(alice, "DELETE", sha).statusCode()).isEqualTo(200);
        assertThat(send(alice, "GET", sha).statusCode()).isEqualTo(404);

        // zooid will be killed while it writes the restored blob's file: its index keeps the blob whole, 1 MiB of
        // the file reaches the disk, and the upload gets no answer
        fx.zooid().control("POST", "/_emulator/cut-blob-write", "{\"count\":1,\"keep\":1048576}");
        Api.Response started = fx.api.as(
                fx.owner,
                "POST",
                "/relays/" + fx.relayId + "/restores",
                "{\"backup\":\"" + backupId + "\",\"mode\":\"merge\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String restoreId = started.json().path("id").asText();

        // the attempt failed on the cut upload; HEAD now announces the blob at its full size, as zooid does
        Wait.until(
                "the restore's first attempt failed",
                Duration.ofSeconds(60),
                () -> jobState("backups.restore:" + restoreId),
                s -> s.equals("queued:1"));
        assertThat(head(sha).headers().firstValue("Content-Length")).hasValue(String.valueOf(blob.length));
        assertThat(send(alice, "GET", sha).body()).hasSize(1_048_576);

        // the next attempt, after the queue's backoff, resumes at the media step
        fx.clock.advance(Duration.ofMinutes(1));
        JsonNode restore = Wait.until(
                "restore ended",
                Duration.ofSeconds(60),
                () -> fx.api
                        .as(fx.owner, "GET", "/relays/" + fx.relayId + "/restores/" + restoreId, null)
                        .json(),
                j -> j.path("status").asText().equals("done")
                        || j.path("status").asText().equals("failed"));
        assertThat(restore.path("status").asText()).as(restore.toString()).isEqualTo("done");
        assertThat(restore.path("blobs_done").asLong()).isEqualTo(1);
        // done means there byte for byte
        HttpResponse<byte[]> got = send(alice, "GET", sha);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body().length).isEqualTo(blob.length);
        assertThat(Hex.encode(Event.sha256(got.body()))).isEqualTo(sha);
    }

    @Test
    void aBlobTheRelayCannotServeWholeIsNamedAndTheRestOfTheBackupKept() throws Exception {
        start(true);
        Keys alice = member();
        byte[] good = bytes(2, 20_000), bad = bytes(3, 30_000);
        String goodSha = upload(alice, good);
        // zooid killed while writing this one's file: listed whole, served as its first 1,000 bytes
        fx.zooid().control("POST", "/_emulator/cut-blob-write", "{\"count\":1,\"keep\":1000}");
        String badSha = Hex.encode(Event.sha256(bad));
        try {
            upload(alice, bad);
        } catch (java.io.IOException expected) {
            // the connection dropped without an answer
        }
        assertThat(head(badSha).statusCode()).isEqualTo(200);
        assertThat(new Member(alice, fx.relayUrl)
                        .publish(1, List.of(), "alice posts")
                        .path("ok")
                        .asBoolean())
                .isTrue();

        String backupId = takeBackup();
        JsonNode b = backup(backupId);
        assertThat(b.path("status").asText()).as(b.toString()).isEqualTo("done");
        assertThat(b.path("events").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(b.path("blobs").asLong()).isEqualTo(1);
        assertThat(b.path("media_note").asText())
                .contains("1 media file could not be kept")
                .contains("media/" + badSha)
                .contains("do not hash to its name");
        Map<String, byte[]> zip = BackupRoundTrip.download(fx.api, fx.owner, fx.relayId, backupId);
        assertThat(zip.get("media/" + goodSha)).isEqualTo(good);
        assertThat(zip).doesNotContainKey("media/" + badSha);
        assertThat(new String(zip.get(Manifest.EVENTS), StandardCharsets.UTF_8)).contains("alice posts");
        JsonNode media = Api.JSON.readTree(zip.get(Manifest.MEDIA));
        assertThat(media.path("unreadable").get(0).path("sha256").asText()).isEqualTo(badSha);
        // the owner is told, by the robot's DM and in the activity
        String dm = Wait.until(
                "the owner told",
                Duration.ofSeconds(30),
                () -> fx.dmsTo(fx.owner).stream()
                        .filter(m -> m.contains(badSha))
                        .findFirst()
                        .orElse(null),
                m -> m != null);
        assertThat(dm).contains("\"Trust\"").contains("was kept, events and all");
        assertThat(fx.api
                        .as(fx.owner, "GET", "/relays/" + fx.relayId + "/activity", null)
                        .body())
                .contains("backup_media_unreadable");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Keys member() {
        Keys k = Keys.generate();
        assertThat(fx.api
                        .as(
                                fx.owner,
                                "POST",
                                "/relays/" + fx.relayId + "/members",
                                "{\"pubkey\":\"" + k.pubkey() + "\"}")
                        .status())
                .isEqualTo(201);
        return k;
    }

    private String takeBackup() {
        Api.Response taken = fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        String id = taken.json().path("id").asText();
        Wait.until(
                "backup finished",
                Duration.ofSeconds(60),
                () -> backup(id),
                b -> b != null
                        && (b.path("status").asText().equals("done")
                                || b.path("status").asText().equals("failed")));
        assertThat(backup(id).path("status").asText()).as(backup(id).toString()).isEqualTo("done");
        return id;
    }

    private JsonNode backup(String id) {
        for (JsonNode x : fx.api
                .as(fx.owner, "GET", "/relays/" + fx.relayId + "/backups", null)
                .json()
                .path("items")) if (x.path("id").asText().equals(id)) return x;
        return null;
    }

    /** "status:attempts" of the job under that dedupe key. */
    private String jobState(String dedupeKey) {
        return Inside.of(fx.backend.app)
                .db()
                .jdbi()
                .withHandle(h -> h.select(
                                "SELECT status || ':' || attempts FROM jobs WHERE dedupe_key = ? ORDER BY id DESC",
                                dedupeKey)
                        .mapTo(String.class)
                        .findFirst()
                        .orElse(""));
    }

    static byte[] bytes(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private String auth(Keys k, String verb, String sha) {
        long now = System.currentTimeMillis() / 1000;
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("t", verb));
        tags.add(List.of("expiration", Long.toString(now + 60)));
        tags.add(List.of("x", sha));
        Event e = k.sign(now, 24242, tags, verb);
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder onRelay(String path) {
        return HttpRequest.newBuilder(URI.create(fx.zooid().url + path))
                .header("Host", "trust.localhost:" + fx.zooid().port);
    }

    private String upload(Keys k, byte[] body) throws Exception {
        String sha = Hex.encode(Event.sha256(body));
        HttpResponse<String> r = HTTP.send(
                onRelay("/upload")
                        .header("Authorization", auth(k, "upload", sha))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
                .as(r.headers().firstValue("X-Reason").orElse(""))
                .isEqualTo(200);
        return sha;
    }

    private HttpResponse<byte[]> send(Keys k, String method, String sha) throws Exception {
        return HTTP.send(
                onRelay("/" + sha)
                        .header("Authorization", auth(k, method.equals("GET") ? "get" : "delete", sha))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<Void> head(String sha) throws Exception {
        return HTTP.send(
                onRelay("/" + sha)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
