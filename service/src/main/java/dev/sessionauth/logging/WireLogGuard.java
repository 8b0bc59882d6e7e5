package dev.sessionauth.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps the loggers that dump wire data from writing anything below INFO. At DEBUG, Jetty writes
 * raw request headers and buffer contents; at TRACE, Lettuce's protocol loggers write every byte
 * sent to and received from Redis. Turning them on to chase a problem would put session cookies,
 * session IDs, CSRF tokens and login passwords in the logs.
 *
 * <p>Two holds, installed once at startup after Dropwizard has configured logging: the configured
 * levels are raised to INFO (with a warning that says why), and a logback turbo filter denies every
 * event below INFO from those loggers whatever their level becomes later, so that an operator
 * setting {@code org.eclipse.jetty} to DEBUG through the admin port's {@code /tasks/log-level}
 * changes nothing that reaches an appender.
 */
public final class WireLogGuard {

    /** Logger hierarchies that dump wire data at DEBUG. */
    static final List<String> WIRE_LOGGERS = List.of("org.eclipse.jetty", "io.lettuce.core.protocol");

    private static final String FILTER_NAME = WireLogGuard.class.getName();
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(WireLogGuard.class);

    private WireLogGuard() {
    }

    public static void hold() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        if (context.getTurboFilterList().stream().noneMatch(filter -> FILTER_NAME.equals(filter.getName()))) {
            BelowInfoDenied filter = new BelowInfoDenied();
            filter.setName(FILTER_NAME);
            filter.start();
            context.addTurboFilter(filter);
        }
        for (String hierarchy : WIRE_LOGGERS) {
            Logger root = context.getLogger(hierarchy);
            boolean held = false;
            for (Logger logger : context.getLoggerList()) {
                if (inHierarchy(logger.getName()) && logger.getLevel() != null
                    && !logger.getLevel().isGreaterOrEqual(Level.INFO)) {
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

    private static boolean inHierarchy(String name) {
        for (String hierarchy : WIRE_LOGGERS) {
            if (name.startsWith(hierarchy) && (name.length() == hierarchy.length() || name.charAt(hierarchy.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Denies DEBUG and TRACE from the wire loggers, before their level is even looked at. Logback
     * asks it at every {@code isDebugEnabled()} of every logger, dozens of times per request, so it
     * answers at once where the logger's own level refuses the event anyway (at INFO or WARN, every
     * DEBUG event), and looks at the logger's name only where its level would let the event through.
     */
    private static final class BelowInfoDenied extends TurboFilter {

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            if (level == null || logger == null || level.toInt() >= Level.INFO_INT
                || level.toInt() < logger.getEffectiveLevel().toInt()) {
                return FilterReply.NEUTRAL;
            }
            return inHierarchy(logger.getName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
