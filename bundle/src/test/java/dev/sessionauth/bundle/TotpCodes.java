package dev.sessionauth.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes TOTP codes from the base32 secret an enrolment shows, as an authenticator app does
 * (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), written apart from the bundle's own code so
 * that the tests check it against the standard rather than against itself. In the bundle's
 * test-jar, for hosts' tests of their second factors.
 */
public final class TotpCodes {

    private TotpCodes() {
    }

    /** The code an app shows at {@code at}, plus {@code steps} steps of 30 seconds. */
    public static String at(String base32Secret, Instant at, int steps) {
        long counter = at.getEpochSecond() / 30 + steps;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(decode(base32Secret), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[19] & 0xF;
            int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7FFFFFFF;
            return String.format("%06d", value % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code an app shows at {@code at}. */
    public static String at(String base32Secret, Instant at) {
        return at(base32Secret, at, 0);
    }

    /**
     * A six-digit code that is not the one of {@code at}, of a step beside it, or of the step after
     * the next (a test that signs in with the next step's code may still be running then).
     */
    public static String wrong(String base32Secret, Instant at) {
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!code.equals(at(base32Secret, at, -1)) && !code.equals(at(base32Secret, at))
                && !code.equals(at(base32Secret, at, 1)) && !code.equals(at(base32Secret, at, 2))) {
                return code;
            }
        }
    }

    private static byte[] decode(String base32) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            buffer = (buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
