package dev.sessionauth.store;

import java.security.SecureRandom;
import java.util.Arrays;
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
    private static final byte[] SEXTETS = new byte[128];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    // The 32 bytes as four big-endian longs: 48 bytes of heap per ID, where the 43-character
    // string took 104, which matters to a store holding a million of them.
    private final long w0;
    private final long w1;
    private final long w2;
    private final long w3;

    private SessionId(byte[] bytes) {
        this.w0 = word(bytes, 0);
        this.w1 = word(bytes, 8);
        this.w2 = word(bytes, 16);
        this.w3 = word(bytes, 24);
    }

    /** Returns a new random ID. */
    public static SessionId generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return new SessionId(bytes);
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
     * @return the ID, or empty when {@code value} is null or not the canonical 43 base64url
     *     characters of 32 bytes (the last character's two unused bits must be zero, so that every
     *     ID has exactly one textual form)
     */
    public static Optional<SessionId> parse(String value) {
        if (value == null || value.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] bytes = new byte[BYTES];
        int buffer = 0;
        int bits = 0;
        int out = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            int sextet = c < 128 ? SEXTETS[c] : -1;
            if (sextet < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 6) | sextet;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                bytes[out++] = (byte) (buffer >>> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0) {
            return Optional.empty();
        }
        return Optional.of(new SessionId(bytes));
    }

    /**
     * Parses the textual form of an ID that is known to be well formed (read back from a store).
     *
     * @throws IllegalArgumentException when {@code value} is not 43 base64url characters
     */
    public static SessionId of(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("not a session ID"));
    }

    /** The ID of these 32 bytes; for codecs that store the bytes. */
    public static SessionId fromBytes(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a session ID is " + BYTES + " bytes");
        }
        return new SessionId(bytes);
    }

    /** The 32 bytes; a bearer credential like {@link #value()}. */
    public byte[] bytes() {
        byte[] bytes = new byte[BYTES];
        putWord(bytes, 0, w0);
        putWord(bytes, 8, w1);
        putWord(bytes, 16, w2);
        putWord(bytes, 24, w3);
        return bytes;
    }

    /** The 43-character textual form: a bearer credential, never to be logged. */
    public String value() {
        return ENCODER.encodeToString(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionId other && w0 == other.w0 && w1 == other.w1 && w2 == other.w2 && w3 == other.w3;
    }

    @Override
    public int hashCode() {
        // The bits are uniformly random: any 32 of them are as good a hash as all 256.
        return (int) (w0 ^ (w0 >>> 32));
    }

    /** Returns a redacted form: the ID itself is a credential and must not reach logs. */
    @Override
    public String toString() {
        return "SessionId[redacted]";
    }

    private static long word(byte[] bytes, int from) {
        long word = 0;
        for (int i = from; i < from + 8; i++) {
            word = (word << 8) | (bytes[i] & 0xFF);
        }
        return word;
    }

    private static void putWord(byte[] bytes, int from, long word) {
        for (int i = from + 7; i >= from; i--) {
            bytes[i] = (byte) word;
            word >>>= 8;
        }
    }
}
