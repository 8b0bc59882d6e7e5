package dev.sessionauth.store;

/**
 * Stored bytes that are not a session this codec can read: corrupt, truncated, or written in a
 * format this release does not know. A store treats such an entry as absent, never as an error the
 * client sees. The message never contains the bytes.
 */
public class UnreadableSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnreadableSessionException(String message) {
        super(message);
    }
}
