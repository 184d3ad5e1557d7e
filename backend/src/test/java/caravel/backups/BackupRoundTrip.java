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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip every backup storage passes (each storage's test class extends this one and says where its backups
 * are kept): a relay's backup round-trips through the local stack's zooid emulator. Members' and the owner's events,
 * three blobs (one uploaded by a member who posted and was then removed), members, a ban and a name are backed up; the
 * storage holds exactly the files of the manifest, read from the storage itself, and nothing is written anywhere else;
 * the backup is downloaded as one zip (checked against its manifest) and restored from the storage into a new relay,
 * which then holds every event of the backup (event for event, members' own ones through the operator's
 * RESTORE_EVENTS_COMMAND: on real zooid deploy/zooid-restore-events, on the emulator its stand-in), every blob byte for byte, the members, the ban and the name. A stranger cannot see
 * or download the backups; a plan too small for the backup is refused with the reason. Backups beyond the plan's count
 * are removed from the storage, and a deleted relay's final backup is stored there too.
 */
@Tag("peer")
abstract class BackupRoundTrip {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String PLANS = "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":10,\"blossom\":true,"
            + "\"backups\":3},{\"id\":\"tiny\",\"name\":\"Tiny\",\"price\":0,\"members\":1}]";

    @TempDir
    Path dir;

    CommunityFixture fx;

    /** The settings that point the backend at the storage (started here if it is a server). */
    abstract Map<String, String> storageSettings(Path dir) throws Exception;

    /** The storage's name, as a backup's {@code storage} field says it. */
    abstract String kind();

    /** Every file stored under the relay, as {@code <backup id>/<path>}, read from the storage itself. */
    abstract Set<String> stored(String relayId) throws Exception;

    /** Fails if a backup's file was written anywhere but the storage under test. */
    abstract void nothingWrittenElsewhere(Path dir) throws Exception;

    /** Stops what {@link #storageSettings} started. */
    void closeStorage() {}

    @AfterEach
    void stop() {
        try {
            if (fx != null) fx.close();
        } finally {
            closeStorage();
        }
    }

    @Test
    void aBackupRoundTripsIntoANewRelayEventForEventAndBlobForBlob() throws Exception {
        Map<String, String> env = new HashMap<>(storageSettings(dir));
        env.putAll(Map.of("PLANS", PLANS, "RESTORE_EVENTS_COMMAND", "{restore-events}", "RELAY_BACKUP_SCHEDULE", "on"));
        fx = CommunityFixture.start(
                dir, CommunityFixture.Options.defaults().withoutDms().withEnv(env), "Source", "source");
        fx.clock.set(Instant.now()); // Blossom's authorizations expire by the emulator's own clock
        Api api = fx.api;
        Keys owner = fx.owner;
        String id = fx.relayId;
        Keys alice = Keys.generate(), bob = Keys.generate(), carol = Keys.generate(), mallory = Keys.generate();

        for (Keys k : List.of(alice, bob, carol))
            assertThat(api.as(owner, "POST", "/relays/" + id + "/members", "{\"pubkey\":\"" + k.pubkey() + "\"}")
                            .status())
                    .isEqualTo(201);
        byte[] one = bytes(1, 200_000), two = bytes(2, 5_000), three = bytes(3, 7_000);
        String sha1 = upload("source", alice, one), sha2 = upload("source", bob, two);
        // carol uploads a blob no event names, posts, and is removed: Blossom lists her blob only by her key, which is
        // still an author in the relay's events
        String sha3 = upload("source", carol, three);
        assertThat(new Member(carol, fx.relayUrl)
                        .publish(1, List.of(), "carol was here")
                        .path("ok")
                        .asBoolean())
                .isTrue();
        assertThat(api.as(owner, "DELETE", "/relays/" + id + "/members/" + carol.pubkey(), null)
                        .status())
                .isEqualTo(204);
        assertThat(api.as(owner, "GET", "/relays/" + id + "/members", null).body())
                .doesNotContain(carol.pubkey());
        Member a = new Member(alice, fx.relayUrl), o = new Member(owner, fx.relayUrl);
        for (int i = 0; i < 3; i++)
            assertThat(a.publish(1, List.of(), "alice says " + i).path("ok").asBoolean())
                    .isTrue();
        assertThat(a.publish(1, List.of(List.of("imeta", "url https://source.localhost/" + sha1, "x " + sha1)), "a pic")
                        .path("ok")
                        .asBoolean())
                .isTrue();
        assertThat(o.publish(1, List.of(), "the owner's note").path("ok").asBoolean())
                .isTrue();
        assertThat(api.as(
                                owner,
                                "POST",
                                "/relays/" + id + "/bans",
                                "{\"pubkey\":\"" + mallory.pubkey() + "\",\"reason\":\"spam\"}")
                        .status())
                .isEqualTo(201);
        assertThat(api.as(owner, "PUT", "/relays/" + id + "/names/alice", "{\"pubkey\":\"" + alice.pubkey() + "\"}")
                        .status())
                .isEqualTo(200);
        // bob helps run it as a moderator: the team is one more part of the backup
        assertThat(api.as(
                                owner,
                                "POST",
                                "/relays/" + id + "/team",
                                "{\"pubkey\":\"" + bob.pubkey() + "\",\"role\":\"moderator\"}")
                        .status())
                .isEqualTo(201);

        // take one now: a job; the list shows it done with its counts
        Api.Response taken = api.as(owner, "POST", "/relays/" + id + "/backups", null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        String backupId = taken.json().path("id").asText();
        JsonNode backup = awaitBackup(api, owner, id, backupId);
        assertThat(backup.path("status").asText()).as(backup.toString()).isEqualTo("done");
        assertThat(backup.path("storage").asText()).isEqualTo(kind());
        assertThat(backup.path("blobs").asLong()).isEqualTo(3);
        assertThat(backup.path("media_bytes").asLong()).isEqualTo(one.length + two.length + three.length);
        assertThat(backup.path("media_note").asText()).contains("former members too");
        assertThat(backup.path("bans").asLong()).isEqualTo(1);
        assertThat(backup.path("names").asLong()).isEqualTo(1);
        assertThat(backup.path("members").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(backup.path("events").asLong()).isGreaterThanOrEqualTo(5);
        // zooid reports no per-relay media figure: the relay's insight shows what this backup counted
        JsonNode storage =
                api.as(owner, "GET", "/relays/" + id + "/insight", null).json().path("storage");
        assertThat(storage.path("media_bytes").asLong())
                .as(storage.toString())
                .isEqualTo(backup.path("media_bytes").asLong());
        assertThat(storage.path("media_files").asLong()).isEqualTo(3);
        assertThat(storage.path("media_note").asText()).contains("last backup counted");

        // a stranger sees nothing of it
        Keys stranger = Keys.generate();
        assertThat(api.as(stranger, "GET", "/relays/" + id + "/backups", null).status())
                .isEqualTo(404);
        assertThat(api.as(stranger, "GET", "/relays/" + id + "/backups/" + backupId + "/download", null)
                        .status())
                .isEqualTo(404);

        // the download: one zip, every file as its manifest says
        Map<String, byte[]> zip = download(api, owner, id, backupId);
        Manifest m = Manifest.parse(zip.get(Manifest.FILE));
        for (Manifest.Entry e : m.files()) {
            assertThat(zip).containsKey(e.path());
            assertThat(Hex.encode(Event.sha256(zip.get(e.path())))).isEqualTo(e.sha256());
        }
        assertThat(zip.get("media/" + sha1)).isEqualTo(one);
        assertThat(zip.get("media/" + sha2)).isEqualTo(two);
        assertThat(zip.get("media/" + sha3)).isEqualTo(three);
        // the storage holds exactly those files (the manifest, events, media, every part), and nothing went elsewhere
        assertThat(storedIn(id, backupId)).isEqualTo(zip.keySet());
        assertThat(zip.keySet())
                .contains(
                        Manifest.FILE,
                        Manifest.EVENTS,
                        Manifest.MEDIA,
                        "media/" + sha3,
                        "settings.json",
                        "members.json",
                        "team.json",
                        "bans.json",
                        "names.json");
        nothingWrittenElsewhere(dir);
        fx.clock.advance(Duration.ofSeconds(1)); // the next backups are newer by the second the store orders them by
        Set<String> backedUp = new HashSet<>();
        for (String line : new String(zip.get(Manifest.EVENTS), StandardCharsets.UTF_8)
                .lines()
                .toList())
            if (!line.isBlank()) backedUp.add(Api.JSON.readTree(line).path("id").asText());
        assertThat(backedUp).hasSize((int) m.count("events"));

        // a plan too small for it is refused, saying why
        Api.Response small = api.as(
                owner,
                "POST",
                "/relays/" + id + "/backups/" + backupId + "/restore-into-new",
                "{\"name\":\"Tiny\",\"subdomain\":\"tinycopy\",\"plan\":\"tiny\"}");
        assertThat(small.status()).as(small.body()).isEqualTo(409);
        assertThat(small.json().path("code").asText()).isEqualTo("plan_too_small");
        assertThat(small.body()).contains("members").contains("media");

        // into a new relay
        RestoredCopy intoNew = restoreIntoNew(api, owner, id, backupId);
        String copy = intoNew.relayId();
        JsonNode restore = intoNew.restore();
        assertThat(restore.path("status").asText()).as(restore.toString()).isEqualTo("done");
        assertThat(restore.path("blobs_done").asLong()).isEqualTo(3);

        // a restore whose process died after uploading the first blob resumes there: the steps before are not
        // run again (nothing counted for them), the media step goes on from its cursor
        RelayRestores restores = Inside.of(fx.backend.app).relayBackups().restores;
        RelayBackupStore store = Inside.of(fx.backend.app).relayBackups().store;
        long now = System.currentTimeMillis() / 1000;
        var crashed = new RelayBackupStore.Restore(
                "crashed",
                copy,
                owner.pubkey(),
                backupId,
                "merge",
                "running",
                "media",
                1,
                0,
                0,
                0,
                3,
                1,
                0,
                0,
                0,
                null,
                null,
                owner.pubkey(),
                now,
                now,
                "owner");
        Inside.of(fx.backend.app).db().jdbi().useHandle(h -> store.insertRestore(h, crashed));
        store.progress("crashed", "running", "media", 1, new RelayBackupStore.Progress(0, 0, 1, 0, 0, 0, null), now);
        restores.run(new caravel.jobs.Job(
                0,
                RelayRestores.JOB,
                caravel.jobs.JobPayloads.write(new RelayRestores.Run("crashed")),
                2,
                RelayRestores.ATTEMPTS));
        RelayBackupStore.Restore resumed = store.findRestore("crashed").orElseThrow();
        assertThat(resumed.status()).isEqualTo("done");
        assertThat(resumed.blobsDone()).isEqualTo(3);
        assertThat(resumed.membersDone()).isZero();
        assertThat(resumed.eventsDone()).isZero();

        // event for event
        Set<String> restored = new HashSet<>();
        Api.Response export = api.as(owner, "GET", "/relays/" + copy + "/export", null);
        for (String line : export.body().lines().toList())
            if (!line.isBlank()) restored.add(Api.JSON.readTree(line).path("id").asText());
        assertThat(restored).containsAll(backedUp);
        // blob for blob
        assertThat(get("copy", owner, sha1)).isEqualTo(one);
        assertThat(get("copy", owner, sha2)).isEqualTo(two);
        assertThat(get("copy", owner, sha3)).isEqualTo(three);
        // members, the ban, the name
        String members =
                api.as(owner, "GET", "/relays/" + copy + "/members", null).body();
        assertThat(members).contains(alice.pubkey()).contains(bob.pubkey());
        JsonNode bans = api.as(owner, "GET", "/relays/" + copy + "/bans", null).json();
        assertThat(bans.toString()).contains(mallory.pubkey()).contains("spam");
        assertThat(api.as(owner, "GET", "/relays/" + copy + "/names", null).body())
                .contains("\"alice\"")
                .contains(alice.pubkey());
        JsonNode team = api.as(owner, "GET", "/relays/" + copy + "/team", null).json();
        assertThat(team.path("items")).hasSize(1);
        assertThat(team.path("items").get(0).path("pubkey").asText()).isEqualTo(bob.pubkey());
        assertThat(team.path("items").get(0).path("role").asText()).isEqualTo("moderator");

        // the downloaded archive uploaded back is kept as a backup, and a merge of it into the source adds nothing
        Api.Response up =
                api.sendBytes(owner, "POST", "/relays/" + id + "/backups/upload", "application/zip", zipBytes(zip));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String uploaded = up.json().path("id").asText();
        JsonNode preview = api.as(owner, "GET", "/relays/" + id + "/backups/" + uploaded + "/preview?mode=merge", null)
                .json();
        assertThat(preview.path("events_to_add").asLong())
                .as(preview.toString())
                .isZero();
        assertThat(preview.path("blobs_to_add").asLong()).isZero();
        assertThat(preview.path("refusals").size()).isZero();

        // the schedule: the owner's choice, checked; the pass (every ten minutes) queues a backup of a relay that
        // has none yet, the new one, and none of the source, backed up within the day
        Api.Response bad = api.as(owner, "PUT", "/relays/" + id + "/backups/schedule", "{\"every\":\"hourly\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("field").asText()).isEqualTo("every");
        Api.Response weekly = api.as(owner, "PUT", "/relays/" + id + "/backups/schedule", "{\"every\":\"weekly\"}");
        assertThat(weekly.json().path("schedule").asText()).isEqualTo("weekly");
        assertThat(weekly.json().path("kept").asInt()).isEqualTo(3);
        assertThat(api.as(stranger, "PUT", "/relays/" + id + "/backups/schedule", "{\"every\":\"off\"}")
                        .status())
                .isEqualTo(404);
        long sourceBackups = api.as(owner, "GET", "/relays/" + id + "/backups", null)
                .json()
                .path("items")
                .size();
        fx.clock.advance(BackupSchedules.PASS.plusSeconds(1));
        Wait.until(
                "a scheduled backup of the new relay",
                Duration.ofSeconds(30),
                () -> api.as(owner, "GET", "/relays/" + copy + "/backups", null)
                        .json()
                        .path("items"),
                items -> items.toString().contains("\"reason\":\"scheduled\""));
        fx.clock.set(Instant.now());
        assertThat(api.as(owner, "GET", "/relays/" + id + "/backups", null)
                        .json()
                        .path("items")
                        .size())
                .isEqualTo(sourceBackups);

        // beyond the plan's three, the oldest is removed from the storage; the ones kept are there whole
        assertThat(sourceBackups).isEqualTo(2); // the first and the uploaded archive
        for (int i = 0; i < 2; i++) {
            String more = api.as(owner, "POST", "/relays/" + id + "/backups", null)
                    .json()
                    .path("id")
                    .asText();
            assertThat(awaitBackup(api, owner, id, more).path("status").asText())
                    .isEqualTo("done");
        }
        // the newest is listed done a moment before the prune that follows it
        Set<String> kept = Wait.until(
                "the oldest backup pruned",
                Duration.ofSeconds(30),
                () -> {
                    Set<String> ids = new HashSet<>();
                    for (JsonNode b : api.as(owner, "GET", "/relays/" + id + "/backups", null)
                            .json()
                            .path("items")) ids.add(b.path("id").asText());
                    return ids;
                },
                ids -> ids.size() == 3);
        assertThat(kept).doesNotContain(backupId);
        Set<String> folders = new HashSet<>();
        for (String key : stored(id)) folders.add(key.substring(0, key.indexOf('/')));
        assertThat(folders).isEqualTo(kept);
        assertThat(storedIn(id, uploaded)).isEqualTo(zip.keySet());

        // a deleted relay's final backup is kept in the storage too, whole
        Api.Response deleted = api.as(owner, "POST", "/relays/" + copy + "/delete", "{\"confirm\":\"copy\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        JsonNode last = Wait.until(
                "the deleted relay's final backup",
                Duration.ofSeconds(60),
                () -> {
                    for (JsonNode b : api.as(owner, "GET", "/relays/" + copy + "/backups", null)
                            .json()
                            .path("items")) if (b.path("reason").asText().equals("final")) return b;
                    return null;
                },
                b -> b != null
                        && (b.path("status").asText().equals("done")
                                || b.path("status").asText().equals("failed")));
        assertThat(last.path("status").asText()).as(last.toString()).isEqualTo("done");
        assertThat(last.path("storage").asText()).isEqualTo(kind());
        String finalId = last.path("id").asText();
        Map<String, byte[]> finalZip = download(api, owner, copy, finalId);
        assertThat(finalZip.get("media/" + sha3)).isEqualTo(three);
        assertThat(storedIn(copy, finalId)).isEqualTo(finalZip.keySet());
        // and the copy's scheduled backup is there beside it: every backup listed, and nothing else, is stored
        Set<String> copyBackups = new HashSet<>(), copyFolders = new HashSet<>();
        for (JsonNode b : api.as(owner, "GET", "/relays/" + copy + "/backups", null)
                .json()
                .path("items"))
            copyBackups.add(b.path("reason").asText() + ":" + b.path("id").asText());
        assertThat(copyBackups).hasSize(2).anyMatch(b -> b.startsWith("scheduled:"));
        for (String key : stored(copy)) copyFolders.add(key.substring(0, key.indexOf('/')));
        assertThat(copyFolders)
                .isEqualTo(copyBackups.stream()
                        .map(b -> b.substring(b.indexOf(':') + 1))
                        .collect(java.util.stream.Collectors.toSet()));
        nothingWrittenElsewhere(dir);
    }

    /** The files stored for one backup, by their paths inside it. */
    Set<String> storedIn(String relay, String backupId) throws Exception {
        Set<String> out = new HashSet<>();
        for (String key : stored(relay))
            if (key.startsWith(backupId + "/")) out.add(key.substring(backupId.length() + 1));
        return out;
    }

    static byte[] bytes(int seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A restore into a new relay: that relay's id, and the restore as it ended. */
    record RestoredCopy(String relayId, JsonNode restore) {}

    /** Restores the backup into a new free relay "Copy" at the subdomain copy, and waits for the restore to end. */
    static RestoredCopy restoreIntoNew(Api api, Keys owner, String relay, String backupId) {
        Api.Response started = api.as(
                owner,
                "POST",
                "/relays/" + relay + "/backups/" + backupId + "/restore-into-new",
                "{\"name\":\"Copy\",\"subdomain\":\"copy\",\"plan\":\"free\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String copy = started.json().path("relay_id").asText();
        String restoreId = started.json().at("/restore/id").asText();
        JsonNode restore = Wait.until(
                "restore ended",
                Duration.ofSeconds(90),
                () -> api.as(owner, "GET", "/relays/" + copy + "/restores/" + restoreId, null)
                        .json(),
                j -> j.path("status").asText().matches("done|failed"));
        return new RestoredCopy(copy, restore);
    }

    JsonNode awaitBackup(Api api, Keys owner, String relay, String backupId) {
        return Wait.until(
                "backup finished",
                Duration.ofSeconds(60),
                () -> {
                    for (JsonNode b : api.as(owner, "GET", "/relays/" + relay + "/backups", null)
                            .json()
                            .path("items")) if (b.path("id").asText().equals(backupId)) return b;
                    return null;
                },
                b -> b != null
                        && (b.path("status").asText().equals("done")
                                || b.path("status").asText().equals("failed")));
    }

    static Map<String, byte[]> download(Api api, Keys owner, String relay, String backupId) throws Exception {
        String url = api.base() + "/relays/" + relay + "/backups/" + backupId + "/download";
        HttpResponse<InputStream> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", Api.nip98(owner, url, "GET", null, System.currentTimeMillis() / 1000))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream z = new ZipInputStream(r.body())) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) out.put(e.getName(), z.readAllBytes());
        }
        return out;
    }

    static byte[] zipBytes(Map<String, byte[]> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var z = new java.util.zip.ZipOutputStream(bytes)) {
            List<String> names = new ArrayList<>(files.keySet());
            names.sort(null);
            for (String n : names) {
                z.putNextEntry(new ZipEntry(n));
                new ByteArrayInputStream(files.get(n)).transferTo(z);
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    String auth(Keys k, String verb, String sha) {
        long now = System.currentTimeMillis() / 1000;
        List<List<String>> tags = new ArrayList<>();
        tags.add(List.of("t", verb));
        tags.add(List.of("expiration", Long.toString(now + 60)));
        tags.add(List.of("x", sha));
        Event e = k.sign(now, 24242, tags, verb);
        return "Nostr " + Base64.getEncoder().encodeToString(e.toJsonString().getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder onRelay(String sub, String path) {
        return HttpRequest.newBuilder(URI.create(fx.zooid().url + path))
                .header("Host", sub + ".localhost:" + fx.zooid().port);
    }

    String upload(String sub, Keys k, byte[] body) throws Exception {
        String sha = Hex.encode(Event.sha256(body));
        HttpResponse<String> r = HTTP.send(
                onRelay(sub, "/upload")
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

    byte[] get(String sub, Keys k, String sha) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(
                onRelay(sub, "/" + sha)
                        .header("Authorization", auth(k, "get", sha))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode())
                .as(r.headers().firstValue("X-Reason").orElse(""))
                .isEqualTo(200);
        return r.body();
    }
}
