package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.nostr.Event;
import caravel.nostr.Hex;
import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.S3Server;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket that refuses writes, against a real S3 server, fails the backup job: a wrong secret, a bucket that stopped
 * taking writes after a backup was kept in it, a bucket that does not exist. Each attempt fails with the reason (the
 * bucket and S3's code, never the secret), the job is tried again with the queue's backoff, and after the last attempt
 * the backup is given up and the owner told by the robot's DM. Nothing is listed as a backup that is not one, and the
 * backups kept before are untouched, byte for byte, and still download.
 */
@Tag("peer")
class BackupFailureTest {
    static final String BUCKET = "relay-backups";

    @TempDir
    Path dir;

    /** One server for the class: each test's relay has its own folder in the bucket. */
    static S3Server s3;

    CommunityFixture fx;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3Server(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @AfterEach
    void stop() {
        s3.refuseWrites(false);
        if (fx != null) fx.close();
    }

    private void start(String name, String bucket, String secret, boolean dms) throws Exception {
        var options = CommunityFixture.Options.defaults()
                .withEnv(Map.of(
                        "RELAY_BACKUP_S3_ENDPOINT",
                        s3.endpoint,
                        "RELAY_BACKUP_S3_BUCKET",
                        bucket,
                        "RELAY_BACKUP_S3_ACCESS_KEY",
                        S3Server.ACCESS_KEY,
                        "RELAY_BACKUP_S3_SECRET_KEY",
                        secret));
        fx = CommunityFixture.start(
                dir, dms ? options : options.withoutDms(), name, name.toLowerCase(java.util.Locale.ROOT));
        fx.clock.set(Instant.now()); // Blossom's authorizations expire by the emulator's own clock
    }

    private String take() {
        Api.Response taken = fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        assertThat(taken.json().path("storage").asText()).isEqualTo("s3");
        return taken.json().path("id").asText();
    }

    /** The backup once it is done or given up. */
    private JsonNode settled(String id) {
        return Wait.until(
                "backup " + id + " done or given up",
                Duration.ofSeconds(60),
                () -> {
                    for (JsonNode x : fx.api
                            .as(fx.owner, "GET", "/relays/" + fx.relayId + "/backups", null)
                            .json()
                            .path("items")) if (x.path("id").asText().equals(id)) return x;
                    return null;
                },
                x -> x != null
                        && (x.path("status").asText().equals("failed")
                                || x.path("status").asText().equals("done")));
    }

    private String dmAboutTheBackup() {
        return Wait.until(
                "the owner told",
                Duration.ofSeconds(30),
                () -> fx.dmsTo(fx.owner).stream()
                        .filter(m -> m.contains("backup of your relay"))
                        .findFirst()
                        .orElse(null),
                m -> m != null);
    }

    /** Every object in the bucket under the test's relay, with its sha256, read from the store itself. */
    private Map<String, String> bucket() {
        Map<String, String> out = new HashMap<>();
        for (StorageMetadata o : s3.blobs.list(
                BUCKET, ListContainerOptions.Builder.prefix(fx.relayId + "/").recursive())) {
            try (var in = s3.blobs.getBlob(BUCKET, o.getName()).getPayload().openStream()) {
                out.put(o.getName(), Hex.encode(Event.sha256(in.readAllBytes())));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Test
    void aWrongSecretIsRetriedThenTheOwnerIsTold() throws Exception {
        String secret = "a-wrong-secret-that-must-never-show";
        start("Failing", BUCKET, secret, true);
        JsonNode b = settled(take());
        assertThat(b.path("status").asText()).isEqualTo("failed");
        assertThat(b.path("attempts").asInt()).isEqualTo(BackupTaking.ATTEMPTS);
        assertThat(b.path("error").asText())
                .contains("the bucket relay-backups refused")
                .contains("HTTP 403")
                .doesNotContain(secret);
        assertThat(bucket()).isEmpty(); // nothing half-written is left or listed as done
        assertThat(dmAboutTheBackup())
                .contains("\"Failing\"")
                .contains("relay-backups")
                .doesNotContain(secret);
    }

    @Test
    void aBucketThatStopsTakingWritesLeavesTheEarlierBackupsWhole() throws Exception {
        start("Kept", BUCKET, S3Server.SECRET_KEY, true);
        String first = take();
        assertThat(settled(first).path("status").asText()).isEqualTo("done");
        Map<String, String> before = bucket();
        assertThat(before).containsKey(fx.relayId + "/" + first + "/" + Manifest.FILE);

        // the bucket's policy now denies writes (and removals): reads go on
        s3.refuseWrites(true);
        JsonNode b = settled(take());
        assertThat(b.path("status").asText()).as(b.toString()).isEqualTo("failed");
        assertThat(b.path("attempts").asInt()).isEqualTo(BackupTaking.ATTEMPTS);
        assertThat(b.path("error").asText())
                .contains("the bucket relay-backups refused to store")
                .contains("HTTP 403 AccessDenied")
                .doesNotContain(S3Server.SECRET_KEY);
        assertThat(dmAboutTheBackup())
                .contains("\"Kept\"")
                .contains("HTTP 403 AccessDenied")
                .contains("Your earlier backups are kept")
                .doesNotContain(S3Server.SECRET_KEY);

        // the earlier backup: still listed done, every object as it was, and it still downloads whole
        JsonNode kept = settled(first);
        assertThat(kept.path("status").asText()).isEqualTo("done");
        assertThat(bucket()).isEqualTo(before);
        Map<String, String> downloaded = new HashMap<>();
        BackupRoundTrip.download(fx.api, fx.owner, fx.relayId, first)
                .forEach((path, bytes) ->
                        downloaded.put(fx.relayId + "/" + first + "/" + path, Hex.encode(Event.sha256(bytes))));
        assertThat(downloaded).isEqualTo(before);
    }

    @Test
    void aMissingBucketIsNamedWithS3sCode() throws Exception {
        start("Nowhere", "no-such-bucket", S3Server.SECRET_KEY, false);
        JsonNode b = settled(take());
        assertThat(b.path("status").asText()).isEqualTo("failed");
        assertThat(b.path("attempts").asInt()).isEqualTo(BackupTaking.ATTEMPTS);
        assertThat(b.path("error").asText())
                .contains("the bucket no-such-bucket refused")
                .contains("NoSuchBucket")
                .doesNotContain(S3Server.SECRET_KEY);
        assertThat(bucket()).isEmpty();
    }
}
