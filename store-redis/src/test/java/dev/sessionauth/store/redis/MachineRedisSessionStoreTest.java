package dev.sessionauth.store.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on the Redis that {@code REDIS_URL} names: in CI, the machine's own server, which
 * is what production looks like. Keys use a test-only prefix and are deleted afterwards. Skipped
 * when {@code REDIS_URL} is unset, unless {@code SESSIONAUTH_REQUIRE_REDIS=true} (as {@code .ci/run}
 * sets it), in which case it fails instead.
 */
class MachineRedisSessionStoreTest extends RedisStoreContract {

    static final String PREFIX = "sessionauth-test:";

    private static String redisUrl;

    @BeforeAll
    static void requireRedisUrl() {
        redisUrl = System.getenv("REDIS_URL");
        boolean required = "true".equals(System.getenv("SESSIONAUTH_REQUIRE_REDIS"));
        if (required && (redisUrl == null || redisUrl.isBlank())) {
            throw new IllegalStateException("SESSIONAUTH_REQUIRE_REDIS=true but REDIS_URL is not set");
        }
        assumeTrue(redisUrl != null && !redisUrl.isBlank(),
            "REDIS_URL is not set; the machine-Redis run is skipped (.ci/run sets it)");
    }

    @AfterAll
    static void deleteTestKeys() {
        if (redisUrl == null || redisUrl.isBlank()) {
            return;
        }
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(PREFIX + "*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    protected RedisSessionStoreFactory factory() {
        RedisSessionStoreFactory factory = new RedisSessionStoreFactory();
        factory.setUri(redisUrl);
        factory.setPrefix(PREFIX);
        return factory;
    }
}
