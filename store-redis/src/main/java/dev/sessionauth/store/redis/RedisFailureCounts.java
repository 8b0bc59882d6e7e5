package dev.sessionauth.store.redis;

import static dev.sessionauth.store.redis.RedisCalls.ascii;
import static dev.sessionauth.store.redis.RedisCalls.call;
import static dev.sessionauth.store.redis.RedisCalls.millis;

import dev.sessionauth.store.ability.FailureCounts;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sign-in throttle's failure counts in Redis, shared by every node: each count is a hash under
 * {@code <prefix>{f}:<SHA-256 of its key>} (one hash slot, {@code {f}}, so that one attempt's keys
 * change together in one script, on a Cluster too), and every change is one script. Thread-safe.
 */
final class RedisFailureCounts implements FailureCounts {

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
    private final String prefix;
    private final Clock clock;

    RedisFailureCounts(RedisClusterCommands<byte[], byte[]> redis, String prefix, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.clock = clock;
    }

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
        byte[][] keys = Stream.concat(cleared.stream(), others.stream())
            .map(this::failureKey).toArray(byte[][]::new);
        call(() -> SUCCEEDED.runList(redis, keys, ascii(Integer.toString(cleared.size()))));
    }

    private byte[] failureKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8));
            return ascii(prefix + "{f}:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Closes the connection and shuts down the client that made it. Idempotent. */
}
