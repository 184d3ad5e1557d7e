package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.Api;
import caravel.testing.CommunityFixture;
import caravel.testing.S3Server;
import caravel.testing.Wait;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bucket that refuses writes (a wrong secret, against a real S3 server): the backup is tried again with the job
 * queue's backoff, then given up with the reason (the bucket and S3's code, never the secret), and the owner is told
 * by the robot's DM. Nothing is listed as a backup that is not one.
 */
@Tag("peer")
class BackupFailureTest {
    @TempDir
    Path dir;

    CommunityFixture fx;
    S3Server s3;

    @AfterEach
    void stop() {
        if (fx != null) fx.close();
        if (s3 != null) s3.close();
    }

    @Test
    void aBucketThatRefusesWritesIsRetriedThenTheOwnerIsTold() throws Exception {
        s3 = new S3Server("relay-backups");
        String secret = "a-wrong-secret-that-must-never-show";
        fx = CommunityFixture.start(
                dir,
                CommunityFixture.Options.defaults()
                        .withEnv(Map.of(
                                "RELAY_BACKUP_S3_ENDPOINT",
                                s3.endpoint,
                                "RELAY_BACKUP_S3_BUCKET",
                                "relay-backups",
                                "RELAY_BACKUP_S3_ACCESS_KEY",
                                S3Server.ACCESS_KEY,
                                "RELAY_BACKUP_S3_SECRET_KEY",
                                secret)),
                "Failing",
                "failing");
        fx.clock.set(Instant.now());
        Api.Response taken = fx.api.as(fx.owner, "POST", "/relays/" + fx.relayId + "/backups", null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(202);
        assertThat(taken.json().path("storage").asText()).isEqualTo("s3");
        String id = taken.json().path("id").asText();
        JsonNode b = Wait.until(
                "backup given up",
                Duration.ofSeconds(60),
                () -> {
                    for (JsonNode x : fx.api
                            .as(fx.owner, "GET", "/relays/" + fx.relayId + "/backups", null)
                            .json()
                            .path("items")) if (x.path("id").asText().equals(id)) return x;
                    return null;
                },
                x -> x != null && x.path("status").asText().equals("failed"));
        assertThat(b.path("attempts").asInt()).isEqualTo(RelayBackups.ATTEMPTS);
        assertThat(b.path("error").asText())
                .contains("the bucket relay-backups refused")
                .contains("HTTP 403")
                .doesNotContain(secret);
        assertThat(s3.blobs.list("relay-backups")).isEmpty(); // nothing half-written is left or listed as done
        String dm = Wait.until(
                "the owner told",
                Duration.ofSeconds(30),
                () -> fx.dmsTo(fx.owner).stream()
                        .filter(m -> m.contains("backup of your relay"))
                        .findFirst()
                        .orElse(null),
                m -> m != null);
        assertThat(dm).contains("\"Failing\"").contains("relay-backups").doesNotContain(secret);
    }
}
