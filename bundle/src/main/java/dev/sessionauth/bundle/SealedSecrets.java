package dev.sessionauth.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts second-factor secrets for the host's database with AES-256-GCM, so that a copy of the
 * database (a backup, a read replica, an injection that reads a column) holds no secret that
 * computes a user's codes. Keys are derived from {@code logins.secondFactors.keys}
 * ({@code HMAC-SHA256(key, purpose)}), read from the environment; the first encrypts and every one
 * decrypts, so a key is rotated as the session secrets are: put the new one first, and drop the
 * old once {@link Opened#current() every secret was sealed again}.
 *
 * <p>A sealed value is {@code v1.} and the base64url of a 12-byte random nonce and the ciphertext
 * with its tag. What it belongs to (the user's key and the purpose) is authenticated as associated
 * data: a value copied into another user's row, or from an enrolment token into the factor
 * column, does not open. Thread-safe.
 */
final class SealedSecrets {

    /** What a value opened to, and whether it was sealed with the current key. */
    record Opened(byte[] secret, boolean current) {
    }

    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final List<SecretKeySpec> keys;

    /** @param keys the encrypting key first, then keys that only decrypt; each at least 32 characters */
    SealedSecrets(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        this.keys = keys.stream().map(SealedSecrets::derive).toList();
    }

    /** Seals {@code secret} as {@code owner}'s, for {@code purpose}. */
    String seal(byte[] secret, String purpose, String owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associated(purpose, owner));
            byte[] sealed = cipher.doFinal(secret);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + ENCODER.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is required of every JVM", e);
        }
    }

    /**
     * Opens a value {@link #seal} made for the same purpose and owner.
     *
     * @return empty when it is malformed, was sealed for another purpose or owner, or with no key
     *         this node has
     */
    Optional<Opened> open(String sealed, String purpose, String owner) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        for (int i = 0; i < keys.size(); i++) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, keys.get(i), new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
                cipher.updateAAD(associated(purpose, owner));
                return Optional.of(new Opened(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), i == 0));
            } catch (AEADBadTagException e) {
                // Not this key's, or tampered with: try the next.
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM is required of every JVM", e);
            }
        }
        return Optional.empty();
    }

    private static byte[] associated(String purpose, String owner) {
        return (purpose + '\u0000' + owner).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKeySpec derive(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal("sessionauth second-factor secrets v1".getBytes(StandardCharsets.UTF_8)),
                "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
