package dev.sessionauth.store.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nearCache} block of the redis store: sessions kept in each node, coherent through
 * Redis's client-side caching ({@link NearCache}, {@link RedisTracking}). Absent, there is none.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code maximumSize}</td><td>100000</td><td>The most sessions kept per node.</td></tr>
 *   <tr><td>{@code maxAge}</td><td>10m</td><td>The longest a session is kept without being read
 *       again from Redis, whatever Redis says (by the service's clock); a bound behind the invalidations, not instead of
 *       them.</td></tr>
 *   <tr><td>{@code heartbeat}</td><td>1s</td><td>How often the connection is pinged. Hits are
 *       served only while a ping sent within the last two heartbeats was answered, checked every
 *       quarter heartbeat, so a node cut off from Redis without noticing stops serving its copies
 *       within 2.25 heartbeats; a revocation that a node does not confirm waits three.</td></tr>
 * </table>
 */
public class NearCacheFactory {

    @Min(1)
    @Max(100_000_000)
    private long maximumSize = 100_000;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.DAYS)
    private Duration maxAge = Duration.minutes(10);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration heartbeat = Duration.seconds(1);

    @JsonProperty
    public long getMaximumSize() {
        return maximumSize;
    }

    @JsonProperty
    public void setMaximumSize(long maximumSize) {
        this.maximumSize = maximumSize;
    }

    @JsonProperty
    public Duration getMaxAge() {
        return maxAge;
    }

    @JsonProperty
    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @JsonProperty
    public Duration getHeartbeat() {
        return heartbeat;
    }

    @JsonProperty
    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    NearCache build(Clock clock) {
        return new NearCache(maximumSize, maxAge.toJavaDuration(), heartbeat.toJavaDuration().multipliedBy(2),
            System::nanoTime, clock);
    }
}
