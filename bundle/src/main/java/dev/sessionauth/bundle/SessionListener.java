package dev.sessionauth.bundle;

/**
 * Hears about sessions being created, rotated and ended: where auditing plugs in. Called on the
 * request thread after the store has changed, so it must be quick and must not throw; an exception
 * is logged and swallowed. The default, {@link #logging()}, logs each event at INFO.
 */
@FunctionalInterface
public interface SessionListener {

    void onEvent(SessionEvent event);

    /**
     * The default listener: logs each event at INFO by user key and handle, never by ID, with any
     * control character in the key escaped.
     */
    static SessionListener logging() {
        return new LoggingSessionListener();
    }
}
