package dev.sessionauth.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One server-side session: an immutable value, safe to share between threads.
 *
 * <p>{@code version} is what makes concurrent updates safe: a session that was never saved has
 * version 0; every successful {@link SessionStore#save} stores it with the next version, and a save
 * whose version is not the stored one is refused. Change a session with the {@code with*} methods
 * and save the result.
 *
 * <p>Times have millisecond precision: the constructor truncates finer ones, so a session reads
 * back equal from every store, whether it keeps objects or bytes.
 *
 * <p>{@code userAgent} and {@code ipAddress} are empty strings when unknown, never null.
 * {@code attributes} is an unmodifiable copy; never null.
 *
 * @param id                the session's ID
 * @param userId            the authenticated user's ID in the user database
 * @param createdAt         when the session was first issued
 * @param authenticatedAt   when the user last proved who they are (login, re-authentication)
 * @param lastSeenAt        the last recorded activity; recorded at most once per touch interval
 * @param absoluteExpiresAt the instant after which the session is dead, however active
 * @param csrfToken         the token unsafe requests of this session must carry
 * @param userAgent         the client's {@code User-Agent} at login, or empty
 * @param ipAddress         the client's address at login, or empty
 * @param attributes        small application strings carried by the session
 * @param version           0 before the first save, then the stored version
 */
public record Session(
    SessionId id,
    long userId,
    Instant createdAt,
    Instant authenticatedAt,
    Instant lastSeenAt,
    Instant absoluteExpiresAt,
    String csrfToken,
    String userAgent,
    String ipAddress,
    Map<String, String> attributes,
    long version) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException     when a component other than the client strings is null
     * @throws IllegalArgumentException when {@code version} is negative
     */
    public Session {
        Objects.requireNonNull(id, "id");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
        authenticatedAt = Objects.requireNonNull(authenticatedAt, "authenticatedAt")
            .truncatedTo(ChronoUnit.MILLIS);
        lastSeenAt = Objects.requireNonNull(lastSeenAt, "lastSeenAt").truncatedTo(ChronoUnit.MILLIS);
        absoluteExpiresAt = Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt")
            .truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(csrfToken, "csrfToken");
        userAgent = userAgent == null ? "" : userAgent;
        ipAddress = ipAddress == null ? "" : ipAddress;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /**
     * Returns a new, never-saved session (version 0) for a user who has just authenticated, with
     * a fresh random CSRF token, no client information and no attributes.
     */
    public static Session create(SessionId id, long userId, Instant now, Instant absoluteExpiresAt) {
        return new Session(id, userId, now, now, now, absoluteExpiresAt, SessionId.randomToken(),
            "", "", Map.of(), 0);
    }

    /** Returns a copy recording the client that logged in. */
    public Session withClient(String userAgent, String ipAddress) {
        return new Session(id, userId, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            csrfToken, userAgent, ipAddress, attributes, version);
    }

    /** Returns a copy with {@code lastSeenAt} replaced. */
    public Session withLastSeenAt(Instant lastSeenAt) {
        return new Session(id, userId, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            csrfToken, userAgent, ipAddress, attributes, version);
    }

    /** Returns a copy with the attribute map replaced. */
    public Session withAttributes(Map<String, String> attributes) {
        return new Session(id, userId, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            csrfToken, userAgent, ipAddress, attributes, version);
    }

    /** Returns a copy with one attribute set. */
    public Session withAttribute(String name, String value) {
        var copy = new HashMap<>(attributes);
        copy.put(name, value);
        return withAttributes(copy);
    }

    /**
     * Returns the never-saved successor of this session under a new ID and a new CSRF token, for
     * rotation: same user, client, attributes and absolute expiry, last seen now, version 0.
     *
     * @param reauthenticated whether the user has just proved who they are again, which moves
     *                        {@code authenticatedAt} to now
     */
    public Session rotate(SessionId newId, Instant now, boolean reauthenticated) {
        return new Session(newId, userId, createdAt, reauthenticated ? now : authenticatedAt, now,
            absoluteExpiresAt, SessionId.randomToken(), userAgent, ipAddress, attributes, 0);
    }

    /** Returns a copy with the version replaced; for stores, which own the version. */
    public Session withVersion(long version) {
        return new Session(id, userId, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            csrfToken, userAgent, ipAddress, attributes, version);
    }

    /** Leaves out the CSRF token; the ID's own {@code toString} is redacted. */
    @Override
    public String toString() {
        return "Session[id=" + id + ", userId=" + userId + ", createdAt=" + createdAt
            + ", lastSeenAt=" + lastSeenAt + ", absoluteExpiresAt=" + absoluteExpiresAt
            + ", version=" + version + "]";
    }
}
