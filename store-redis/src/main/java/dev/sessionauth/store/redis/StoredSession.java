package dev.sessionauth.store.redis;

import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.UnreadableSessionException;
import dev.sessionauth.store.support.SessionCodec;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The value of one session key in Redis: a fixed 32-byte header that the store's Lua scripts read
 * and write in place, then the {@link SessionCodec}'s bytes.
 *
 * <pre>
 *  0..7   expiresAt   epoch ms, big-endian  the end of the time to live, by the service's clock
 *  8..15  lastSeenAt  epoch ms              rewritten by touch (SETRANGE), with expiresAt
 * 16..23  version     the compare-and-set version
 * 24..31  user tag    which user's index the session belongs to ({@link RedisUserKeys#tag})
 * 32..    the codec's encoding of the session as it was saved
 * </pre>
 *
 * <p>The header wins over the codec's bytes for {@code lastSeenAt} and {@code version}, because a
 * touch changes only the header. Redis expires the key on its own TTL; {@code expiresAt} lets every
 * node and script agree on expiry by the service's clock, even before Redis has reclaimed the key.
 *
 * <p>The header is a stored format that every release's scripts read at fixed offsets: it never
 * changes in place. The codec's bytes carry their own format byte and may grow (see
 * {@code CompactSessionCodec}); a different header would need a new key prefix.
 */
final class StoredSession {

    static final int HEADER_BYTES = 32;

    private StoredSession() {}

    static byte[] encode(Session session, Instant expiresAt, SessionCodec codec) {
        byte[] body = codec.encode(session);
        return ByteBuffer.allocate(HEADER_BYTES + body.length)
            .putLong(expiresAt.toEpochMilli())
            .putLong(session.lastSeenAt().toEpochMilli())
            .putLong(session.version())
            .putLong(RedisUserKeys.tagValue(session.userKey()))
            .put(body)
            .array();
    }

    /** The first 16 bytes of the header, as a touch rewrites them. */
    static byte[] touchedHeader(Instant expiresAt, Instant lastSeenAt) {
        return ByteBuffer.allocate(16).putLong(expiresAt.toEpochMilli()).putLong(lastSeenAt.toEpochMilli()).array();
    }

    static byte[] bytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Whether the session is live at {@code now}; false for a value too short to have a header. */
    static boolean isLive(byte[] value, Instant now) {
        return value.length >= HEADER_BYTES && ByteBuffer.wrap(value).getLong(0) > now.toEpochMilli();
    }

    /** The idle expiry the header holds, epoch ms; only for a value {@link #isLive} accepted. */
    static long expiresAt(byte[] value) {
        return ByteBuffer.wrap(value).getLong(0);
    }

    /** @throws UnreadableSessionException when the value is not a stored session */
    static Session decode(SessionId id, byte[] value, SessionCodec codec) {
        if (value.length < HEADER_BYTES) {
            throw new UnreadableSessionException("stored value shorter than its header");
        }
        ByteBuffer header = ByteBuffer.wrap(value, 0, HEADER_BYTES);
        header.getLong();
        Instant lastSeenAt = Instant.ofEpochMilli(header.getLong());
        long version = header.getLong();
        long userTag = header.getLong();
        byte[] body = new byte[value.length - HEADER_BYTES];
        System.arraycopy(value, HEADER_BYTES, body, 0, body.length);
        Session session = codec.decode(id, body);
        if (RedisUserKeys.tagValue(session.userKey()) != userTag || version < 1) {
            throw new UnreadableSessionException("header and body disagree");
        }
        return session.withLastSeenAt(lastSeenAt).withVersion(version);
    }
}
