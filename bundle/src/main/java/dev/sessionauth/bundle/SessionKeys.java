package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a session is stored under: SHA-256 of its ID (with a label of its own), never the ID. Only
 * the cookie carries the ID; every store, every Redis key and index, every heap dump holds the
 * digest, which cannot be turned back into an ID (256 random bits) or signed into a cookie. So a
 * copy of the store, even with the signing secret, is no set of live cookies. Handles
 * ({@link SessionHandles}) are derived from the stored key. Stateless and thread-safe.
 */
final class SessionKeys {

    private static final byte[] LABEL = "sessionauth session key v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    private SessionKeys() {
    }

    /** The key the session whose cookie carries {@code id} is stored under. */
    static SessionId of(SessionId id) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        sha256.update(LABEL);
        return SessionId.fromBytes(sha256.digest(id.bytes()));
    }
}
