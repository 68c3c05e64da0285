package ai.humane.backup.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3-compatible bucket (O3), under an optional key prefix. A backup is uploaded in parts and
 * becomes an object only when its multipart upload completes, so a reader never sees half of one; a failed
 * upload is aborted. Names stay flat under the prefix, as in a directory.
 */
public final class S3Target implements BackupTarget {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partBytes;

    S3Target(S3Client s3, String bucket, String prefix, int partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.partBytes = partBytes;
    }

    /** The bucket and prefix of {@code s3://bucket/prefix}. */
    public static S3Target at(URI location, S3Client s3) {
        if (!"s3".equals(location.getScheme()) || location.getHost() == null) {
            throw new IllegalArgumentException("not an s3://bucket/prefix location: " + location);
        }
        String path = location.getPath() == null ? "" : location.getPath();
        return new S3Target(s3, location.getHost(), path.startsWith("/") ? path.substring(1) : path,
                S3Upload.PART_BYTES);
    }

    @Override
    public OutputStream create(String name) {
        return new S3Upload(s3, bucket, key(name), partBytes);
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(key(name)));
        } catch (SdkException e) {
            throw new IOException("cannot read " + name + " from " + describe(), e);
        }
    }

    @Override
    public List<String> list() throws IOException {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        try {
            return s3.listObjectsV2Paginator(request).contents().stream().map(S3Object::key)
                    .map(key -> key.substring(prefix.length())).filter(BackupNames::isBackup).sorted().toList();
        } catch (SdkException e) {
            throw new IOException("cannot list " + describe(), e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key(name)));
        } catch (SdkException e) {
            throw new IOException("cannot delete " + name + " from " + describe(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    private String key(String name) {
        return prefix + BackupNames.require(name);
    }
}
