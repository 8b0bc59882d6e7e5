package dev.sessionauth.bundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every session event at INFO with the user key and the session's handle, never its ID. A
 * user key with control characters is logged with them escaped, so no key can forge a log line.
 */
final class LoggingSessionListener implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingSessionListener.class);

    @Override
    public void onEvent(SessionEvent event) {
        switch (event.type()) {
            case CREATED -> LOG.info("Session {} created for user {} ({})", event.handle(), printable(event.userKey()),
                event.reason());
            case ROTATED -> LOG.info("Session {} of user {} rotated to {} ({})", event.previousHandle(),
                printable(event.userKey()), event.handle(), event.reason());
            case ENDED -> LOG.info("Session {} of user {} ended ({})", event.handle(), printable(event.userKey()),
                event.reason());
        }
    }

    /** The key with control characters as {@code \\uXXXX}, so it stays on its one log line. */
    static String printable(String userKey) {
        StringBuilder out = null;
        for (int i = 0; i < userKey.length(); i++) {
            char c = userKey.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(userKey.length() + 8).append(userKey, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? userKey : out.toString();
    }
}
