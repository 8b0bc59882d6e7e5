package dev.sessionauth.store.redis;

import static dev.sessionauth.store.redis.RedisCalls.ascii;
import static dev.sessionauth.store.redis.RedisCalls.call;
import static dev.sessionauth.store.redis.RedisCalls.millis;

import dev.sessionauth.store.ability.OneTimeTokens;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One-time tokens in Redis, shared by every node: a claim is one key, {@code <prefix>t:<token>},
 * holding its expiry, set by one script in one round trip. Thread-safe.
 */
final class RedisOneTimeTokens implements OneTimeTokens {

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

    private final RedisClusterCommands<byte[], byte[]> redis;
    private final String prefix;
    private final Clock clock;

    RedisOneTimeTokens(RedisClusterCommands<byte[], byte[]> redis, String prefix, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public boolean claim(String token, Duration ttl) {
        OneTimeTokens.requireValid(token, ttl);
        Instant now = clock.instant();
        return call(() -> CLAIM.run(redis, ascii(prefix + "t:" + token), millis(now), millis(now.plus(ttl)),
            millis(ttl))) == 1;
    }
}
