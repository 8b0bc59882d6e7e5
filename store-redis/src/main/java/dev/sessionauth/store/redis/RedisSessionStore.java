package dev.sessionauth.store.redis;

import static dev.sessionauth.store.redis.RedisCalls.ascii;
import static dev.sessionauth.store.redis.RedisCalls.call;
import static dev.sessionauth.store.redis.RedisCalls.millis;

import com.codahale.metrics.MetricRegistry;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.StaleSessionException;
import dev.sessionauth.store.UnreadableSessionException;
import dev.sessionauth.store.ability.ChangeNotices;
import dev.sessionauth.store.ability.FailureCounts;
import dev.sessionauth.store.ability.OneTimeTokens;
import dev.sessionauth.store.support.SessionCodec;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Sessions in Redis, shared by every node that uses the same server and prefix.
 *
 * <p>Keys: {@code <prefix><session ID>} holds one session ({@link StoredSession}), with a Redis TTL
 * set in the same command as the value; {@code <prefix>{u:<user>}} is a sorted set of the user's
 * session IDs, each scored with when it was indexed, where {@code <user>} is the user key as
 * {@link RedisUserKeys} encodes it. The braces are a cluster hash tag: every
 * per-user key lands in one slot, whatever the slot of each session.
 *
 * <p>The index is never maintained by keyspace notifications. An ID is indexed before its session
 * is written, so the index never misses a live session; IDs of sessions that are gone are pruned
 * when the user's sessions are listed or deleted, and at login once the set has grown past
 * {@value #PRUNE_THRESHOLD} members. An ID whose session is absent is pruned only once it has been
 * indexed for {@link #PRUNE_GRACE}: until then its session may still be being written, and pruning
 * it would hide a new login from a later "end all sessions". An ID whose value cannot be read is
 * kept, since a newer release may still read it.
 *
 * <p>Commands per operation: {@code find} is one GET, the only command of an authenticated request
 * between touches; {@code touch} one script that rewrites the 16 bytes of expiry and last-seen in
 * place (SETRANGE) and PEXPIREs the key, never rewriting the session; {@code save} one script for
 * the index and one for the compare-and-set, each atomic on the server; {@code delete} one GETDEL.
 *
 * <p>A value the codec cannot read is logged once and then treated as absent: it is never an error
 * the client sees, and it is left in Redis, where a newer node may still read it. Redis failures
 * (refused connection, timeout) throw {@link SessionStoreException}. Thread-safe: Lettuce's
 * connection is, and the store keeps no other mutable state than counters.
 */
final class RedisSessionStore implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);

    static final int PRUNE_THRESHOLD = 32;

    /** How long an index entry is kept while its session is absent: far longer than a save takes. */
    static final Duration PRUNE_GRACE = Duration.ofMinutes(1);

    /** KEYS[1] session; ARGV expected version (8 bytes), now (ms), value, ttl (ms). 1 saved, 0 stale. */
    private static final RedisScript SAVE = new RedisScript("""
        local current = redis.call('GET', KEYS[1])
        local version = '\\0\\0\\0\\0\\0\\0\\0\\0'
        if current and #current >= 32 and struct.unpack('>i8', current) > tonumber(ARGV[2]) then
          version = string.sub(current, 17, 24)
        end
        if version ~= ARGV[1] then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
        return 1
        """);

    /** KEYS[1] session; ARGV now (ms), new expiresAt and lastSeenAt (16 bytes), ttl (ms). */
    private static final RedisScript TOUCH = new RedisScript("""
        local expires = redis.call('GETRANGE', KEYS[1], 0, 7)
        if #expires < 8 or struct.unpack('>i8', expires) <= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('SETRANGE', KEYS[1], 0, ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """);

    /** KEYS[1] session; ARGV user tag (8 bytes), now (ms). 1 when a live session of that user was deleted. */
    private static final RedisScript DELETE_IF_USER = new RedisScript("""
        local header = redis.call('GETRANGE', KEYS[1], 0, 31)
        if #header < 32 or string.sub(header, 25, 32) ~= ARGV[1] then
          return 0
        end
        redis.call('DEL', KEYS[1])
        if struct.unpack('>i8', header) > tonumber(ARGV[2]) then
          return 1
        end
        return 0
        """);

    /** KEYS[1] user index; ARGV session ID, ttl (ms), now (ms). Adds, keeps the longest TTL, returns the size. */
    private static final RedisScript INDEX = new RedisScript("""
        redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl == -1 or (ttl >= 0 and ttl < tonumber(ARGV[2])) then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return redis.call('ZCARD', KEYS[1])
        """);

    /**
     * KEYS[1] user index; ARGV predecessor ID, successor ID, ttl (ms), now (ms). When the predecessor
     * is indexed, puts the successor in its place (keeping the longest TTL) and returns 1; else 0.
     */
    private static final RedisScript SWAP = new RedisScript("""
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
          return 0
        end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl == -1 or (ttl >= 0 and ttl < tonumber(ARGV[3])) then
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        return 1
        """);

    /** KEYS[1] user index. Takes it whole: returns every member and deletes the index. */
    private static final RedisScript TAKE = new RedisScript("""
        local members = redis.call('ZRANGE', KEYS[1], 0, -1)
        redis.call('DEL', KEYS[1])
        return members
        """);

    private final RedisClusterCommands<byte[], byte[]> redis;
    private final AutoCloseable connection;
    private final String prefix;
    private final SessionCodec codec;
    private final Clock clock;
    private final EventBus events;
    private final ChangeNotices notices;
    private final RedisOneTimeTokens tokens;
    private final RedisFailureCounts counts;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean unreadableLogged = new AtomicBoolean();
    private final LongAdder unreadable = new LongAdder();

    /**
     * @param redis      commands on the store's one shared connection
     * @param connection closed (with the client it came from) by {@link #close()}
     * @param events     what happens to the connection, as the client reports it
     * @param notices    change notices over the same Redis, or null
     */
    RedisSessionStore(RedisClusterCommands<byte[], byte[]> redis, AutoCloseable connection, String prefix,
                      SessionCodec codec, Clock clock, EventBus events, ChangeNotices notices) {
        this.redis = redis;
        this.notices = notices;
        this.connection = connection;
        this.prefix = prefix;
        this.codec = codec;
        this.clock = clock;
        this.events = events;
        this.tokens = new RedisOneTimeTokens(redis, prefix, clock);
        this.counts = new RedisFailureCounts(redis, prefix, clock);
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return read(id).session();
    }

    /**
     * One-time tokens and failure counts in the same Redis, shared by every node, and
     * {@link ChangeNotices} over pub/sub on it.
     */
    @Override
    public <T> Optional<T> ability(Class<T> type) {
        if (type == ChangeNotices.class && notices != null) {
            return Optional.of(type.cast(notices));
        }
        if (type == OneTimeTokens.class) {
            return Optional.of(type.cast(tokens));
        }
        if (type == FailureCounts.class) {
            return Optional.of(type.cast(counts));
        }
        return SessionStore.super.ability(type);
    }

    /** What one GET of a session read: the session, and its idle expiry (epoch ms; 0 when absent). */
    record Read(Optional<Session> session, long expiresAt) {

        static final Read ABSENT = new Read(Optional.empty(), 0);
    }

    /** {@link #find}, with the idle expiry the stored header holds, for a cache to keep. */
    Read read(SessionId id) {
        return read(id, redis);
    }

    /** {@link #read} on the given commands: one node's connection, in a cluster. */
    Read read(SessionId id, RedisClusterCommands<byte[], byte[]> via) {
        byte[] value = call(() -> via.get(sessionKey(id)));
        if (value == null || !StoredSession.isLive(value, clock.instant())) {
            return Read.ABSENT;
        }
        Optional<Session> session = decode(id, value);
        return session.isEmpty() ? Read.ABSENT : new Read(session, StoredSession.expiresAt(value));
    }

    @Override
    public Session save(Session session, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        Session stored = session.withVersion(session.version() + 1);
        Duration indexTtl = Duration.between(now, session.absoluteExpiresAt());
        long members = call(() -> INDEX.run(redis, indexKey(session.userKey()), ascii(session.id().value()),
            millis(indexTtl.compareTo(ttl) > 0 ? indexTtl : ttl), millis(now)));
        byte[] value = StoredSession.encode(stored, now.plus(ttl), codec);
        long saved = call(() -> SAVE.run(redis, sessionKey(session.id()),
            StoredSession.bytes(session.version()), millis(now), value, millis(ttl)));
        if (saved == 0) {
            throw new StaleSessionException("session was changed, deleted or expired since it was read");
        }
        if (session.version() == 0 && members > PRUNE_THRESHOLD) {
            findByUser(session.userKey());
        }
        return stored;
    }

    @Override
    public boolean touch(SessionId id, Instant lastSeenAt, Duration ttl) {
        requirePositive(ttl);
        Instant now = clock.instant();
        return call(() -> TOUCH.run(redis, sessionKey(id), millis(now),
            StoredSession.touchedHeader(now.plus(ttl), lastSeenAt), millis(ttl))) == 1;
    }

    /**
     * Three steps, each atomic on the server, in an order that leaves no window: the successor is
     * written (not yet indexed, so nobody can find it); it takes the predecessor's place in the
     * user's index, only if the predecessor is still there; the predecessor is deleted, and must
     * have been live. {@link #deleteByUser} takes the index whole in one script: before the swap,
     * it takes the predecessor and the swap fails; after it, it takes the successor, already
     * written, and deletes it. A failed step deletes the successor again.
     */
    @Override
    public Optional<Session> replace(SessionId predecessor, Session successor, Duration ttl) {
        SessionStore.requireSuccessor(predecessor, successor, ttl);
        Instant now = clock.instant();
        Session stored = successor.withVersion(1);
        byte[] value = StoredSession.encode(stored, now.plus(ttl), codec);
        if (call(() -> SAVE.run(redis, sessionKey(successor.id()), StoredSession.bytes(0), millis(now), value,
            millis(ttl))) == 0) {
            throw new StaleSessionException("a new session's ID is taken");
        }
        boolean replaced = false;
        try {
            Duration indexTtl = Duration.between(now, successor.absoluteExpiresAt());
            replaced = call(() -> SWAP.run(redis, indexKey(successor.userKey()), ascii(predecessor.value()),
                ascii(successor.id().value()), millis(indexTtl.compareTo(ttl) > 0 ? indexTtl : ttl), millis(now))) == 1
                && delete(predecessor);
        } finally {
            if (!replaced) {
                discard(successor);
            }
        }
        return replaced ? Optional.of(stored) : Optional.empty();
    }

    /**
     * Deletes a successor that did not take its predecessor's place. If Redis cannot be reached for
     * that either, the key stays until its TTL: no cookie ever named it, and no index holds it.
     */
    private void discard(Session successor) {
        try {
            redis.del(sessionKey(successor.id()));
        } catch (RedisException e) {
            LOG.debug("A rotation's unused successor could not be deleted; it expires with its TTL", e);
        }
    }

    @Override
    public boolean delete(SessionId id) {
        byte[] value = call(() -> redis.getdel(sessionKey(id)));
        return value != null && StoredSession.isLive(value, clock.instant());
    }

    @Override
    public List<Session> findByUser(String userKey) {
        byte[] indexKey = indexKey(userKey);
        List<ScoredValue<byte[]>> members = call(() -> redis.zrangeWithScores(indexKey, 0, -1));
        if (members.isEmpty()) {
            return List.of();
        }
        byte[][] keys = members.stream().map(member -> sessionKey(member.getValue())).toArray(byte[][]::new);
        List<KeyValue<byte[], byte[]>> values = call(() -> redis.mget(keys));
        Instant now = clock.instant();
        long settled = now.minus(PRUNE_GRACE).toEpochMilli();
        List<Session> live = new ArrayList<>(members.size());
        List<byte[]> stale = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            byte[] member = members.get(i).getValue();
            byte[] value = values.get(i).getValueOrElse(null);
            Optional<SessionId> id = SessionId.parse(new String(member, StandardCharsets.US_ASCII));
            if (id.isEmpty()) {
                stale.add(member);
            } else if (value == null || !StoredSession.isLive(value, now)) {
                if (members.get(i).getScore() < settled) {
                    stale.add(member);
                }
            } else {
                decode(id.get(), value).ifPresent(session -> {
                    if (session.userKey().equals(userKey)) {
                        live.add(session);
                    } else {
                        stale.add(member);
                    }
                });
            }
        }
        if (!stale.isEmpty()) {
            call(() -> redis.zrem(indexKey, stale.toArray(byte[][]::new)));
        }
        return live;
    }

    @Override
    public int deleteByUser(String userKey) {
        return deleteByUser(userKey, id -> { });
    }

    /** {@link #deleteByUser}, telling {@code deleting} each session ID it may delete, once it is asked to. */
    int deleteByUser(String userKey, java.util.function.Consumer<String> deleting) {
        List<Object> members = call(() -> TAKE.runList(redis, indexKey(userKey)));
        byte[] user = RedisUserKeys.tag(userKey);
        byte[] now = millis(clock.instant());
        int deleted = 0;
        for (Object taken : members) {
            byte[] member = (byte[]) taken;
            try {
                deleted += call(() -> DELETE_IF_USER.run(redis, sessionKey(member), user, now)).intValue();
            } finally {
                deleting.accept(new String(member, StandardCharsets.US_ASCII));
            }
        }
        return deleted;
    }

    /** One key per claim, {@code <prefix>t:<token>}, holding its expiry; one script, one round trip. */
    /**
     * One hash per key, {@code <prefix>{f}:<SHA-256 of the key>}: no caller's text in a key name.
     * The hash tag puts every count in one slot, so that an attempt's keys (its account's, its
     * client's) are checked and counted by one script, atomically and in one round trip, on
     * Cluster too. Counts are few and small next to sessions, which spread over every slot.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                connection.close();
            } catch (Exception e) {
                LOG.warn("Closing the Redis connection failed: {}", e.toString());
            }
        }
    }

    /** Answers PING; for the health check's detail. */
    String ping() {
        return call(redis::ping);
    }

    /** The client's connection events (connected, disconnected, reconnect attempts), from now on. */
    Flux<Event> events() {
        return events.get();
    }

    /** How many stored values could not be read since start. */
    long unreadable() {
        return unreadable.sum();
    }

    /** Its gauges: {@code sessionauth.store.redis.unreadable}. */
    void registerMetrics(MetricRegistry metrics) {
        metrics.registerGauge("sessionauth.store.redis.unreadable", this::unreadable);
    }

    private Optional<Session> decode(SessionId id, byte[] value) {
        try {
            return Optional.of(StoredSession.decode(id, value, codec));
        } catch (UnreadableSessionException e) {
            unreadable.increment();
            if (unreadableLogged.compareAndSet(false, true)) {
                LOG.warn("A stored session could not be read ({}); it is treated as absent. Further "
                    + "unreadable sessions are counted in the unreadable metric, not logged.", e.getMessage());
            }
            return Optional.empty();
        }
    }

    byte[] sessionKey(SessionId id) {
        return ascii(prefix + id.value());
    }

    private byte[] sessionKey(byte[] member) {
        byte[] prefixBytes = ascii(prefix);
        byte[] key = new byte[prefixBytes.length + member.length];
        System.arraycopy(prefixBytes, 0, key, 0, prefixBytes.length);
        System.arraycopy(member, 0, key, prefixBytes.length, member.length);
        return key;
    }

    private byte[] indexKey(String userKey) {
        return RedisUserKeys.indexKey(prefix, userKey);
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }

}
