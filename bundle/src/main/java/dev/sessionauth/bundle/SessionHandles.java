package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Opaque handles for sessions, shown where a session must be named without revealing its ID: the
 * session list, the log, audit events. A handle is the first 128 bits of SHA-256 (with a label of
 * its own) of the key the session is stored under ({@link SessionKeys}, itself a digest of the ID),
 * so it cannot be turned back into an ID (the ID is 256 random bits) or replayed as a cookie. It
 * depends on nothing but the ID: it is the same on every node and across a
 * rotation of the signing secrets, so a revoke by handle works in the middle of a rolling deploy.
 * Stateless and thread-safe.
 */
final class SessionHandles {

    private static final int HANDLE_BYTES = 16;
    private static final byte[] LABEL = "sessionauth session handle v2\0".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    /**
     * A digest per thread, as {@link SessionKeys} keeps one: the forward-authentication check names
     * the session on every request, and {@code MessageDigest.getInstance} looks the provider up anew.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SessionHandles::sha256);

    /** The handle of a session ID: 22 base64url characters. */
    public String of(SessionId id) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        sha256.update(LABEL);
        // The ID's base64url text, as ASCII bytes: what id.value() spells, without the String between.
        byte[] digest = sha256.digest(BASE64URL.encode(id.bytes()));
        return BASE64URL.encodeToString(Arrays.copyOf(digest, HANDLE_BYTES));
    }

    /** Whether {@code handle} names {@code id}; compared in constant time. */
    public boolean matches(SessionId id, String handle) {
        return MessageDigest.isEqual(of(id).getBytes(StandardCharsets.US_ASCII),
            handle.getBytes(StandardCharsets.US_ASCII));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
