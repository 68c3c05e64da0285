package ai.humane.edge.boundary;

import ai.humane.logging.ScrubbingFormatter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

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
 */
@ApplicationScoped
public class LogScrubbing {

    private static final Logger LOG = Logger.getLogger(LogScrubbing.class.getName());

    private Handler accessLines;

    void install(@Observes @Initialized(ApplicationScoped.class) Object started) {
        int wrapped = 0;
        for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
            if (!(handler.getFormatter() instanceof ScrubbingFormatter) && handler.getFormatter() != null) {
                handler.setFormatter(new ScrubbingFormatter(handler.getFormatter()));
                wrapped++;
            }
        }
        Logger access = Logger.getLogger(AccessLog.LOG.getName());
        accessLines = new AccessLines();
        access.addHandler(accessLines);
        access.setUseParentHandlers(false);
        LOG.info("Log scrubbing installed on " + wrapped + " handler(s) and the access log");
    }

    @PreDestroy
    void uninstall() {
        Logger access = Logger.getLogger(AccessLog.LOG.getName());
        access.setUseParentHandlers(true);
        access.removeHandler(accessLines);
        accessLines.flush();
    }

    /** Scrubbed message lines on file descriptor 1, which Payara's System.out redirection never touches. */
    private static final class AccessLines extends StreamHandler {

        AccessLines() {
            super(new FileOutputStream(FileDescriptor.out), new ScrubbingFormatter(new Formatter() {
                @Override
                public String format(LogRecord record) {
                    return record.getMessage() + System.lineSeparator();
                }
            }));
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }
    }
}
