package ai.humane.idempotency.boundary;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes bytes on and keeps a copy (bodies are at most what a resource answers, not uploads). */
final class TeeStream extends FilterOutputStream {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    TeeStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        copy.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        copy.write(b, off, len);
    }

    byte[] copy() {
        return copy.toByteArray();
    }
}
