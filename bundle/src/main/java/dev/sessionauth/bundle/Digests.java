package dev.sessionauth.bundle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 of a text, as the bundle names keys after what a client sent: never the text itself. */
final class Digests {

    private Digests() {
    }

    /** SHA-256 of {@code text}'s UTF-8, in 43 base64url characters. */
    static String sha256(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256Bytes(text));
    }

    /** SHA-256 of {@code text}'s UTF-8. */
    static byte[] sha256Bytes(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
