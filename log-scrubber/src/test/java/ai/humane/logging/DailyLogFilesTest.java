package ai.humane.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily files and 90 days of them, on a clock the test turns. */
class DailyLogFilesTest {

    private static final Formatter LINES = new ScrubbingFormatter(new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    });

    @TempDir
    Path folder;

    @Test
    void eachUtcDayHasItsOwnFileAndNinetyAreKept() throws IOException {
        TurningClock clock = new TurningClock(Instant.parse("2026-01-01T23:59:59Z"));
        DailyLogFiles files = new DailyLogFiles(folder, "humane", 90, LINES, clock);
        Files.writeString(folder.resolve("unrelated.txt"), "kept");
        Files.writeString(folder.resolve("humane-notadate.log"), "kept");
        files.publish(new LogRecord(Level.INFO, "last second of the year's first day"));
        clock.advance(Duration.ofSeconds(1));
        files.publish(new LogRecord(Level.INFO, "first second of the second day"));
        assertEquals("last second of the year's first day\n", Files.readString(files.file(LocalDate.parse("2026-01-01"))));
        assertEquals("first second of the second day\n", Files.readString(files.file(LocalDate.parse("2026-01-02"))));

        for (int day = 0; day < 120; day++) {
            clock.advance(Duration.ofDays(1));
            files.publish(new LogRecord(Level.INFO, "day " + day));
        }
        files.close();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (Stream<Path> logs = Files.list(folder)) {
            assertEquals(90, logs.filter(p -> p.getFileName().toString().matches("humane-\\d{4}-\\d{2}-\\d{2}\\.log")).count());
        }
        assertTrue(Files.exists(files.file(today.minusDays(89))));
        assertFalse(Files.exists(files.file(today.minusDays(90))));
        assertTrue(Files.exists(folder.resolve("unrelated.txt")));
        assertTrue(Files.exists(folder.resolve("humane-notadate.log")));
    }

    @Test
    void whatIsWrittenIsScrubbedFirst() throws IOException {
        TurningClock clock = new TurningClock(Instant.parse("2026-11-29T10:00:00Z"));
        DailyLogFiles files = new DailyLogFiles(folder, "access", 90, LINES, clock);
        files.publish(new LogRecord(Level.INFO, "{\"user_agent\":\"mail alice@example.com card 4111 1111 1111 1111\"}"));
        files.close();
        String written = Files.readString(files.file(LocalDate.parse("2026-11-29")));
        assertEquals("{\"user_agent\":\"mail [email] card [card]\"}\n", written);
    }

    @Test
    void aReopenedDayAppends() throws IOException {
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
        DailyLogFiles first = new DailyLogFiles(folder, "humane", 90, LINES, clock);
        first.publish(new LogRecord(Level.INFO, "before a restart"));
        first.close();
        DailyLogFiles second = new DailyLogFiles(folder, "humane", 90, LINES, clock);
        second.publish(new LogRecord(Level.INFO, "after it"));
        second.close();
        assertEquals("before a restart\nafter it\n", Files.readString(second.file(LocalDate.parse("2026-11-29"))));
    }

    private static final class TurningClock extends Clock {

        private Instant now;

        TurningClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
