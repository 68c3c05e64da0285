package ai.humane.backup.control;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One backup streaming into S3: bytes are gathered into parts of {@link #PART_BYTES} and each full part is
 * uploaded as it fills, so memory stays at one part whatever the backup's size. A backup smaller than one part
 * is a single PUT. The object appears only when {@link #close()} completes the upload; any failure aborts it,
 * so the bucket never holds a cut-short backup under a backup's name.
 */
final class S3Upload extends OutputStream {

    /** S3's parts are at least 5 MiB, all but the last; 8 MiB keeps 10,000 parts above 78 GiB. */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final byte[] part;
    private final List<CompletedPart> done = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean closed;

    S3Upload(S3Client s3, String bucket, String key, int partBytes) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.part = new byte[partBytes];
    }

    @Override
    public void write(int b) throws IOException {
        if (closed) {
            throw new IOException("the upload of " + key + " is closed");
        }
        part[filled++] = (byte) b;
        if (filled == part.length) {
            uploadPart();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the upload of " + key + " is closed");
        }
        while (len > 0) {
            int n = Math.min(len, part.length - filled);
            System.arraycopy(b, off, part, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == part.length) {
                uploadPart();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (uploadId == null) {
                s3.putObject(request -> request.bucket(bucket).key(key), filledPart());
                return;
            }
            if (filled > 0) {
                uploadPart();
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(done)));
        } catch (SdkException e) {
            abort();
            throw new IOException("cannot complete the upload of " + key, e);
        }
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId();
            }
            int number = done.size() + 1;
            String etag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    filledPart()).eTag();
            done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        } catch (SdkException e) {
            closed = true;
            abort();
            throw new IOException("cannot upload part " + (done.size() + 1) + " of " + key, e);
        }
    }

    /** The filled part of the buffer, read in place (no copy); a retry of the request reads it again from the start. */
    private RequestBody filledPart() {
        int length = filled;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length,
                "application/octet-stream");
    }

    /** Frees what was uploaded so far; an abort that fails leaves parts the bucket's lifecycle rule removes. */
    private void abort() {
        if (uploadId == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // Nothing more to do here: the caller already has the upload's own failure.
        }
    }
}
