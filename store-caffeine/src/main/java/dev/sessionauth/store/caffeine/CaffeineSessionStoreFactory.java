package dev.sessionauth.store.caffeine;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code sessions.store.type: caffeine}: sessions in this process's heap, bounded in number. For
 * one node: sessions are lost on restart and not shared between nodes.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code maximumSize}</td><td>100000</td>
 *       <td>How many sessions are held at most. Beyond it, the sessions least likely to be used
 *       again are evicted (those users must log in again) and the
 *       {@code sessionauth.store.caffeine.size-evictions} gauge counts them.</td></tr>
 * </table>
 *
 * <p>Metrics, under {@code sessionauth.store.caffeine}: {@code size}, {@code hit-rate},
 * {@code hits}, {@code misses}, {@code evictions} (expired or evicted for size) and
 * {@code size-evictions}.
 */
@JsonTypeName("caffeine")
public class CaffeineSessionStoreFactory implements SessionStoreFactory {

    private static final String METRICS = "sessionauth.store.caffeine";

    @Min(1)
    private long maximumSize = 100_000;

    @JsonProperty
    public long getMaximumSize() {
        return maximumSize;
    }

    @JsonProperty
    public void setMaximumSize(long maximumSize) {
        this.maximumSize = maximumSize;
    }

    @Override
    public SessionStore build(MetricRegistry metrics, Clock clock) {
        CaffeineSessionStore store = new CaffeineSessionStore(clock, maximumSize, ForkJoinPool.commonPool());
        metrics.registerGauge(MetricRegistry.name(METRICS, "size"), store::estimatedSize);
        metrics.registerGauge(MetricRegistry.name(METRICS, "hit-rate"), () -> store.stats().hitRate());
        metrics.registerGauge(MetricRegistry.name(METRICS, "hits"), () -> store.stats().hitCount());
        metrics.registerGauge(MetricRegistry.name(METRICS, "misses"), () -> store.stats().missCount());
        metrics.registerGauge(MetricRegistry.name(METRICS, "evictions"), () -> store.stats().evictionCount());
        metrics.registerGauge(MetricRegistry.name(METRICS, "size-evictions"), store::sizeEvictions);
        return store;
    }
}
