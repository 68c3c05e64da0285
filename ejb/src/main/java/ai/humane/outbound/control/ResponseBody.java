package ai.humane.outbound.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.HttpEntity;

/**
 * Reads a response body up to a byte limit, counting what actually arrives: Content-Length is only a claim
 * (and chunked responses make none). Over the limit the exchange is aborted first, because closing the
 * stream of a live HttpClient response drains the rest of the body, which may never end.
 */
final class ResponseBody {

    private static final int CHUNK = 8192;

    private ResponseBody() {
    }

    static byte[] read(HttpEntity entity, int status, int limit, Runnable abort) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > limit) {
            abort.run();
            throw new ResponseTooLarge(status, limit);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(entity.getContentLength(), 0), limit));
        try (InputStream in = entity.getContent()) {
            byte[] chunk = new byte[CHUNK];
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                if (body.size() + (long) read > limit) {
                    abort.run();
                    throw new ResponseTooLarge(status, limit);
                }
                body.write(chunk, 0, read);
            }
        }
        return body.toByteArray();
    }
}
