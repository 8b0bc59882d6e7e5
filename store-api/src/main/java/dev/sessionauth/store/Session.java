package dev.sessionauth.store;

import dev.sessionauth.store.support.ClientStrings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One server-side session: an immutable value, safe to share between threads.
 *
 * <p>{@code version} is what makes concurrent updates safe: a session that was never saved has
 * version 0; every successful {@link SessionStore#save} stores it with the next version, and a save
 * whose version is not the stored one is refused. Change a session with the {@code with*} methods
 * and save the result.
 *
 * <p>Times have millisecond precision: the constructor truncates finer ones, so a session reads
 * back equal from every store, whether it keeps objects or bytes. They are kept as epoch
 * milliseconds and handed out as {@code Instant}s: a store holding a million sessions would
 * otherwise keep four million {@code Instant} objects.
 *
 * <p>{@code userAgent} and {@code ipAddress} are empty strings when unknown, never null.
 * {@code attributes} is an unmodifiable copy; never null.
 *
 * <p>A session starts at {@link AssuranceLevel#AAL1} (a password, or whatever single factor the
 * host checked) and is at {@link AssuranceLevel#AAL2} once {@link #withSecondFactorAt} records a
 * second factor; {@link #secondFactorAt()} says when, for "within the last five minutes" checks.
 */
public final class Session {

    /** The longest user key, in bytes of UTF-8. */
    public static final int MAX_USER_KEY_BYTES = 255;

    private final SessionId id;
    private final String userKey;
    private final long createdAt;
    private final long authenticatedAt;
    private final long lastSeenAt;
    private final long absoluteExpiresAt;
    // A token of the form this service issues (32 random bytes, 43 base64url characters) is kept as
    // its 32 bytes, in the same compact form as an ID: 48 bytes of heap instead of 88. Any other
    // token is kept as given.
    private final SessionId compactCsrfToken;
    private final String otherCsrfToken;
    private final String userAgent;
    private final String ipAddress;
    private final Map<String, String> attributes;
    // When the user last passed a second factor in this session, epoch ms; NONE when never.
    private final long secondFactorAt;
    private final long version;

    private static final long NONE = Long.MIN_VALUE;

    /**
     * Validates and copies.
     *
     * @param id                the session's ID
     * @param userKey           the authenticated user, as the application names it: opaque to the
     *                          stores, non-empty, at most {@value #MAX_USER_KEY_BYTES} bytes of
     *                          UTF-8 and well-formed (no unpaired surrogate), so it reads back
     *                          equal from every store
     * @param createdAt         when the session was first issued
     * @param authenticatedAt   when the user last proved who they are (login, re-authentication)
     * @param lastSeenAt        the last recorded activity; recorded at most once per touch interval
     * @param absoluteExpiresAt the instant after which the session is dead, however active
     * @param csrfToken         the token unsafe requests of this session must carry
     * @param userAgent         the client's {@code User-Agent} at login, or empty
     * @param ipAddress         the client's address at login, or empty
     * @param attributes        small application strings carried by the session
     * @param version           0 before the first save, then the stored version
     * @throws NullPointerException     when a component other than the client strings is null
     * @throws IllegalArgumentException when {@code version} is negative or {@code userKey} is
     *                                  empty, too long or malformed
     * @throws ArithmeticException      when an instant is beyond the epoch-millisecond range
     */
    public Session(SessionId id, String userKey, Instant createdAt, Instant authenticatedAt, Instant lastSeenAt,
                   Instant absoluteExpiresAt, String csrfToken, String userAgent, String ipAddress,
                   Map<String, String> attributes, long version) {
        this(Objects.requireNonNull(id, "id"), requireValidUserKey(userKey),
            Objects.requireNonNull(createdAt, "createdAt").toEpochMilli(),
            Objects.requireNonNull(authenticatedAt, "authenticatedAt").toEpochMilli(),
            Objects.requireNonNull(lastSeenAt, "lastSeenAt").toEpochMilli(),
            Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt").toEpochMilli(),
            SessionId.parse(Objects.requireNonNull(csrfToken, "csrfToken")).orElse(null),
            SessionId.parse(csrfToken).isPresent() ? null : csrfToken,
            userAgent == null ? "" : userAgent,
            ipAddress == null ? "" : ipAddress,
            attributes == null ? Map.of() : Map.copyOf(attributes),
            NONE, version);
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }

    /** Copies already validated components; times in epoch milliseconds. */
    private Session(SessionId id, String userKey, long createdAt, long authenticatedAt, long lastSeenAt,
                    long absoluteExpiresAt, SessionId compactCsrfToken, String otherCsrfToken, String userAgent,
                    String ipAddress, Map<String, String> attributes, long secondFactorAt, long version) {
        this.id = id;
        this.userKey = userKey;
        this.createdAt = createdAt;
        this.authenticatedAt = authenticatedAt;
        this.lastSeenAt = lastSeenAt;
        this.absoluteExpiresAt = absoluteExpiresAt;
        this.compactCsrfToken = compactCsrfToken;
        this.otherCsrfToken = otherCsrfToken;
        this.userAgent = userAgent;
        this.ipAddress = ipAddress;
        this.attributes = attributes;
        this.secondFactorAt = secondFactorAt;
        this.version = version;
    }

    public SessionId id() {
        return id;
    }

    /** The user whose session this is, as the application named them. */
    public String userKey() {
        return userKey;
    }

    public Instant createdAt() {
        return Instant.ofEpochMilli(createdAt);
    }

    public Instant authenticatedAt() {
        return Instant.ofEpochMilli(authenticatedAt);
    }

    public Instant lastSeenAt() {
        return Instant.ofEpochMilli(lastSeenAt);
    }

    public Instant absoluteExpiresAt() {
        return Instant.ofEpochMilli(absoluteExpiresAt);
    }

    public String csrfToken() {
        return compactCsrfToken != null ? compactCsrfToken.value() : otherCsrfToken;
    }

    public String userAgent() {
        return userAgent;
    }

    public String ipAddress() {
        return ipAddress;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public long version() {
        return version;
    }

    /** When the user last passed a second factor in this session; empty when never (a password alone). */
    public Optional<Instant> secondFactorAt() {
        return secondFactorAt == NONE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(secondFactorAt));
    }

    /** {@link AssuranceLevel#AAL2} once a second factor was passed in this session, else {@link AssuranceLevel#AAL1}. */
    public AssuranceLevel assuranceLevel() {
        return secondFactorAt == NONE ? AssuranceLevel.AAL1 : AssuranceLevel.AAL2;
    }

    /**
     * Checks a user key as the constructor does.
     *
     * @return {@code userKey}
     * @throws NullPointerException     when it is null
     * @throws IllegalArgumentException when it is empty, longer than {@value #MAX_USER_KEY_BYTES}
     *                                  bytes of UTF-8, or has an unpaired surrogate
     */
    public static String requireValidUserKey(String userKey) {
        Objects.requireNonNull(userKey, "userKey");
        if (userKey.isEmpty()) {
            throw new IllegalArgumentException("userKey must not be empty");
        }
        // A char is at most 3 bytes of UTF-8 (a surrogate pair, two chars, is 4): short keys need
        // no encoding to be known short enough.
        if (userKey.length() * 3 > MAX_USER_KEY_BYTES
            && userKey.getBytes(StandardCharsets.UTF_8).length > MAX_USER_KEY_BYTES) {
            throw new IllegalArgumentException("userKey must be at most " + MAX_USER_KEY_BYTES + " bytes of UTF-8");
        }
        for (int i = 0; i < userKey.length(); i++) {
            char c = userKey.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < userKey.length()
                && Character.isLowSurrogate(userKey.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("userKey must not contain an unpaired surrogate");
            }
        }
        return userKey;
    }

    /**
     * Returns a new, never-saved session (version 0) for a user who has just authenticated, with
     * a fresh random CSRF token, no client information and no attributes.
     */
    public static Session create(SessionId id, String userKey, Instant now, Instant absoluteExpiresAt) {
        return new Session(id, userKey, now, now, now, absoluteExpiresAt, SessionId.randomToken(),
            "", "", Map.of(), 0);
    }

    /** Returns a copy recording the client that logged in. */
    public Session withClient(String userAgent, String ipAddress) {
        return new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            compactCsrfToken, otherCsrfToken, userAgent == null ? "" : userAgent, ipAddress == null ? "" : ipAddress, attributes, secondFactorAt, version);
    }

    /**
     * Returns a copy holding other instances of equal strings, so that the many sessions of one
     * user or client in a store's heap share one copy of each ({@code ClientStrings}); never a
     * different user or client.
     *
     * @throws IllegalArgumentException when a string differs from the session's own
     */
    public Session withSharedStrings(String userKey, String userAgent, String ipAddress) {
        if (!userKey.equals(this.userKey) || !userAgent.equals(this.userAgent) || !ipAddress.equals(this.ipAddress)) {
            throw new IllegalArgumentException("shared strings must equal the session's own");
        }
        return new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            compactCsrfToken, otherCsrfToken, userAgent, ipAddress, attributes, secondFactorAt, version);
    }

    /** Returns a copy with {@code lastSeenAt} replaced. */
    public Session withLastSeenAt(Instant lastSeenAt) {
        return new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt.toEpochMilli(), absoluteExpiresAt,
            compactCsrfToken, otherCsrfToken, userAgent, ipAddress, attributes, secondFactorAt, version);
    }

    /**
     * Returns a copy recording a second factor passed at {@code at}: the session is at
     * {@link AssuranceLevel#AAL2} from then on, and rotation keeps it there.
     *
     * @throws ArithmeticException when {@code at} is beyond the epoch-millisecond range
     */
    public Session withSecondFactorAt(Instant at) {
        long millis = Objects.requireNonNull(at, "at").toEpochMilli();
        if (millis == NONE) {
            throw new IllegalArgumentException("secondFactorAt out of range");
        }
        return new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            compactCsrfToken, otherCsrfToken, userAgent, ipAddress, attributes, millis, version);
    }

    /** Returns a copy with the attribute map replaced. */
    public Session withAttributes(Map<String, String> attributes) {
        return new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            compactCsrfToken, otherCsrfToken, userAgent, ipAddress, attributes == null ? Map.of() : Map.copyOf(attributes), secondFactorAt, version);
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
        return rotate(newId, now, reauthenticated ? now : Instant.ofEpochMilli(authenticatedAt));
    }

    /**
     * Returns the never-saved successor of this session, as {@link #rotate(SessionId, Instant,
     * boolean)} does, authenticated at {@code authenticatedAt}: when the credentials the user just
     * proved were read, which may be a moment before now.
     */
    public Session rotate(SessionId newId, Instant now, Instant authenticatedAt) {
        long at = now.toEpochMilli();
        // A new CSRF token from the same generator and of the same shape as an ID.
        SessionId csrf = SessionId.generate();
        return new Session(Objects.requireNonNull(newId, "newId"), userKey, createdAt, authenticatedAt.toEpochMilli(),
            at, absoluteExpiresAt, csrf, null, userAgent, ipAddress, attributes, secondFactorAt, 0);
    }

    /** Returns a copy with the version replaced; for stores, which own the version. */
    public Session withVersion(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
        return new Session(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt,
            compactCsrfToken, otherCsrfToken, userAgent, ipAddress, attributes, secondFactorAt, version);
    }

    /** Equal when every component is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Session other
            && id.equals(other.id) && userKey.equals(other.userKey) && createdAt == other.createdAt
            && authenticatedAt == other.authenticatedAt && lastSeenAt == other.lastSeenAt
            && absoluteExpiresAt == other.absoluteExpiresAt && version == other.version
            && secondFactorAt == other.secondFactorAt
            && csrfToken().equals(other.csrfToken()) && userAgent.equals(other.userAgent)
            && ipAddress.equals(other.ipAddress) && attributes.equals(other.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, userKey, createdAt, authenticatedAt, lastSeenAt, absoluteExpiresAt, csrfToken(),
            userAgent, ipAddress, attributes, secondFactorAt, version);
    }

    /** Leaves out the CSRF token; the ID's own {@code toString} is redacted. */
    @Override
    public String toString() {
        return "Session[id=" + id + ", userKey=" + userKey + ", createdAt=" + createdAt()
            + ", lastSeenAt=" + lastSeenAt() + ", absoluteExpiresAt=" + absoluteExpiresAt()
            + ", " + assuranceLevel().label() + ", version=" + version + "]";
    }
}
