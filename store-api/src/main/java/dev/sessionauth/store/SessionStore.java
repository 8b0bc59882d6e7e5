package dev.sessionauth.store;

import dev.sessionauth.store.ability.OneTimeTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live between requests.
 *
 * <p>Every entry has a time to live, given on {@link #save} and extended by {@link #touch}; an
 * expired entry is absent to every method, whether or not the backend has reclaimed it yet.
 * Results are copies: changing a returned object changes nothing stored.
 *
 * <p>Empty means absent: unknown, expired or deleted. Every method throws
 * {@link SessionStoreException} when the backend fails; none returns null. Implementations are
 * thread-safe.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Returns the live session with this ID.
     *
     * @return the session, or empty when it is unknown, expired or deleted
     */
    Optional<Session> find(SessionId id);

    /**
     * Creates or replaces a session, atomically with respect to other saves of the same ID.
     *
     * <p>A session of version 0 is created; it is refused when the ID is already taken. A session
     * of any other version replaces the stored one only when that one is still live and has the
     * same version.
     *
     * @param ttl how long the entry lives without a touch; positive
     * @return the stored session, whose version is {@code session.version() + 1}
     * @throws StaleSessionException when the stored version differs or the session is gone
     * @throws IllegalArgumentException when {@code ttl} is zero or negative
     */
    Session save(Session session, Duration ttl);

    /**
     * Records activity: sets {@code lastSeenAt} and restarts the time to live, without changing the
     * version, so a touch never makes a concurrent save stale.
     *
     * @param ttl the new time to live from now; positive
     * @return false when the session is absent (nothing was written)
     * @throws IllegalArgumentException when {@code ttl} is zero or negative
     */
    boolean touch(SessionId id, Instant lastSeenAt, Duration ttl);

    /**
     * Replaces a live session by its successor under a new ID (a rotation), atomically: the
     * successor is stored only if {@code predecessor} is live at that moment, and the predecessor is
     * deleted in the same step. Atomic too with respect to {@link #deleteByUser} of their user:
     * either that finds the predecessor, and then the replacement stores nothing, or it finds the
     * successor and deletes it. So a rotation can never bring back a session that was deleted,
     * singly or with all of its user's, while it ran.
     *
     * @param successor a new session (version 0, a new ID) of the predecessor's user
     * @param ttl       the successor's time to live; positive
     * @return the stored successor, whose version is 1; empty when the predecessor was not live,
     *         and then nothing was stored
     * @throws IllegalArgumentException when {@code ttl} is zero or negative, or the successor is not a new session
     */
    Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl);

    /**
     * Deletes a session. Idempotent.
     *
     * @return true when a live session was deleted, false when there was none
     */
    boolean delete(SessionId id);

    /**
     * Returns every live session of a user, in no particular order.
     *
     * @return the sessions, or an empty list when the user has none
     */
    List<Session> findByUser(String userKey);

    /**
     * Deletes every session of a user; a {@link #replace} racing with it either fails or has its
     * successor deleted.
     *
     * @return how many live sessions were deleted
     */
    int deleteByUser(String userKey);

    /**
     * An optional ability of this store, such as {@link OneTimeTokens}. A store that wraps another
     * (timing it, say) answers with the wrapped store's abilities.
     *
     * @return the ability; empty when the store does not have it
     */
    default <T> Optional<T> ability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Checks what every {@link #replace} must be given. */
    static void requireSuccessor(SessionId predecessor, Session successor, Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        if (successor.version() != 0 || successor.id().equals(predecessor)) {
            throw new IllegalArgumentException("a successor is a new session under a new ID");
        }
    }

    /** Releases what the store owns (threads, connections). Idempotent. */
    @Override
    void close();
}
