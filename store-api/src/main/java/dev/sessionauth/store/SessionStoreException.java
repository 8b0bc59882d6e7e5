package dev.sessionauth.store;

/**
 * Thrown when a store's backend failed: it could not be reached, timed out or answered with an
 * error. It never means "not found" (that is an empty result). The service answers such a request
 * with 503 and lets nothing through.
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionStoreException(String message) {
        super(message);
    }

    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
