package dev.sessionauth.benchmarks;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import dev.sessionauth.store.redis.EmbeddedRedis;
import io.dropwizard.jackson.Jackson;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A session store opened the way the service opens one, from its configuration ({@code type} and
 * options, through the same Jackson subtype lookup), plus the Redis it needs: the server
 * {@code REDIS_URL} names (under a key prefix of this process's own, deleted on close), or else an
 * embedded {@code redis-server} the benchmark starts and stops.
 */
public final class BenchStore implements AutoCloseable {

    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final int FILL_THREADS = 32;

    private final SessionStore store;
    private final EmbeddedRedis embedded;
    private final String redisUri;
    private final String prefix;

    private BenchStore(SessionStore store, EmbeddedRedis embedded, String redisUri, String prefix) {
        this.store = store;
        this.embedded = embedded;
        this.redisUri = redisUri;
        this.prefix = prefix;
    }

    /**
     * Opens a store of {@code type} ({@code memory}, {@code caffeine}, {@code redis}, or
     * {@code redis-near}: redis with a near cache as large as caffeine's) that can hold
     * {@code capacity} sessions.
     */
    public static BenchStore open(String type, int capacity, Clock clock) {
        EmbeddedRedis embedded = null;
        String uri = null;
        String prefix = null;
        Map<String, Object> config = switch (type) {
            case "memory" -> Map.of("type", "memory");
            case "caffeine" -> Map.of("type", "caffeine", "maximumSize", Math.max(capacity * 2L, 1000));
            case "redis", "redis-near" -> {
                uri = System.getenv("REDIS_URL");
                if (uri == null || uri.isBlank()) {
                    embedded = EmbeddedRedis.start();
                    uri = embedded.uri();
                }
                // Short, like a production prefix ("sess:"), yet this process's own.
                prefix = "b" + Long.toString(ProcessHandle.current().pid(), 36) + ":";
                yield type.equals("redis") ? Map.of("type", "redis", "uri", uri, "prefix", prefix)
                    : Map.of("type", "redis", "uri", uri, "prefix", prefix,
                        "nearCache", Map.of("maximumSize", Math.max(capacity * 2L, 1000)));
            }
            default -> throw new IllegalArgumentException("unknown store type " + type);
        };
        SessionStoreFactory factory = MAPPER.convertValue(config, SessionStoreFactory.class);
        return new BenchStore(factory.build(new MetricRegistry(), clock), embedded, uri, prefix);
    }

    public SessionStore store() {
        return store;
    }

    /** The Redis URI, for a raw client beside the store; null for the in-process stores. */
    public String redisUri() {
        return redisUri;
    }

    /** The key prefix on Redis; null for the in-process stores. */
    public String prefix() {
        return prefix;
    }

    /**
     * Saves one {@linkplain Fixtures#session typical session} per ID, {@link Fixtures#SESSIONS_PER_USER}
     * per user, on many threads (a shared Redis connection pipelines their commands).
     */
    public void fill(SessionId[] ids, Instant now) {
        ExecutorService pool = Executors.newFixedThreadPool(FILL_THREADS);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int chunk = Math.max(1, ids.length / FILL_THREADS + 1);
            for (int start = 0; start < ids.length; start += chunk) {
                int from = start;
                int to = Math.min(ids.length, start + chunk);
                parts.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        store.save(Fixtures.session(ids[i], 1 + i / Fixtures.SESSIONS_PER_USER, now),
                            Fixtures.IDLE_TIMEOUT);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("filling the " + ids.length + " sessions failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (embedded != null) {
                embedded.close();
            } else if (prefix != null) {
                deleteKeys(redisUri, prefix);
            }
        }
    }

    /** Deletes every key under {@code prefix}, so a shared Redis is left as found. */
    static void deleteKeys(String uri, String prefix) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
