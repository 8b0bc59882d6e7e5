package dev.sessionauth.bundle;

import dev.sessionauth.store.ability.OneTimeTokens;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The challenges of passkey ceremonies, kept nowhere until they are answered: a challenge is a
 * random nonce, its expiry and a MAC (under the sessions' secrets) over both, the ceremony and the
 * user it is for, so any node can tell one of its own from a forgery, and an answer for one
 * ceremony or user from another's. An answered challenge's nonce is claimed in the store's
 * one-time tokens, so each is answered once, on every node. Thread-safe.
 */
final class PasskeyChallenges {

    /** What a challenge is for: a new passkey, a sign-in with one alone, a second factor. */
    enum Ceremony {
        REGISTRATION, SIGN_IN, SECOND_FACTOR
    }

    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 16;
    private static final int LENGTH = NONCE_BYTES + Long.BYTES + MAC_BYTES;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final SigningKeys keys;
    private final OneTimeTokens answered;
    private final Duration lifetime;
    private final Clock clock;

    PasskeyChallenges(List<String> secrets, OneTimeTokens answered, Duration lifetime, Clock clock) {
        this.keys = new SigningKeys(secrets, "sessionauth passkey challenge key v1");
        this.answered = answered;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new challenge for {@code ceremony}, bound to {@code userKey} (empty for a sign-in). */
    byte[] issue(Ceremony ceremony, String userKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        byte[] mac = keys.sign(signed(ceremony, userKey, nonce, expires));
        return ByteBuffer.allocate(LENGTH).put(nonce).putLong(expires).put(mac, 0, MAC_BYTES).array();
    }

    /**
     * Whether {@code challenge} is one this service issued for {@code ceremony} and
     * {@code userKey}, and has not expired. Claims nothing: see {@link #claim}.
     */
    boolean isValid(byte[] challenge, Ceremony ceremony, String userKey) {
        if (challenge == null || challenge.length != LENGTH) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(challenge);
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(nonce);
        long expires = buffer.getLong();
        byte[] mac = new byte[MAC_BYTES];
        buffer.get(mac);
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) {
            return false;
        }
        String signed = signed(ceremony, userKey, nonce, expires);
        boolean matches = false;
        for (byte[] candidate : keys.candidates(signed)) {
            matches |= MessageDigest.isEqual(Arrays.copyOf(candidate, MAC_BYTES), mac);
        }
        return matches;
    }

    /** Uses a valid challenge up: true for the first answer to it on any node, false for any later one. */
    boolean claim(byte[] challenge) {
        return answered.claim("passkey:" + BASE64URL.encodeToString(Arrays.copyOf(challenge, NONCE_BYTES)),
            lifetime.plusMinutes(1));
    }

    private static String signed(Ceremony ceremony, String userKey, byte[] nonce, long expires) {
        return ceremony.name() + '\n' + BASE64URL.encodeToString(userKey.getBytes(StandardCharsets.UTF_8)) + '\n'
            + BASE64URL.encodeToString(nonce) + '\n' + expires;
    }
}
