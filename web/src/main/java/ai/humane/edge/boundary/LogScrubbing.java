package ai.humane.edge.boundary;

import ai.humane.logging.DailyLogFiles;
import ai.humane.logging.ScrubbingFormatter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * L2: wraps the formatter of every handler of the root logger with the scrubber when the application
 * starts, so records of the application and of Payara are masked before they are written. Done here
 * rather than by class name in logging.properties: Payara Micro loads the handlers' formatters before
 * any application jar is on a class path it can see.
 *
 * <p>The access log gets a handler of its own: each record is one bare JSON line on the process's
 * standard output, scrubbed the same way, without Payara's ODL header around it. A log collector reads
 * it as JSON as it is, and a request no longer pays for formatting a header nobody parses (measured in
 * {@code bench/edge-chain}).
 *
 * <p>With {@code LOG_DIR} set (the container sets it), both also go to files in that folder,
 * {@code humane-YYYY-MM-DD.log} and {@code access-YYYY-MM-DD.log}, a new file each UTC day, kept
 * {@code LOG_RETENTION_DAYS} (90) days, scrubbed like the rest ({@link DailyLogFiles}).
 */
@ApplicationScoped
public class LogScrubbing {

    private static final Logger LOG = Logger.getLogger(LogScrubbing.class.getName());

    private static final String ROOT = "";
    /** The access log's lines: the (scrubbed) message and nothing else. */
    private static final Formatter LINES = new ScrubbingFormatter(new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + System.lineSeparator();
        }
    });

    @Inject
    @ConfigProperty(name = "log.dir")
    Optional<String> logFolder;

    @Inject
    @ConfigProperty(name = "log.retention.days", defaultValue = "90")
    int retentionDays;

    private final List<Handler> installed = new ArrayList<>();

    void install(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Formatter consoleFormat = null;
        int wrapped = 0;
        for (Handler handler : LogManager.getLogManager().getLogger(ROOT).getHandlers()) {
            if (!(handler.getFormatter() instanceof ScrubbingFormatter) && handler.getFormatter() != null) {
                handler.setFormatter(new ScrubbingFormatter(handler.getFormatter()));
                wrapped++;
            }
            if (handler.getFormatter() instanceof ScrubbingFormatter scrubbing && consoleFormat == null) {
                consoleFormat = scrubbing.delegate();
            }
        }
        Logger access = Logger.getLogger(AccessLog.LOG.getName());
        add(access, new AccessLines());
        access.setUseParentHandlers(false);
        Formatter fileFormat = new ScrubbingFormatter(sameKindAs(consoleFormat));
        logFolder.filter(folder -> !folder.isBlank()).map(Path::of).ifPresent(folder -> {
            add(access, new DailyLogFiles(folder, "access", retentionDays, LINES, Clock.systemUTC()));
            add(Logger.getLogger(ROOT), new DailyLogFiles(folder, "humane", retentionDays, fileFormat, Clock.systemUTC()));
            LOG.info("Logs also go to " + folder + ": a file a day, kept " + retentionDays + " days");
        });
        LOG.info("Log scrubbing installed on " + wrapped + " handler(s) and the access log");
    }

    /** A formatter of its own for the file (formatters need not be safe for two handlers at once). */
    private static Formatter sameKindAs(Formatter console) {
        if (console != null) {
            try {
                return console.getClass().getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warning("Log files use the simple format: " + e);
            }
        }
        return new SimpleFormatter();
    }

    private void add(Logger logger, Handler handler) {
        logger.addHandler(handler);
        installed.add(handler);
    }

    @PreDestroy
    void uninstall() {
        Logger.getLogger(AccessLog.LOG.getName()).setUseParentHandlers(true);
        for (Handler handler : installed) {
            Logger.getLogger(AccessLog.LOG.getName()).removeHandler(handler);
            Logger.getLogger(ROOT).removeHandler(handler);
            if (handler instanceof DailyLogFiles files) {
                files.close();
            } else {
                handler.flush();
            }
        }
        installed.clear();
    }

    /** Scrubbed message lines on file descriptor 1, which Payara's System.out redirection never touches. */
    private static final class AccessLines extends StreamHandler {

        AccessLines() {
            super(new FileOutputStream(FileDescriptor.out), LINES);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }
    }
}
