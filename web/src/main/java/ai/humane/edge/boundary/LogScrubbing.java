package ai.humane.edge.boundary;

import ai.humane.logging.ScrubbingFormatter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * L2: wraps the formatter of every handler of the root logger with the scrubber when the application
 * starts, so records of the application, of Payara and of the access log are masked before they are
 * written. Done here rather than by class name in logging.properties: Payara Micro loads the handlers'
 * formatters before any application jar is on a class path it can see.
 */
@ApplicationScoped
public class LogScrubbing {

    private static final Logger LOG = Logger.getLogger(LogScrubbing.class.getName());

    void install(@Observes @Initialized(ApplicationScoped.class) Object started) {
        int wrapped = 0;
        for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
            if (!(handler.getFormatter() instanceof ScrubbingFormatter) && handler.getFormatter() != null) {
                handler.setFormatter(new ScrubbingFormatter(handler.getFormatter()));
                wrapped++;
            }
        }
        LOG.info("Log scrubbing installed on " + wrapped + " handler(s)");
    }
}
