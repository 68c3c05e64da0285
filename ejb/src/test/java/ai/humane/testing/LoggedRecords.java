package ai.humane.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a logger publishes while this is open: for tests of what is logged, and how often. The logger is held here:
 * the log manager keeps loggers weakly, and a collected one would take the handler with it.
 */
public final class LoggedRecords extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LoggedRecords(Logger logger) {
        this.logger = logger;
    }

    /** Starts listening to the logger named after {@code source}, as the project's classes name theirs. */
    public static LoggedRecords of(Class<?> source) {
        return of(source.getName());
    }

    /** Starts listening to the logger {@code name} (a package's, to hear every class in it). */
    public static LoggedRecords of(String name) {
        LoggedRecords captured = new LoggedRecords(Logger.getLogger(name));
        captured.logger.addHandler(captured);
        return captured;
    }

    /** The records so far, oldest first. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    /** Stops listening. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
