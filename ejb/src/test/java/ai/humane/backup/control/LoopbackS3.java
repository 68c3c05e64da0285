package ai.humane.backup.control;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on loopback for the tests: S3Proxy speaking the S3 protocol (SigV4 signatures checked) in
 * front of jclouds' in-memory store. Nothing leaves 127.0.0.1.
 */
final class LoopbackS3 implements AutoCloseable {

    static final String ACCESS_KEY = "humane-test-access";
    static final String SECRET_KEY = "humane-test-secret-0123456789";

    private final S3Proxy proxy;
    private final BlobStoreContext store;

    private LoopbackS3(S3Proxy proxy, BlobStoreContext store) {
        this.proxy = proxy;
        this.store = store;
    }

    /** A started server holding the empty bucket {@code bucket}. */
    static LoopbackS3 start(String bucket) throws Exception {
        BlobStoreContext store = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .overrides(new Properties()).build(BlobStoreContext.class);
        store.getBlobStore().createContainerInLocation(null, bucket);
        S3Proxy proxy = S3Proxy.builder().blobStore(store.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        return new LoopbackS3(proxy, store);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The settings an operator would give for this server, as environment names. */
    Map<String, String> environment(String target) {
        return Map.of("BACKUP_TARGET", target, "BACKUP_S3_ENDPOINT", endpoint().toString(),
                "BACKUP_S3_ACCESS_KEY_ID", ACCESS_KEY, "BACKUP_S3_SECRET_ACCESS_KEY", SECRET_KEY, "BACKUP_DB_USER", "backup");
    }

    /** A client with these credentials, or with a wrong secret. */
    S3Client client(boolean rightSecret) {
        return new S3Access(Optional.of(endpoint()), "us-east-1", Optional.of(ACCESS_KEY),
                Optional.of(rightSecret ? SECRET_KEY : SECRET_KEY + "-wrong")).client();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        store.close();
    }
}
