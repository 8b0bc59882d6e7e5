package dev.sessionauth.store;

import java.time.Duration;
import java.time.Instant;

/**
 * An optional ability of a {@link SessionStore}: counting failures per key (failed password checks
 * per account and client, say), shared as the sessions are, so that every node sees the same
 * counts. Each key holds how many failures it had in a row and when the last was; it is forgotten
 * {@code forgetAfter} after its last failure. What the counts mean (thresholds, delays) is the
 * caller's. Reach it with {@link SessionStore#ability}; {@link HeapFailureCounts} is the
 * in-process one. Thread-safe.
 */
public interface FailureCounts {

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 1024;

    /** What a key holds. */
    record Failures(int count, Instant last) {

        /** A key with no failures. */
        public static final Failures NONE = new Failures(0, Instant.EPOCH);
    }

    /**
     * Counts one failure at {@code now}, atomically for every caller sharing the store.
     *
     * @param key         any text, at most {@value #MAX_KEY_LENGTH} characters; stores keep a
     *                    digest of it, never the text
     * @param forgetAfter how long after this failure the key is forgotten; positive
     * @return the key's count with this failure
     * @throws SessionStoreException when the backend fails
     */
    int fail(String key, Instant now, Duration forgetAfter);

    /** What {@code key} holds; {@link Failures#NONE} for a key never counted or forgotten. */
    Failures get(String key);

    /**
     * Forgets {@code key}.
     *
     * @return what it held
     */
    Failures reset(String key);

    /** Checks a key as every implementation must. */
    static void requireValid(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a key is 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
