package ai.humane.edge.boundary;

import jakarta.ws.rs.core.StreamingOutput;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed answer's output that notes whether the answer has begun: a byte written, or a flush, either of which
 * commits the answer's status and headers. A failure after that can no longer be answered as a problem.
 */
final class Written extends FilterOutputStream {

    private boolean begun;

    private Written(OutputStream out) {
        super(out);
    }

    /**
     * Writes {@code body} to {@code output}. Should it fail, {@code failed} is told whether the answer had begun, and
     * then the failure goes on to the caller.
     */
    static void write(StreamingOutput body, OutputStream output, Failed failed) throws IOException {
        Written written = new Written(output);
        try {
            body.write(written);
        } catch (IOException | RuntimeException | Error e) {
            failed.after(written.begun, e);
            throw e;
        }
    }

    /** What to do about a stream that failed, knowing whether its answer had begun. */
    @FunctionalInterface
    interface Failed {

        void after(boolean begun, Throwable failure);
    }

    @Override
    public void write(int b) throws IOException {
        begun = true;
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        begun = true;
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        begun = true;
        out.flush();
    }
}
