package caravel.backups;

import caravel.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3-compatible bucket (RELAY_BACKUP_S3_*): path-style addressing (MinIO, Garage, S3Proxy and AWS
 * alike), the JDK's own HTTP client underneath. Checksums are sent only where the service requires them, since many
 * S3-compatible servers do not know the newer trailing ones. A refusal (wrong credentials, no such bucket) becomes an
 * IOException naming the bucket and S3's own error code, never the keys.
 */
public final class S3BackupStorage implements BackupStorage, AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BackupStorage(Config.BackupS3 c) {
        var b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(c.region()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey())))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .requestChecksumCalculation(
                        software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(
                        software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
        c.endpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
        this.s3 = b.build();
        this.bucket = c.bucket();
        this.prefix = c.prefix().isEmpty() ? "" : c.prefix() + "/";
    }

    @Override
    public String kind() {
        return "s3";
    }

    private String objectKey(String key) {
        return prefix + BackupStorage.checkKey(key);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(objectKey(key)), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw failure("store " + key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(objectKey(key)));
        } catch (NoSuchKeyException e) {
            throw new IOException("the file " + key + " is not in the bucket " + bucket);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public void deleteAll(String keyPrefix) throws IOException {
        String p = objectKey(keyPrefix) + "/";
        try {
            for (S3Object o :
                    s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(p)).contents())
                s3.deleteObject(r -> r.bucket(bucket).key(o.key()));
        } catch (SdkException e) {
            throw failure("delete " + keyPrefix, e);
        }
    }

    /** What S3 said, in words an owner and an operator can act on: the bucket, the status and S3's error code. */
    private IOException failure(String what, SdkException e) {
        String why;
        if (e instanceof S3Exception s && s.awsErrorDetails() != null)
            why = "HTTP " + s.statusCode() + " " + s.awsErrorDetails().errorCode();
        else why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
        return new IOException("the bucket " + bucket + " refused to " + what + " (" + why + ")");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        s3.close();
    }
}
