package ai.humane.logging;

import java.util.logging.Formatter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Wraps the formatter a handler already has: the record handed on carries the scrubbed, fully
 * formatted message (parameters merged in first, so a parameter cannot smuggle an address past the
 * rules) and a scrubbed stand-in for its exception. Configured by class name in logging.properties, it
 * wraps the formatter named by {@code ai.humane.logging.ScrubbingFormatter.delegate}.
 */
public class ScrubbingFormatter extends Formatter {

    private final Formatter delegate;

    public ScrubbingFormatter() {
        this(configuredDelegate());
    }

    public ScrubbingFormatter(Formatter delegate) {
        this.delegate = delegate;
    }

    public Formatter delegate() {
        return delegate;
    }

    @Override
    public String format(LogRecord record) {
        return delegate.format(scrubbed(record));
    }

    @Override
    public String getHead(java.util.logging.Handler handler) {
        return delegate.getHead(handler);
    }

    @Override
    public String getTail(java.util.logging.Handler handler) {
        return delegate.getTail(handler);
    }

    static LogRecord scrubbed(LogRecord record) {
        LogRecord copy = new LogRecord(record.getLevel(), Scrubber.scrub(message(record)));
        copy.setInstant(record.getInstant());
        copy.setLoggerName(record.getLoggerName());
        copy.setSequenceNumber(record.getSequenceNumber());
        copy.setSourceClassName(record.getSourceClassName());
        copy.setSourceMethodName(record.getSourceMethodName());
        copy.setLongThreadID(record.getLongThreadID());
        copy.setThrown(record.getThrown() == null ? null : ScrubbedThrowable.of(record.getThrown()));
        return copy;
    }

    /**
     * The message with its parameters merged in, as {@link Formatter#formatMessage} makes it. Most records have neither
     * parameters nor a resource bundle, and their message is the text itself: no formatter (whose construction reads
     * the logging configuration, and whose {@code formatMessage} is synchronized) for them.
     */
    private static String message(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (record.getResourceBundle() == null && (parameters == null || parameters.length == 0)) {
            return record.getMessage();
        }
        return new SimpleFormatter().formatMessage(record);
    }

    private static Formatter configuredDelegate() {
        String name = LogManager.getLogManager().getProperty(ScrubbingFormatter.class.getName() + ".delegate");
        if (name == null || name.isBlank()) {
            return new SimpleFormatter();
        }
        try {
            return (Formatter) Class.forName(name.trim(), true, Thread.currentThread().getContextClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return new SimpleFormatter();
        }
    }
}
