package caravel.testing;

import caravel.config.Config;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.rest.AuthorizationException;

/**
 * A real S3-compatible server for tests: S3Proxy in this process on a free port over jclouds' in-memory blob store,
 * checking AWS signatures (v2 and v4) against one key pair. Not a mock of any client: it speaks the S3 protocol.
 * {@link #refuseWrites} makes its buckets read-only, as a bucket policy that denies writes does on AWS: every write or
 * removal is answered 403 AccessDenied, reads go on.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "caravel-test-access";
    public static final String SECRET_KEY = "caravel-test-secret-never-logged";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    /** The store itself, as the tests look into it (never refused). */
    public final BlobStore blobs;

    public final String endpoint;
    private final AtomicBoolean readOnly = new AtomicBoolean();

    /** The store's methods that change a bucket: refused while {@link #refuseWrites} is on. */
    private static final Set<String> WRITES = Set.of(
            "putBlob",
            "copyBlob",
            "removeBlob",
            "removeBlobs",
            "clearContainer",
            "deleteContainer",
            "deleteContainerIfEmpty",
            "deleteDirectory",
            "createDirectory",
            "initiateMultipartUpload",
            "uploadMultipartPart",
            "completeMultipartUpload",
            "setBlobAccess",
            "setContainerAccess");

    public S3Server(String... buckets) throws Exception {
        Properties props = new Properties();
        this.context = ContextBuilder.newBuilder("transient")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(props)
                .build(BlobStoreContext.class);
        this.blobs = context.getBlobStore();
        for (String b : buckets) blobs.createContainerInLocation(null, b);
        this.proxy = S3Proxy.builder()
                .blobStore(guarded(blobs))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long until = System.currentTimeMillis() + 10_000;
        while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < until) Thread.sleep(20);
        if (!"STARTED".equals(proxy.getState())) throw new IllegalStateException("S3Proxy did not start");
        this.endpoint = "http://127.0.0.1:" + proxy.getPort();
    }

    /** What S3Proxy serves: the store, with its writes refused while {@link #readOnly} is set. */
    private BlobStore guarded(BlobStore store) {
        return (BlobStore) Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (self, method, args) -> {
                    if (readOnly.get() && WRITES.contains(method.getName()))
                        throw new AuthorizationException("the bucket's policy denies " + method.getName());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** From now on every bucket refuses writes and removals (403 AccessDenied), or takes them again. */
    public void refuseWrites(boolean refuse) {
        readOnly.set(refuse);
    }

    /** The settings of a bucket on this server, with the given keys. */
    public Config.BackupS3 bucket(String bucket, String accessKey, String secretKey, String prefix) {
        return new Config.BackupS3(Optional.of(endpoint), "us-east-1", bucket, accessKey, secretKey, prefix);
    }

    public Config.BackupS3 bucket(String bucket) {
        return bucket(bucket, ACCESS_KEY, SECRET_KEY, "backups");
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            context.close();
        }
    }
}
