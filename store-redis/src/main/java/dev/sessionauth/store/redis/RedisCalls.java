package dev.sessionauth.store.redis;

import dev.sessionauth.store.SessionStoreException;
import io.lettuce.core.RedisException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** What every Redis-backed part of the store shares: the failure rule and the encoding of arguments. */
final class RedisCalls {

    private RedisCalls() {
    }

    /** Runs a command; a Redis failure becomes a {@link SessionStoreException} (503), never "absent". */
    static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            throw new SessionStoreException("Redis: " + e.getMessage(), e);
        }
    }

    static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** An instant as Redis's scripts compare it: epoch milliseconds, in decimal. */
    static byte[] millis(Instant instant) {
        return ascii(Long.toString(instant.toEpochMilli()));
    }

    /** A duration in milliseconds, at least 1: Redis refuses a TTL of 0. */
    static byte[] millis(Duration duration) {
        return ascii(Long.toString(Math.max(1, duration.toMillis())));
    }
}
