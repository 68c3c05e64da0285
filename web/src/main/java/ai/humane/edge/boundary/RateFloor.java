package ai.humane.edge.boundary;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A streamed answer's floor (A4): a client that takes it slower than {@value #BYTES_PER_SECOND} bytes a second is cut
 * off. No deadline cuts an answer (an export streams for as long as its client reads), so without a floor a client
 * reading a large answer very slowly, never stopping long enough for Grizzly's write timeout, held a request thread for
 * as long as it liked (through Caddy too, which passes a slow client's pace back). Only the time the stream spends
 * waiting on the client counts, in windows of a minute of such waiting: a write the buffers between take at once
 * waits for nothing, and a slow batch of the server's own is not the client's. 4 KiB a second is a 32 kbit/s link: a
 * 40 MB export in under three hours.
 */
final class RateFloor extends FilterOutputStream {

    static final long BYTES_PER_SECOND = 4 * 1024;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final LongSupplier nanos;
    private long waited;
    private long bytes;

    RateFloor(OutputStream out, LongSupplier nanos) {
        super(out);
        this.nanos = nanos;
    }

    /** {@code out} under the floor, on the JVM's monotonic clock. */
    static OutputStream over(OutputStream out) {
        return new RateFloor(out, System::nanoTime);
    }

    @Override
    public void write(int b) throws IOException {
        long start = nanos.getAsLong();
        out.write(b);
        judge(1, start);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long start = nanos.getAsLong();
        out.write(b, off, len);
        judge(len, start);
    }

    @Override
    public void flush() throws IOException {
        long start = nanos.getAsLong();
        out.flush();
        judge(0, start);
    }

    /** Adds what a write took and waited; at each full window of waiting, its bytes against the floor's. */
    private void judge(long written, long start) throws IOException {
        waited += nanos.getAsLong() - start;
        bytes += written;
        if (waited < WINDOW.toNanos()) {
            return;
        }
        long seconds = waited / 1_000_000_000L;
        if (bytes < BYTES_PER_SECOND * seconds) {
            throw new IOException("The client took " + bytes + " bytes in " + seconds + " s of waiting for it, under the"
                    + " floor of " + BYTES_PER_SECOND + " bytes a second");
        }
        waited = 0;
        bytes = 0;
    }
}
