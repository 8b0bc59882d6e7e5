package dev.sessionauth.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names an unknown username in events without its text: HMAC-SHA256 under a key derived from the
 * service's signing secret, the first 96 bits in base64url. The same name gives the same hash on
 * every node that shares the secret; without the secret it cannot be guessed back from the log.
 * Thread-safe.
 */
final class UsernameHashes {

    private static final String LABEL = "sessionauth username hash v1";

    private final byte[] key;

    /** @param secret the signing secret; the hash key is derived from it, never the secret itself */
    public UsernameHashes(String secret) {
        this.key = hmac(secret.getBytes(StandardCharsets.UTF_8), LABEL.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code unknown:<16 characters>} for {@code username}. */
    public String of(String username) {
        byte[] mac = hmac(key, username.getBytes(StandardCharsets.UTF_8));
        byte[] first = new byte[12];
        System.arraycopy(mac, 0, first, 0, first.length);
        return "unknown:" + Base64.getUrlEncoder().withoutPadding().encodeToString(first);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
