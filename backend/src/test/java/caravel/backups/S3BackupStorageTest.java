package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import caravel.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relays' backups in an S3-compatible bucket, against a real S3 server (S3Proxy) started here: files go in and come
 * back byte for byte under the prefix, a backup's folder is removed whole, and a bucket that refuses (wrong secret, no
 * such bucket) is a clear failure naming the bucket and S3's code, never the secret.
 */
class S3BackupStorageTest {
    static S3Server s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Server("relay-backups");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void filesRoundTripUnderThePrefixAndAFolderIsRemovedWhole() throws Exception {
        try (S3BackupStorage storage = new S3BackupStorage(s3.bucket("relay-backups"))) {
            Path big = file("big", 3 * 1024 * 1024 + 17);
            storage.put("relay1/b1/media/x", big);
            storage.put("relay1/b1/events.jsonl", file("small", 100));
            storage.put("relay1/b2/events.jsonl", file("other", 10));
            try (InputStream in = storage.open("relay1/b1/media/x")) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(big));
            }
            // the objects really are in the bucket, under the prefix
            assertThat(s3.blobs.blobExists("relay-backups", "backups/relay1/b1/media/x"))
                    .isTrue();

            storage.deleteAll("relay1/b1");
            assertThat(s3.blobs.blobExists("relay-backups", "backups/relay1/b1/media/x"))
                    .isFalse();
            assertThat(s3.blobs.blobExists("relay-backups", "backups/relay1/b1/events.jsonl"))
                    .isFalse();
            // the other backup is untouched
            try (InputStream in = storage.open("relay1/b2/events.jsonl")) {
                assertThat(in.readAllBytes()).hasSize(10);
            }
            assertThatThrownBy(() -> storage.open("relay1/b1/events.jsonl"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not in the bucket relay-backups");
        }
    }

    @Test
    void aWrongSecretIsAClearFailureThatNeverShowsTheSecret() throws Exception {
        String secret = "wrong-secret-that-must-not-leak";
        try (S3BackupStorage storage =
                new S3BackupStorage(s3.bucket("relay-backups", S3Server.ACCESS_KEY, secret, ""))) {
            Path f = file("f", 10);
            assertThatThrownBy(() -> storage.put("r/b/events.jsonl", f))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the bucket relay-backups refused to store r/b/events.jsonl")
                    .hasMessageContaining("HTTP 403")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        }
    }

    @Test
    void aBucketThatRefusesWritesStillServesWhatItHolds() throws Exception {
        try (S3BackupStorage storage = new S3BackupStorage(s3.bucket("relay-backups"))) {
            storage.put("ro/b1/events.jsonl", file("kept", 50));
            s3.refuseWrites(true);
            try {
                Path f = file("f", 10);
                assertThatThrownBy(() -> storage.put("ro/b2/events.jsonl", f))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("the bucket relay-backups refused to store ro/b2/events.jsonl")
                        .hasMessageContaining("HTTP 403 AccessDenied");
                assertThatThrownBy(() -> storage.deleteAll("ro/b1"))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("refused to delete ro/b1");
                try (InputStream in = storage.open("ro/b1/events.jsonl")) {
                    assertThat(in.readAllBytes()).hasSize(50);
                }
            } finally {
                s3.refuseWrites(false);
            }
            storage.deleteAll("ro/b1");
            assertThat(s3.blobs.blobExists("relay-backups", "backups/ro/b1/events.jsonl"))
                    .isFalse();
        }
    }

    @Test
    void aMissingBucketIsAClearFailure() throws Exception {
        try (S3BackupStorage storage = new S3BackupStorage(s3.bucket("no-such-bucket"))) {
            Path f = file("f", 10);
            assertThatThrownBy(() -> storage.put("r/b/events.jsonl", f))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the bucket no-such-bucket refused")
                    .hasMessageContaining("NoSuchBucket");
        }
    }

    @Test
    void keysCannotClimbOutOfTheirFolder() {
        for (String bad : new String[] {"../x", "a/../b", "/abs", "a//b", "a/b/", "a/ b"})
            assertThatThrownBy(() -> BackupStorage.checkKey(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
