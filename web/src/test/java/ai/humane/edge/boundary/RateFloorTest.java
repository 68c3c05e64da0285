package ai.humane.edge.boundary;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A4's floor on a streamed answer, on a clock of the test's: each write of 8 KiB "waits" as long as the client's pace
 * makes it, and only that waiting counts.
 */
class RateFloorTest {

    private static final int CHUNK = 8 * 1024;

    private final AtomicLong now = new AtomicLong();

    @Test
    void aClientAboveTheFloorIsNeverCut() {
        OutputStream floor = streamAt(RateFloor.BYTES_PER_SECOND * 2);
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 200; i++) {     // about 200 s of waiting
                floor.write(new byte[CHUNK]);
            }
        });
    }

    @Test
    void aClientUnderTheFloorIsCutOnceAMinuteOfWaitingForItIsUp() throws IOException {
        OutputStream floor = streamAt(RateFloor.BYTES_PER_SECOND / 2);
        int written = 0;
        IOException cut = null;
        for (int i = 0; i < 100 && cut == null; i++) {
            try {
                floor.write(new byte[CHUNK]);
                written++;
            } catch (IOException e) {
                cut = e;
            }
        }
        assertTrue(cut != null, "never cut");
        assertTrue(cut.getMessage().contains("under the floor of 4096 bytes a second"), cut.getMessage());
        // Half the floor: 4 s a chunk, so the minute of waiting is up at the fifteenth.
        assertEquals(14, written);
    }

    /** The server's own slowness (time between writes) is not the client's: only the writes' waiting counts. */
    @Test
    void timeBetweenWritesIsNotCounted() {
        OutputStream floor = new RateFloor(OutputStream.nullOutputStream(), now::get);
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 100; i++) {
                now.addAndGet(10_000_000_000L);   // ten seconds of the server's own, a batch read slowly
                floor.write(new byte[16]);       // taken at once by the buffers
            }
        });
    }

    /** A stream whose every write waits as long as a client reading {@code bytesPerSecond} makes it. */
    private OutputStream streamAt(long bytesPerSecond) {
        return new RateFloor(new ByteArrayOutputStream() {
            @Override
            public void write(byte[] b, int off, int len) {
                now.addAndGet(len * 1_000_000_000L / bytesPerSecond);
            }
        }, now::get);
    }
}
