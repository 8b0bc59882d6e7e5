package dev.sessionauth.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every session event at INFO with the user ID and the session's handle, never its ID. */
public final class LoggingSessionListener implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingSessionListener.class);

    @Override
    public void onEvent(SessionEvent event) {
        switch (event.type()) {
            case CREATED -> LOG.info("Session {} created for user {} ({})", event.handle(), event.userId(),
                event.reason());
            case ROTATED -> LOG.info("Session {} of user {} rotated to {} ({})", event.previousHandle(),
                event.userId(), event.handle(), event.reason());
            case ENDED -> LOG.info("Session {} of user {} ended ({})", event.handle(), event.userId(),
                event.reason());
        }
    }
}
