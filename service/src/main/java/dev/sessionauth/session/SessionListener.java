package dev.sessionauth.session;

/**
 * Hears about sessions being created, rotated and ended: where auditing plugs in. Called on the
 * request thread after the store has changed, so it must be quick and must not throw; an exception
 * is logged and swallowed. The default, {@link LoggingSessionListener}, logs each event at INFO.
 */
@FunctionalInterface
public interface SessionListener {

    void onEvent(SessionEvent event);
}
