package dev.sessionauth.store.redis;

import dev.sessionauth.store.ChangeNotices;
import dev.sessionauth.store.FailureCounts;
import dev.sessionauth.store.OneTimeTokens;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionCodec;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreException;
import dev.sessionauth.store.StaleSessionException;
import dev.sessionauth.store.UnreadableSessionException;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import reactor.core.publisher.Flux;
import org.slf4j.LoggerFactory;

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
final class RedisSessionStore implements SessionStore, OneTimeTokens, FailureCounts {

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

    /**
     * KEYS[1] token; ARGV now (ms), expiry (ms), ttl (ms). 1 when claimed now, 0 when a live claim
     * exists. Expiry is by the service's clock, as for sessions; Redis's TTL reclaims the key.
     */
    private static final RedisScript CLAIM = new RedisScript("""
        local expires = redis.call('GET', KEYS[1])
        if expires and tonumber(expires) > tonumber(ARGV[1]) then
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
        """);

    /**
     * KEYS the failure counts of one attempt; ARGV now, first delay, longest delay, forget after,
     * in-flight limit (all ms), then each key's threshold. {0, wait (ms)} when a key's failures hold
     * it back, {2, retry (ms)} when attempts in flight fill a key's budget, counting nothing in
     * either case; else {1, each key's count with this attempt}. A count is a hash: {@code c} the
     * failures in a row, in flight ones included, {@code l} the last one, {@code x} when it is
     * forgotten, {@code p} how many are in flight and {@code q} when the latest was admitted (in
     * flight ones count as failures once {@code q} is the in-flight limit old), by the service's
     * clock as for sessions; Redis's TTL only reclaims the key. The delay is the one
     * {@link FailureCounts.Backoff#delayMillis} computes, from the failures that have landed.
     */
    private static final RedisScript ATTEMPT = new RedisScript("""
        local now = tonumber(ARGV[1])
        local first, longest = tonumber(ARGV[2]), tonumber(ARGV[3])
        local limit = tonumber(ARGV[5])
        local counts, flying = {}, {}
        local held, crowded = 0, false
        for i, key in ipairs(KEYS) do
          local entry = redis.call('HMGET', key, 'c', 'l', 'x', 'p', 'q')
          local count = tonumber(entry[1] or '0')
          local inflight = tonumber(entry[4] or '0')
          if tonumber(entry[3] or '0') <= now then
            count, inflight = 0, 0
          end
          if now - tonumber(entry[5] or '0') >= limit then
            inflight = 0
          end
          local threshold = tonumber(ARGV[5 + i])
          local failures = count - inflight
          if failures >= threshold then
            local delay = math.min(first * 2 ^ (failures - threshold), longest)
            held = math.max(held, tonumber(entry[2] or '0') + delay)
          elseif count >= threshold then
            crowded = true
          end
          counts[i] = count + 1
          flying[i] = inflight + 1
        end
        if held > now then
          return {0, held - now}
        end
        if crowded then
          return {2, 20}
        end
        local forget = string.format('%d', now + tonumber(ARGV[4]))
        for i, key in ipairs(KEYS) do
          redis.call('HSET', key, 'c', counts[i], 'l', ARGV[1], 'x', forget, 'p', flying[i], 'q', ARGV[1])
          redis.call('PEXPIRE', key, ARGV[4])
        end
        table.insert(counts, 1, 1)
        return counts
        """);

    /** KEYS failure counts whose attempt failed; ARGV now, in-flight limit (ms). Each has one fewer in flight. */
    private static final RedisScript FAILED = new RedisScript("""
        for i, key in ipairs(KEYS) do
          local entry = redis.call('HMGET', key, 'p', 'q')
          local inflight = tonumber(entry[1] or '0')
          if inflight > 0 and tonumber(ARGV[1]) - tonumber(entry[2] or '0') < tonumber(ARGV[2]) then
            redis.call('HSET', key, 'p', inflight - 1)
          end
        end
        return {}
        """);

    /**
     * KEYS failure counts, the first ARGV[1] of them forgotten, the others each one failure and one
     * attempt in flight less.
     */
    private static final RedisScript SUCCEEDED = new RedisScript("""
        local cleared = tonumber(ARGV[1])
        for i, key in ipairs(KEYS) do
          if i <= cleared or tonumber(redis.call('HGET', key, 'c') or '0') <= 1 then
            redis.call('DEL', key)
          else
            redis.call('HINCRBY', key, 'c', -1)
            if tonumber(redis.call('HGET', key, 'p') or '0') > 0 then
              redis.call('HINCRBY', key, 'p', -1)
            end
          end
        end
        return {}
        """);

    private final RedisClusterCommands<byte[], byte[]> redis;
    private final AutoCloseable connection;
    private final String prefix;
    private final SessionCodec codec;
    private final Clock clock;
    private final EventBus events;
    private final ChangeNotices notices;
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
    }

    @Override
    public Optional<Session> find(SessionId id) {
        return read(id).session();
    }

    /** Its own abilities, and {@link ChangeNotices} over pub/sub on the same Redis. */
    @Override
    public <T> Optional<T> ability(Class<T> type) {
        if (type == ChangeNotices.class && notices != null) {
            return Optional.of(type.cast(notices));
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
    @Override
    public boolean claim(String token, Duration ttl) {
        OneTimeTokens.requireValid(token, ttl);
        Instant now = clock.instant();
        return call(() -> CLAIM.run(redis, ascii(prefix + "t:" + token), millis(now), millis(now.plus(ttl)),
            millis(ttl))) == 1;
    }

    /**
     * One hash per key, {@code <prefix>{f}:<SHA-256 of the key>}: no caller's text in a key name.
     * The hash tag puts every count in one slot, so that an attempt's keys (its account's, its
     * client's) are checked and counted by one script, atomically and in one round trip, on
     * Cluster too. Counts are few and small next to sessions, which spread over every slot.
     */
    @Override
    public Attempt attempt(List<Limit> limits, Backoff backoff, Instant now) {
        FailureCounts.requireValid(limits);
        byte[][] keys = limits.stream().map(limit -> failureKey(limit.key())).toArray(byte[][]::new);
        List<byte[]> args = new ArrayList<>(List.of(millis(now), millis(backoff.firstDelay()),
            millis(backoff.maxDelay()), millis(backoff.forgetAfter()), millis(IN_FLIGHT_LIMIT)));
        limits.forEach(limit -> args.add(ascii(Integer.toString(limit.threshold()))));
        List<Object> reply = call(() -> ATTEMPT.runList(redis, keys, args.toArray(byte[][]::new)));
        if ((Long) reply.get(0) == 0) {
            return new HeldBack(Duration.ofMillis((Long) reply.get(1)));
        }
        if ((Long) reply.get(0) == 2) {
            return new Pending(Duration.ofMillis((Long) reply.get(1)));
        }
        return new Admitted(reply.subList(1, reply.size()).stream().map(count -> ((Long) count).intValue()).toList());
    }

    @Override
    public void failed(List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        byte[][] failed = keys.stream().map(this::failureKey).toArray(byte[][]::new);
        call(() -> FAILED.runList(redis, failed, millis(clock.instant()), millis(IN_FLIGHT_LIMIT)));
    }

    @Override
    public void succeeded(List<String> cleared, List<String> others) {
        if (cleared.isEmpty() && others.isEmpty()) {
            return;
        }
        byte[][] keys = java.util.stream.Stream.concat(cleared.stream(), others.stream())
            .map(this::failureKey).toArray(byte[][]::new);
        call(() -> SUCCEEDED.runList(redis, keys, ascii(Integer.toString(cleared.size()))));
    }

    private byte[] failureKey(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8));
            return ascii(prefix + "{f}:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Closes the connection and shuts down the client that made it. Idempotent. */
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

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] millis(Instant instant) {
        return ascii(Long.toString(instant.toEpochMilli()));
    }

    private static byte[] millis(Duration duration) {
        return ascii(Long.toString(Math.max(1, duration.toMillis())));
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }

    private static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
    }
}
