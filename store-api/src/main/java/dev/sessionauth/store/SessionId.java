package dev.sessionauth.store;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque session identifier: 256 bits from {@link SecureRandom}, written as 43 characters of
 * unpadded base64url.
 *
 * <p>{@link #toString()} never reveals the value, so an ID that reaches a log line by accident
 * does not leak a usable credential; use {@link #value()} where the raw form is really needed
 * (the cookie, a store key). Instances are immutable and thread-safe.
 */
public final class SessionId {

    /** Bytes of randomness in an ID. */
    public static final int BYTES = 32;

    /** Length of {@link #value()}: 32 bytes in unpadded base64url. */
    public static final int LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final String value;

    private SessionId(String value) {
        this.value = value;
    }

    /** Returns a new random ID. */
    public static SessionId generate() {
        return new SessionId(randomToken());
    }

    /**
     * Returns 32 random bytes from the same generator as session IDs, in unpadded base64url; for
     * other secrets that must not be guessable, such as CSRF tokens.
     */
    public static String randomToken() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Parses the textual form.
     *
     * @return the ID, or empty when {@code value} is null or not 43 base64url characters
     */
    public static Optional<SessionId> parse(String value) {
        if (value == null || value.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!isBase64Url(value.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new SessionId(value));
    }

    /**
     * Parses the textual form of an ID that is known to be well formed (read back from a store).
     *
     * @throws IllegalArgumentException when {@code value} is not 43 base64url characters
     */
    public static SessionId of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("not a session ID"));
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_';
    }

    /** The 43-character textual form: a bearer credential, never to be logged. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionId other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Returns a redacted form: the ID itself is a credential and must not reach logs. */
    @Override
    public String toString() {
        return "SessionId[redacted]";
    }
}
