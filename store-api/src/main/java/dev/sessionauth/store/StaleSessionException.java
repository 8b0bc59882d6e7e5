package dev.sessionauth.store;

/**
 * Thrown by {@link SessionStore#save} when the session was based on a read that is no longer
 * current: another save changed it since (its {@link Session#version()} moved on), or it was
 * deleted or expired meanwhile. Nothing was written. The caller may re-read and retry; a session
 * that was deleted stays deleted, so a logout can never be undone by a concurrent request.
 */
public class StaleSessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StaleSessionException(String message) {
        super(message);
    }
}
