package dev.sessionauth.store.ability;

import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An optional ability of a {@link SessionStore}: counting failed attempts per key (password checks
 * per account and client, say) with exponential back-off, shared as the sessions are, so that
 * every node sees the same counts. Each key holds how many failures it had in a row and when the
 * last was, and is forgotten {@link Backoff#forgetAfter()} after its last failure.
 *
 * <p>An attempt is counted <em>before</em> it is made, in one atomic step over all of its keys
 * ({@link #attempt}): either some key is held back, and nothing is counted, or every key counts
 * the attempt as a failure, in flight. The caller then reports its verdict: it failed
 * ({@link #failed}), succeeded ({@link #succeeded}) or was never made ({@link #abandoned}). So
 * concurrent attempts, on any nodes, cannot all slip past a threshold before the first of them
 * fails, and an attempt refused because one key is held back never adds to the others.
 *
 * <p>Only failures hold a key back. While attempts still in flight fill a key's budget, a further
 * attempt is told to wait for their verdicts ({@link Pending}), not that it failed too often: 50
 * concurrent correct sign-ins wait their turn instead of being refused. An attempt whose verdict
 * never comes (its node died) counts as a failure once it has been in flight for
 * {@link #IN_FLIGHT_LIMIT}.
 *
 * <p>Reach it with {@link SessionStore#ability}; {@link HeapFailureCounts} is the in-process one.
 * Thread-safe.
 */
public interface FailureCounts {

    /** The longest key, in characters. */
    int MAX_KEY_LENGTH = 1024;

    /** The most keys one attempt counts against. */
    int MAX_KEYS = 8;

    /** How long an admitted attempt may be in flight before it counts as a failure. */
    Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(30);

    /** How soon an attempt told to wait for the verdicts in flight should try again. */
    Duration PENDING_RETRY = Duration.ofMillis(20);

    /**
     * A key an attempt counts against, and how many failures it may have before its attempts are
     * delayed.
     *
     * @param key       any text, 1 to {@value #MAX_KEY_LENGTH} characters; stores keep a digest of
     *                  it, never the text
     * @param threshold failures before the first delay; at least 1
     */
    record Limit(String key, int threshold) {

        public Limit {
            if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("a key is 1 to " + MAX_KEY_LENGTH + " characters");
            }
            if (threshold < 1) {
                throw new IllegalArgumentException("a threshold is at least 1");
            }
        }
    }

    /**
     * How delays grow. From its {@code threshold}-th failure on, a key's next attempt must wait
     * {@code firstDelay} after its last failure, doubling with every further failure, up to
     * {@code maxDelay}.
     *
     * @param forgetAfter how long after its last failure a key is forgotten
     */
    record Backoff(Duration firstDelay, Duration maxDelay, Duration forgetAfter) {

        public Backoff {
            Objects.requireNonNull(firstDelay, "firstDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(forgetAfter, "forgetAfter");
            if (firstDelay.toMillis() < 1 || maxDelay.compareTo(firstDelay) < 0 || forgetAfter.toMillis() < 1) {
                throw new IllegalArgumentException("delays are positive, the first at most the longest");
            }
        }

        /**
         * How long after its last failure a key with {@code count} failures is held back: zero
         * below {@code threshold}, else {@code firstDelay} doubled {@code count - threshold} times,
         * at most {@code maxDelay}, in milliseconds.
         */
        public long delayMillis(int count, int threshold) {
            if (count < threshold) {
                return 0;
            }
            int doublings = count - threshold;
            long first = firstDelay.toMillis();
            long max = maxDelay.toMillis();
            return doublings >= Long.numberOfLeadingZeros(first) - 1 ? max : Math.min(first << doublings, max);
        }
    }

    /** What {@link #attempt} decided. */
    sealed interface Attempt {
    }

    /**
     * The attempt may go ahead, and is counted as a failure already.
     *
     * @param counts each key's count with this attempt, in the order of the limits
     */
    record Admitted(List<Integer> counts) implements Attempt {

        public Admitted {
            counts = List.copyOf(counts);
        }
    }

    /**
     * The attempt must not be made: a key's failures hold it back for {@code retryAfter} more.
     * Nothing was counted.
     */
    record HeldBack(Duration retryAfter) implements Attempt {
    }

    /**
     * The attempt must wait: no key failed too often, but attempts in flight fill a key's budget.
     * Try again after {@code retryAfter}, once some of them have their verdict. Nothing was counted.
     */
    record Pending(Duration retryAfter) implements Attempt {
    }

    /**
     * Atomically, for every caller sharing the store: if any key's failures hold it back at
     * {@code now}, the attempt is refused ({@link HeldBack}); else, if attempts in flight fill a
     * key's budget, it must wait ({@link Pending}); in both cases nothing is counted. Else every key
     * counts it as a failure at {@code now}, in flight until {@link #failed}, {@link #succeeded} or
     * {@link #abandoned}.
     *
     * @param limits 1 to {@value #MAX_KEYS} distinct keys
     * @throws SessionStoreException when the backend fails
     */
    Attempt attempt(List<Limit> limits, Backoff backoff, Instant now);

    /**
     * Reports that an {@link Admitted} attempt failed: it stays counted, and is no longer in flight
     * on {@code keys}. One atomic step.
     *
     * @throws SessionStoreException when the backend fails
     */
    void failed(List<String> keys);

    /**
     * Takes back an {@link Admitted} attempt that succeeded: the {@code cleared} keys are
     * forgotten (the owner proved the password), and each of the {@code others} loses the one
     * failure the attempt counted; on each, the attempt is no longer in flight. One atomic step.
     *
     * @throws SessionStoreException when the backend fails
     */
    void succeeded(List<String> cleared, List<String> others);

    /**
     * Takes back an {@link Admitted} attempt that was never made: each key loses the one failure it
     * counted, and the attempt is no longer in flight.
     */
    default void abandoned(List<String> keys) {
        succeeded(List.of(), keys);
    }

    /** Checks the limits of one attempt as every implementation must. */
    static void requireValid(List<Limit> limits) {
        if (limits.isEmpty() || limits.size() > MAX_KEYS) {
            throw new IllegalArgumentException("an attempt counts against 1 to " + MAX_KEYS + " keys");
        }
        if (limits.stream().map(Limit::key).distinct().count() != limits.size()) {
            throw new IllegalArgumentException("an attempt's keys are distinct");
        }
    }
}
