package dev.sessionauth.store.memory;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sessions.store.type: memory}: sessions in this process's heap. Development only: they
 * are lost on restart, not shared between nodes and not bounded in number.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code sweepInterval}</td><td>1 minute</td>
 *       <td>How often expired sessions are removed from memory. Expired sessions are never
 *       returned, swept or not; this only bounds how long they take up memory.</td></tr>
 * </table>
 */
@JsonTypeName("memory")
public class MemorySessionStoreFactory implements SessionStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(MemorySessionStoreFactory.class);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration sweepInterval = Duration.minutes(1);

    @JsonProperty
    public Duration getSweepInterval() {
        return sweepInterval;
    }

    @JsonProperty
    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    @Override
    public SessionStore build(MetricRegistry metrics, Clock clock) {
        LOG.warn("Session store 'memory' is for development only: sessions are lost on restart, "
            + "not shared between nodes and unbounded; use 'caffeine' or 'redis' in production");
        return new MemorySessionStore(clock, sweepInterval.toJavaDuration());
    }
}
