package dev.sessionauth.benchmarks;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The sessions the benchmarks store: what a login from a desktop browser produces, with the user
 * agent and address copied per session as they are when they come from a request.
 */
public final class Fixtures {

    /** A current desktop Chrome user agent: the common case, and one of the longer ones. */
    public static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    public static final String IP_ADDRESS = "203.0.113.42";
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(24);
    /** Sessions per user in the filled stores. */
    public static final int SESSIONS_PER_USER = 2;

    private Fixtures() {
    }

    /** {@code count} distinct session IDs from {@code seed}: the same on every run and in every fork. */
    public static SessionId[] ids(int count, long seed) {
        IdSequence sequence = new IdSequence(seed);
        SessionId[] ids = new SessionId[count];
        for (int i = 0; i < count; i++) {
            ids[i] = sequence.next();
        }
        return ids;
    }

    /** The IDs of {@link #ids} one at a time, for callers that must not hold them all. */
    public static final class IdSequence {
        private final SplittableRandom random;
        private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        private final byte[] bytes = new byte[SessionId.BYTES];

        public IdSequence(long seed) {
            this.random = new SplittableRandom(seed);
        }

        public SessionId next() {
            for (int b = 0; b < bytes.length; b += 8) {
                long word = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    bytes[b + k] = (byte) (word >>> (8 * k));
                }
            }
            return SessionId.of(encoder.encodeToString(bytes));
        }
    }

    /**
     * A freshly logged-in desktop session of the user with this numeric ID, keyed as the service
     * keys its users (the decimal text); every string is a copy, as from a request.
     */
    public static Session session(SessionId id, long userId, Instant now) {
        return Session.create(id, Long.toString(userId), now, now.plus(ABSOLUTE_TIMEOUT))
            .withClient(new String(USER_AGENT.toCharArray()), new String(IP_ADDRESS.toCharArray()));
    }
}
