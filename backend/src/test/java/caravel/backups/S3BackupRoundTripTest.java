package caravel.backups;

import static org.assertj.core.api.Assertions.assertThat;

import caravel.testing.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * {@link BackupRoundTrip} with the backups in an S3-compatible bucket (RELAY_BACKUP_S3_*, a prefix of two segments)
 * on a real S3 server (S3Proxy) started here: every file is read back from the bucket itself, and the platform's
 * backup folder stays empty.
 */
class S3BackupRoundTripTest extends BackupRoundTrip {
    static final String BUCKET = "relay-backups";
    static final String PREFIX = "caravel/backups";

    private S3Server s3;
    private Path folder;

    @Override
    Map<String, String> storageSettings(Path dir) throws Exception {
        s3 = new S3Server(BUCKET);
        folder = dir.resolve("relay-backups");
        return Map.of(
                "RELAY_BACKUP_DIR",
                folder.toString(),
                "RELAY_BACKUP_S3_ENDPOINT",
                s3.endpoint,
                "RELAY_BACKUP_S3_BUCKET",
                BUCKET,
                "RELAY_BACKUP_S3_ACCESS_KEY",
                S3Server.ACCESS_KEY,
                "RELAY_BACKUP_S3_SECRET_KEY",
                S3Server.SECRET_KEY,
                "RELAY_BACKUP_S3_PREFIX",
                "/" + PREFIX + "/");
    }

    @Override
    String kind() {
        return "s3";
    }

    @Override
    Set<String> stored(String relayId) {
        String under = PREFIX + "/" + relayId + "/";
        Set<String> out = new HashSet<>();
        for (StorageMetadata o :
                s3.blobs.list(BUCKET, ListContainerOptions.Builder.prefix(under).recursive())) {
            assertThat(o.getName()).startsWith(under);
            out.add(o.getName().substring(under.length()));
        }
        return out;
    }

    @Override
    void nothingWrittenElsewhere(Path dir) throws Exception {
        if (!Files.exists(folder)) return;
        try (Stream<Path> all = Files.walk(folder)) {
            assertThat(all.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Override
    void closeStorage() {
        if (s3 != null) s3.close();
    }
}
