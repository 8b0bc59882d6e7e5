package dev.sessionauth.bundle;

import dev.sessionauth.store.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The idle and absolute timeouts, the touch interval and the re-authentication window, applied to
 * sessions. Stores expire entries
 * by TTL; this class decides that TTL and checks both timeouts again on every read, so a session is
 * never honoured past either limit whatever a store does. Immutable and thread-safe.
 */
final class SessionPolicy {

    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Duration touchInterval;
    private final Duration reauthenticationWindow;

    public SessionPolicy(Clock clock, Duration idleTimeout, Duration absoluteTimeout, Duration touchInterval,
                         Duration reauthenticationWindow) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.touchInterval = touchInterval;
        this.reauthenticationWindow = reauthenticationWindow;
    }

    public Instant now() {
        return clock.instant();
    }

    /** When a session issued now must end, however active. */
    public Instant absoluteExpiry(Instant now) {
        return now.plus(absoluteTimeout);
    }

    /** True when either timeout has passed. */
    public boolean isExpired(Session session, Instant now) {
        return !now.isBefore(session.absoluteExpiresAt())
            || !now.isBefore(session.lastSeenAt().plus(idleTimeout));
    }

    /** The store TTL from now: the idle timeout, cut short by the absolute expiry; never below 1 ms. */
    public Duration ttl(Session session, Instant now) {
        Duration untilAbsolute = Duration.between(now, session.absoluteExpiresAt());
        Duration ttl = untilAbsolute.compareTo(idleTimeout) < 0 ? untilAbsolute : idleTimeout;
        return ttl.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : ttl;
    }

    /** True when the user proved who they are (login, re-authentication) within the window. */
    public boolean isRecentlyAuthenticated(Session session, Instant now) {
        return now.isBefore(session.authenticatedAt().plus(reauthenticationWindow));
    }

    /** When the session stops counting as recently authenticated. */
    public Instant recentAuthenticationEnds(Session session) {
        return session.authenticatedAt().plus(reauthenticationWindow);
    }

    /** True when the last recorded activity is at least one touch interval old. */
    public boolean isTouchDue(Session session, Instant now) {
        return Duration.between(session.lastSeenAt(), now).compareTo(touchInterval) >= 0;
    }
}
