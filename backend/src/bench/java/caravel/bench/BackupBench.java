package caravel.bench;

import caravel.Inside;
import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.nostr.Keys;
import caravel.testing.Api;
import caravel.testing.S3Server;
import caravel.testing.TestBackend;
import caravel.testing.Wait;
import caravel.testing.ZooidEmulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Issue 45's backup and restore throughput: a relay of 100,000 events (-Devents=N) and 1 GB of media (-DmediaMb=M, in
 * blobs of 10 MB, Blossom's largest) on the local zooid emulator; the plain export, a backup (events, media, the other
 * parts, the manifest, every file read back and checked) and a restore into a new relay (events through the stack's
 * RESTORE_EVENTS_COMMAND stand-in, media uploaded again; the archive downloaded and uploaded to it first) each timed
 * end to end, in events/s and MB/s. The events are
 * members' posts written straight into the emulator's data file; the media is uploaded by the owner over Blossom.
 * The emulator keeps media in memory: mind the machine's memory before asking for the full gigabyte. With
 * -Dstorage=s3 the backups are kept in a bucket of a real S3 server (S3Proxy, in memory too) instead of the folder.
 */
public final class BackupBench {
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final int BLOB = 10 * 1000 * 1000;

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("events", 100_000);
        int mediaMb = Integer.getInteger("mediaMb", 1000);
        boolean s3 = System.getProperty("storage", "local").equals("s3");
        Path dir = Files.createTempDirectory("caravel-backup-bench");
        S3Server bucket = s3 ? new S3Server("relay-backups") : null;
        Keys zooidKey = Keys.generate(), owner = Keys.generate();
        ZooidEmulator zooid = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), 0);
        int port = zooid.port;
        TestBackend backend = new TestBackend(dir, env -> {
            zooid.pointAt(env, zooidKey);
            env.put("RELAY_DOMAIN", "localhost:" + port);
            env.put("PLANS", "[{\"id\":\"free\",\"name\":\"Free\",\"price\":0,\"members\":200,\"blossom\":true}]");
            env.put("RELAY_BACKUP_DIR", dir.resolve("relay-backups").toString());
            if (bucket != null) {
                env.put("RELAY_BACKUP_S3_ENDPOINT", bucket.endpoint);
                env.put("RELAY_BACKUP_S3_BUCKET", "relay-backups");
                env.put("RELAY_BACKUP_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
                env.put("RELAY_BACKUP_S3_SECRET_KEY", S3Server.SECRET_KEY);
            }
            env.put("RESTORE_EVENTS_COMMAND", zooid.restoreEventsCommand());
        });
        ZooidEmulator z = zooid;
        HeapWatch heap = new HeapWatch();
        try {
            Api api = backend.api;
            String id = create(api, owner, "big");
            String schema =
                    Inside.of(backend.app).relayStore().find(id).orElseThrow().schema();

            // n members' posts of 1 KiB, 7 per second, straight into the emulator's data file
            z.close();
            List<Keys> members = new ArrayList<>();
            for (int i = 0; i < 100; i++) members.add(Keys.generate());
            long t0 = System.currentTimeMillis() / 1000 - n / 7;
            String filler = "x".repeat(1024);
            EmulatorData.append(
                    dir.resolve("zooid/.emulator-data/" + schema + ".json"),
                    n,
                    i -> members.get(i % members.size())
                            .sign(t0 + i / 7, 1, List.of(List.of("n", Integer.toString(i))), filler));
            z = new ZooidEmulator(dir.resolve("zooid"), zooidKey.pubkey(), port);

            // the media, uploaded by the owner
            long mediaBytes = 0;
            Random random = new Random(45);
            for (int left = mediaMb * 1000 * 1000; left > 0; left -= BLOB) {
                byte[] blob = new byte[Math.min(BLOB, left)];
                random.nextBytes(blob);
                upload(z, "big", owner, blob);
                mediaBytes += blob.length;
            }
            System.out.printf(
                    "a relay of %,d events and %,.0f MB of media (%d blobs), backed up to %s%n",
                    n, mediaBytes / 1e6, (mediaBytes + BLOB - 1) / BLOB, s3 ? "an S3 bucket (S3Proxy)" : "the folder");

            // the read floor: a plain Nostr client reading the same events as the owner (a member)
            long started = System.nanoTime();
            long read = ReadFloor.read("big.localhost:" + port, port, owner);
            double readS = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "  read floor (a plain client's REQs) %6.1f s  %,8.0f events/s  (%,d events)%n",
                    readS, read / readS, read);

            // the plain export, kept for the write floor
            Path exportFile = dir.resolve("export.jsonl");
            started = System.nanoTime();
            String exportUrl = api.base() + "/relays/" + id + "/export";
            HttpResponse<Path> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(exportUrl))
                            .header(
                                    "Authorization",
                                    Api.nip98(owner, exportUrl, "GET", null, System.currentTimeMillis() / 1000))
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(exportFile));
            if (r.statusCode() != 200) throw new IllegalStateException("export: " + r.statusCode());
            long exported = Files.size(exportFile);
            double exportS = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "  export  (events only)            %6.1f s  %,8.0f events/s  %6.1f MB/s%n",
                    exportS, n / exportS, exported / 1e6 / exportS);

            // a backup
            started = System.nanoTime();
            Api.Response taken = api.as(owner, "POST", "/relays/" + id + "/backups", null);
            if (taken.status() != 202) throw new IllegalStateException(taken.body());
            String backupId = taken.json().path("id").asText();
            JsonNode b = Wait.until(
                    "backup done",
                    Duration.ofMinutes(60),
                    () -> {
                        for (JsonNode x : api.as(owner, "GET", "/relays/" + id + "/backups", null)
                                .json()
                                .path("items")) if (x.path("id").asText().equals(backupId)) return x;
                        return null;
                    },
                    x -> x != null && !x.path("status").asText().matches("queued|running"));
            double backupS = (System.nanoTime() - started) / 1e9;
            if (!b.path("status").asText().equals("done")) throw new IllegalStateException("backup failed: " + b);
            long bytes = b.path("bytes").asLong();
            System.out.printf(
                    "  backup  (events, media, verified) %6.1f s  %,8.0f events/s  %6.1f MB/s  (%,.0f MB kept)%n",
                    backupS, b.path("events").asLong() / backupS, bytes / 1e6 / backupS, bytes / 1e6);

            // the archive downloaded, uploaded to a new relay (checked whole), then restored into it
            String copy = create(api, owner, "copy");
            Path zip = dir.resolve("backup.zip");
            String dl = api.base() + "/relays/" + id + "/backups/" + backupId + "/download";
            started = System.nanoTime();
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(dl))
                            .header(
                                    "Authorization",
                                    Api.nip98(owner, dl, "GET", null, System.currentTimeMillis() / 1000))
                            .build(),
                    HttpResponse.BodyHandlers.ofFile(zip));
            double downloadS = (System.nanoTime() - started) / 1e9;
            String up = api.base() + "/relays/" + copy + "/backups/upload";
            started = System.nanoTime();
            HttpResponse<String> uploaded = HTTP.send(
                    HttpRequest.newBuilder(URI.create(up))
                            .header(
                                    "Authorization",
                                    Api.nip98(owner, up, "POST", null, System.currentTimeMillis() / 1000))
                            .header("Content-Type", "application/zip")
                            .POST(HttpRequest.BodyPublishers.ofFile(zip))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            double uploadS = (System.nanoTime() - started) / 1e9;
            if (uploaded.statusCode() != 201) throw new IllegalStateException(uploaded.body());
            String kept = Api.JSON.readTree(uploaded.body()).path("id").asText();
            long zipBytes = Files.size(zip);
            System.out.printf(
                    "  download (zip, streamed)          %6.1f s  %,8.0f events/s  %6.1f MB/s%n",
                    downloadS, n / downloadS, zipBytes / 1e6 / downloadS);
            System.out.printf(
                    "  upload  (zip, checked whole)      %6.1f s  %,8.0f events/s  %6.1f MB/s%n",
                    uploadS, n / uploadS, zipBytes / 1e6 / uploadS);
            started = System.nanoTime();
            Api.Response s = api.as(
                    owner, "POST", "/relays/" + copy + "/restores", "{\"backup\":\"" + kept + "\",\"mode\":\"merge\"}");
            if (s.status() != 202) throw new IllegalStateException(s.body());
            String restore = s.json().path("id").asText();
            // each step's time, from the restore's own progress as the owner's page reads it
            java.util.Map<String, Double> steps = new java.util.LinkedHashMap<>();
            String[] step = {"queued"};
            long[] stepStarted = {started};
            JsonNode done = Wait.until(
                    "restore done",
                    Duration.ofMinutes(60),
                    () -> {
                        JsonNode x = api.as(owner, "GET", "/relays/" + copy + "/restores/" + restore, null)
                                .json();
                        String now = x.path("status").asText().equals("running")
                                ? x.path("step").asText()
                                : x.path("status").asText();
                        if (!now.equals(step[0])) {
                            long t = System.nanoTime();
                            steps.merge(step[0], (t - stepStarted[0]) / 1e9, Double::sum);
                            step[0] = now;
                            stepStarted[0] = t;
                        }
                        return x;
                    },
                    x -> x.path("status").asText().matches("done|failed"));
            double restoreS = (System.nanoTime() - started) / 1e9;
            StringBuilder perStep = new StringBuilder();
            steps.forEach((k, v) -> perStep.append(String.format("%s %.1f s, ", k, v)));
            if (!done.path("status").asText().equals("done"))
                throw new IllegalStateException("restore failed: " + done);
            System.out.printf(
                    "  restore (into a new relay)        %6.1f s  %,8.0f events/s  %6.1f MB/s  (%,d events, %d blobs in place)%n",
                    restoreS,
                    done.path("events_done").asLong() / restoreS,
                    bytes / 1e6 / restoreS,
                    done.path("events_done").asLong(),
                    done.path("blobs_done").asLong());
            System.out.println("    restore steps: " + perStep.toString().replaceAll(", $", ""));

            // the write floor: the same events written into a new relay's stored events by the node's own write path
            // (RESTORE_EVENTS_COMMAND alone: zooid's database on a real zooid, the emulator's store here)
            String floor = create(api, owner, "floor");
            String floorSchema = Inside.of(backend.app)
                    .relayStore()
                    .find(floor)
                    .orElseThrow()
                    .schema();
            List<String> argv = new ArrayList<>(List.of(z.restoreEventsCommand().split(" ")));
            argv.addAll(List.of(floorSchema, caravel.config.ZooidNode.DEFAULT, exportFile.toString()));
            started = System.nanoTime();
            Process write = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String said = new String(write.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (write.waitFor() != 0) throw new IllegalStateException("the write floor's command failed: " + said);
            double writeS = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "  write floor (the node's own write) %6.1f s  %,8.0f events/s  (%s)%n", writeS, n / writeS, said);

            double readRate = read / readS, exportRate = n / exportS, writeRate = n / writeS;
            double backupRate = b.path("events").asLong() / backupS;
            double restoreRate = done.path("events_done").asLong() / restoreS;
            System.out.printf(
                    "  ratios (events/s): export / read floor %.2f (goal 0.8), backup / export %.2f (0.8), restore /"
                            + " export %.2f (0.8); restore / write floor %.2f%n",
                    exportRate / readRate, backupRate / exportRate, restoreRate / exportRate, restoreRate / writeRate);
            System.out.println("  " + heap.describe());
        } finally {
            heap.close();
            backend.close();
            z.close();
            if (bucket != null) bucket.close();
        }
    }

    static String create(Api api, Keys owner, String sub) {
        Api.Response created =
                api.as(owner, "POST", "/relays", "{\"name\":\"Big\",\"subdomain\":\"" + sub + "\",\"plan\":\"free\"}");
        if (created.status() != 201) throw new IllegalStateException(created.body());
        String id = created.json().at("/relay/id").asText();
        Wait.until(
                "relay active",
                Duration.ofSeconds(60),
                () -> api.as(owner, "GET", "/relays/" + id, null).json(),
                v -> v.path("status").asText().equals("active")
                        && v.at("/sync/state").asText().equals("synced"));
        return id;
    }

    static void upload(ZooidEmulator z, String sub, Keys k, byte[] body) throws Exception {
        String sha = Hex.encode(Event.sha256(body));
        long now = System.currentTimeMillis() / 1000;
        Event auth = k.sign(
                now,
                24242,
                List.of(List.of("t", "upload"), List.of("expiration", Long.toString(now + 60)), List.of("x", sha)),
                "upload");
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(z.url + "/upload"))
                        .header("Host", sub + ".localhost:" + z.port)
                        .header(
                                "Authorization",
                                "Nostr "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        auth.toJsonString().getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200)
            throw new IllegalStateException(
                    "upload refused: " + r.statusCode() + " " + r.headers().firstValue("X-Reason"));
    }
}
