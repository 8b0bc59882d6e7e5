package dev.sessionauth.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 keys for one purpose, derived from the session signing secrets
 * ({@code HMAC(secret, purpose)}), so no two purposes share a key and none is a secret itself. The
 * first secret's key signs; every secret's key verifies, so rotating the secrets keeps what was
 * signed valid until the old secret is removed. Thread-safe.
 */
final class SigningKeys {

    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    /**
     * @param secrets the signing secret first, then secrets that only verify
     * @param purpose what the keys are for, e.g. {@code "sessionauth device cookie key v1"}
     */
    public SigningKeys(List<String> secrets, String purpose) {
        this.keys = secrets.stream()
            .map(secret -> new SecretKeySpec(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
                purpose), ALGORITHM))
            .toList();
    }

    /** The MAC of {@code message} under the signing key. */
    public byte[] sign(String message) {
        return hmac(keys.get(0), message);
    }

    /** The MAC of {@code message} under each key, the signing key's first: what a presented MAC may equal. */
    public List<byte[]> candidates(String message) {
        return keys.stream().map(key -> hmac(key, message)).toList();
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
