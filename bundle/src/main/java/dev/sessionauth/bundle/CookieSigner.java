package dev.sessionauth.bundle;

import dev.sessionauth.store.SessionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs session IDs into cookie values and verifies them, in the format express-session writes:
 * {@code s:<id>.<signature>}, the signature being the HMAC-SHA256 of the ID in unpadded standard
 * base64. A value express-session percent-encoded ({@code s%3A...}) is accepted too.
 *
 * <p>The first secret signs; every secret verifies, so a secret is rotated by putting the new one
 * first and removing the old one once its cookies have expired. Verification compares in constant
 * time. Thread-safe.
 */
final class CookieSigner {

    private static final String ALGORITHM = "HmacSHA256";
    static final String PREFIX = "s:";
    private static final int MAX_LENGTH = 256;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final List<SecretKeySpec> keys;
    private final ThreadLocal<Mac[]> macs;

    /**
     * @param secrets the signing secret first, then secrets that only verify; at least one
     * @throws IllegalArgumentException when {@code secrets} is empty
     */
    public CookieSigner(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is required");
        }
        this.keys = secrets.stream()
            .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM))
            .toList();
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    /** Returns the cookie value for {@code id}, signed with the first secret. */
    public String sign(SessionId id) {
        String text = id.value();
        return PREFIX + text + '.' + signature(macs.get()[0], text);
    }

    /**
     * Verifies a cookie value.
     *
     * @return the ID, or empty when the value is malformed or no configured secret signed it
     */
    public Optional<SessionId> unsign(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String value = cookieValue.indexOf('%') >= 0 ? percentDecode(cookieValue) : cookieValue;
        if (value == null || !value.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = value.lastIndexOf('.');
        if (dot < PREFIX.length()) {
            return Optional.empty();
        }
        // SessionId.parse accepts only the canonical spelling, so the presented text is the ID's
        // own value(): sign it as it stands rather than encoding the ID again for every secret.
        String text = value.substring(PREFIX.length(), dot);
        Optional<SessionId> id = SessionId.parse(text);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        byte[] message = text.getBytes(StandardCharsets.US_ASCII);
        for (Mac mac : macs.get()) {
            // Constant time within a comparison; which secret matched is not a secret.
            if (isEqual(BASE64.encode(mac.doFinal(message)), value, dot + 1)) {
                return id;
            }
        }
        return Optional.empty();
    }

    private static String signature(Mac mac, String id) {
        return BASE64.encodeToString(mac.doFinal(id.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Whether {@code value} from {@code from} on spells {@code expected} (ASCII), in time that
     * depends on the lengths only, as {@link MessageDigest#isEqual} does; compared in place, as
     * every request verifies a cookie.
     */
    private static boolean isEqual(byte[] expected, String value, int from) {
        if (value.length() - from != expected.length) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < expected.length; i++) {
            difference |= expected[i] ^ value.charAt(from + i);
        }
        return difference == 0;
    }

    private Mac[] newMacs() {
        Mac[] result = new Mac[keys.size()];
        try {
            for (int i = 0; i < result.length; i++) {
                result[i] = Mac.getInstance(ALGORITHM);
                result[i].init(keys.get(i));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        return result;
    }

    /** Decodes {@code %XX} escapes only ({@code +} stays a plus); null when an escape is broken. */
    private static String percentDecode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 2 >= value.length()) {
                return null;
            }
            int high = Character.digit(value.charAt(i + 1), 16);
            int low = Character.digit(value.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            out.append((char) (high * 16 + low));
            i += 2;
        }
        return out.toString();
    }
}
