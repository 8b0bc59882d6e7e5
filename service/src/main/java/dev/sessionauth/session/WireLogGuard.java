package dev.sessionauth.session;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps the loggers that dump wire data at INFO or above. At DEBUG, Jetty writes raw request headers
 * and buffer contents; at TRACE, Lettuce's protocol loggers write every byte sent to and received
 * from Redis. Turning them on to chase a problem would put session cookies, session IDs, CSRF tokens
 * and login passwords in the logs. Called once at startup, after Dropwizard has configured logging.
 */
public final class WireLogGuard {

    /** Logger hierarchies that dump wire data at DEBUG. */
    static final List<String> WIRE_LOGGERS = List.of("org.eclipse.jetty", "io.lettuce.core.protocol");

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(WireLogGuard.class);

    private WireLogGuard() {
    }

    public static void hold() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (String hierarchy : WIRE_LOGGERS) {
            Logger root = context.getLogger(hierarchy);
            boolean held = false;
            for (Logger logger : context.getLoggerList()) {
                boolean inHierarchy = logger.getName().equals(hierarchy) || logger.getName().startsWith(hierarchy + ".");
                if (inHierarchy && logger.getLevel() != null && !logger.getLevel().isGreaterOrEqual(Level.INFO)) {
                    logger.setLevel(Level.INFO);
                    held = true;
                }
            }
            if (!root.getEffectiveLevel().isGreaterOrEqual(Level.INFO)) {
                root.setLevel(Level.INFO);
                held = true;
            }
            if (held) {
                LOG.warn("Loggers under {} held at INFO: below it they write wire data, "
                    + "session cookies, session IDs and passwords included", hierarchy);
            }
        }
    }
}
