package ai.humane.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * L2 retention: records go to {@code <prefix>-YYYY-MM-DD.log} in one folder, a new file each UTC day,
 * and files older than the kept number of days are deleted when the day turns (and at start).
 *
 * <p>Our own because nothing at hand fits: java.util.logging rotates only by size, and Payara Micro's
 * GFFileHandler cannot be named in {@code --logproperties} (its LogManager fails with
 * ClassNotFoundException, measured with 6.2025.10). The formatter is the caller's, so the scrubber
 * runs before anything is written.
 */
public final class DailyLogFiles extends Handler {

    private final Path folder;
    private final String prefix;
    private final int keptDays;
    private final Clock clock;
    private LocalDate day;
    private OutputStream out;

    public DailyLogFiles(Path folder, String prefix, int keptDays, Formatter formatter, Clock clock) {
        if (keptDays < 1) {
            throw new IllegalArgumentException("keptDays must be at least 1");
        }
        this.folder = folder;
        this.prefix = prefix;
        this.keptDays = keptDays;
        this.clock = clock;
        setFormatter(formatter);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the log folder " + folder, e);
        }
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            streamFor(LocalDate.now(clock.withZone(ZoneOffset.UTC)))
                    .write(getFormatter().format(record).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            reportError("Could not write a log record", e, ErrorManager.WRITE_FAILURE);
        }
    }

    /** The file of {@code today}; on a new day the old one is closed and expired files are deleted. */
    private OutputStream streamFor(LocalDate today) throws IOException {
        if (!today.equals(day)) {
            closeStream();
            out = Files.newOutputStream(file(today), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            day = today;
            deleteBefore(today.minusDays(keptDays - 1L));
        }
        return out;
    }

    Path file(LocalDate date) {
        return folder.resolve(prefix + "-" + date + ".log");
    }

    private void deleteBefore(LocalDate oldestKept) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, prefix + "-*.log")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String date = name.substring(prefix.length() + 1, name.length() - ".log".length());
                try {
                    if (LocalDate.parse(date).isBefore(oldestKept)) {
                        Files.deleteIfExists(file);
                    }
                } catch (DateTimeParseException notOurs) {
                    // Another file that happens to share the prefix: left alone.
                }
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                reportError("Could not flush the log file", e, ErrorManager.FLUSH_FAILURE);
            }
        }
    }

    @Override
    public synchronized void close() {
        closeStream();
        day = null;
    }

    private void closeStream() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                reportError("Could not close the log file", e, ErrorManager.CLOSE_FAILURE);
            }
            out = null;
        }
    }
}
