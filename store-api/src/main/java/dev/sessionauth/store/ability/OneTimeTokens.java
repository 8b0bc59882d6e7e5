package dev.sessionauth.store.ability;

import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import java.time.Duration;

/**
 * An optional ability of a {@link SessionStore}: remembering which one-time tokens were used,
 * shared as the sessions are (in the process for in-process stores, in Redis for every node), so a
 * token is accepted once across all nodes. A sign-in form's token is one. Reach it with
 * {@link SessionStore#ability}. Thread-safe.
 */
public interface OneTimeTokens {

    /** The longest token, in characters; longer ones are refused. */
    int MAX_TOKEN_LENGTH = 128;

    /**
     * Claims a token, atomically for every caller sharing the store.
     *
     * @param token what to remember: best a hash of the secret value, never the value itself;
     *              printable ASCII, at most {@value #MAX_TOKEN_LENGTH} characters
     * @param ttl   how long the claim is remembered: at least the token's own lifetime; positive
     * @return true for the first claim of {@code token} within {@code ttl}, false for any later one
     * @throws IllegalArgumentException when the token is empty, too long or not printable ASCII, or
     *                                  {@code ttl} is not positive
     * @throws SessionStoreException    when the backend fails
     */
    boolean claim(String token, Duration ttl);

    /** Checks a claim's arguments as every implementation must. */
    static void requireValid(String token, Duration ttl) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH
            || !token.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a token is 1 to " + MAX_TOKEN_LENGTH + " printable ASCII characters");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }
}
