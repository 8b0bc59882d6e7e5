package dev.sessionauth.bundle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as RFC 6238 defines them and authenticator apps expect them:
 * HMAC-SHA1, 30-second steps from the Unix epoch, 6 digits. A code is accepted for its own step
 * and one step either side, for clocks that disagree by up to 30 seconds; which step it matched is
 * what makes it single-use ({@link SecondFactors} claims it once). Secrets are 20 random bytes (the
 * length of SHA-1's output, as RFC 4226 recommends), shown to people in base32. Stateless.
 */
final class Totp {

    /** The length of a step, in seconds. */
    static final long STEP_SECONDS = 30;

    /** Digits in a code. */
    static final int DIGITS = 6;

    /** Steps either side of now that a code may belong to. */
    static final int SKEW_STEPS = 1;

    /** Bytes in a new secret. */
    static final int SECRET_BYTES = 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {
    }

    /** A new random secret. */
    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The step {@code at} falls in. */
    static long stepOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of {@code step}: six digits, leading zeros kept. */
    static String code(byte[] secret, long step) {
        byte[] hash = hmacSha1(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0F;
        int binary = ((hash[offset] & 0x7F) << 24) | ((hash[offset + 1] & 0xFF) << 16)
            | ((hash[offset + 2] & 0xFF) << 8) | (hash[offset + 3] & 0xFF);
        return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
    }

    /**
     * The step within {@link #SKEW_STEPS} of {@code now} whose code {@code code} is: every candidate
     * is computed and compared in constant time, so the answer takes as long whichever matched.
     *
     * @param code what the user typed: digits, spaces allowed between them
     * @return empty for a code of no step in the window, or not six digits
     */
    static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        String digits = code == null ? "" : code.replace(" ", "");
        if (digits.length() != DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        byte[] typed = digits.getBytes(StandardCharsets.US_ASCII);
        long current = stepOf(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - SKEW_STEPS; step <= current + SKEW_STEPS; step++) {
            if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), typed)) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /**
     * The {@code otpauth://} URI an authenticator app reads from a QR code (Google Authenticator's
     * key-URI format): issuer and account in the label and the issuer again as a parameter, as
     * the apps that read only one of them expect.
     */
    static String keyUri(String issuer, String account, byte[] secret) {
        return "otpauth://totp/" + uriEscape(issuer) + ":" + uriEscape(account) + "?secret=" + base32(secret)
            + "&issuer=" + uriEscape(issuer) + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    /** RFC 4648 base32 without padding, as authenticator apps take a secret typed in by hand. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1F));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 0x1F));
        }
        return out.toString();
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, as a URI path segment and query value need. */
    private static String uriEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static byte[] hmacSha1(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every JVM", e);
        }
    }
}
