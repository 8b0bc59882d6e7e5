package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque handles for sessions, shown where a session must be named without revealing its ID: the
 * session list, the log, audit events. A handle is the first 128 bits of HMAC-SHA256 of the ID
 * under a key derived from the signing secret, so it cannot be turned back into an ID or replayed
 * as a cookie, and it is stable for as long as the first secret is. Thread-safe.
 */
final class SessionHandles {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HANDLE_BYTES = 16;

    private final SecretKeySpec key;

    /** @param secret the first signing secret; the handle key is derived from it, never equal to it */
    public SessionHandles(String secret) {
        byte[] derived = hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
            "sessionauth session handle key v1");
        this.key = new SecretKeySpec(derived, ALGORITHM);
    }

    /** The handle of a session ID: 22 base64url characters. */
    public String of(SessionId id) {
        byte[] mac = hmac(key, id.value());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, HANDLE_BYTES));
    }

    /** Whether {@code handle} names {@code id}; compared in constant time. */
    public boolean matches(SessionId id, String handle) {
        return MessageDigest.isEqual(of(id).getBytes(StandardCharsets.US_ASCII),
            handle.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
