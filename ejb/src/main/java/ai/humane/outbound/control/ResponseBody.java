package ai.humane.outbound.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.HttpEntity;

/**
 * Reads a response body up to a byte limit, counting what actually arrives: Content-Length is only a claim
 * (and chunked responses make none). Over the limit the exchange is aborted first, because closing the
 * stream of a live HttpClient response drains the rest of the body, which may never end. Only the first {@code kept}
 * bytes are held; the rest is read and counted, so a caller that wants an excerpt holds no more than it.
 */
final class ResponseBody {

    private static final int CHUNK = 8192;

    private ResponseBody() {
    }

    static byte[] read(HttpEntity entity, int status, int limit, int kept, Runnable abort) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > limit) {
            abort.run();
            throw new ResponseTooLarge(status, limit);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(entity.getContentLength(), 0), kept));
        long arrived = 0;
        try (InputStream in = entity.getContent()) {
            byte[] chunk = new byte[CHUNK];
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                if (arrived + read > limit) {
                    abort.run();
                    throw new ResponseTooLarge(status, limit);
                }
                body.write(chunk, 0, (int) Math.min(read, Math.max(0, kept - arrived)));
                arrived += read;
            }
        }
        return body.toByteArray();
    }
}
