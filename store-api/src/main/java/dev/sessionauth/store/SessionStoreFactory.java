package dev.sessionauth.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.Discoverable;
import java.time.Clock;

/**
 * Configures and builds a {@link SessionStore}: the {@code sessions.store} block of the service's
 * YAML, chosen by its {@code type} property.
 *
 * <p>An implementation is a Jackson bean marked {@code @JsonTypeName("name")} and listed in
 * {@code META-INF/services/dev.sessionauth.store.SessionStoreFactory}; putting its module on the
 * classpath is all it takes to make the type available. Instances are configuration: mutable until
 * {@link #build} and not thread-safe. The stores they build are thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface SessionStoreFactory extends Discoverable {

    /**
     * Builds a bare store: connected and ready, but owned by the caller, who closes it. Nothing is
     * registered anywhere but the store's own gauges in {@code metrics}; whoever runs the store
     * (the bundle, a command, a benchmark) manages its lifecycle and health check, as Dropwizard's
     * {@code JdbiFactory} does for a {@code DataSourceFactory}.
     *
     * @param metrics where the store registers gauges of its own, if it has any
     * @param clock   the time source for expiry; stores that keep time on a server may ignore it
     * @throws SessionStoreException when the backend cannot be reached, so startup fails
     */
    SessionStore build(MetricRegistry metrics, Clock clock);

    /**
     * Whether the sessions live outside the service's process, where another process (another node,
     * an operator's command) can reach them. False for in-process stores.
     */
    @JsonIgnore
    default boolean isShared() {
        return false;
    }

    /** The {@code type} that selects this factory: its {@code @JsonTypeName}, for metric names and logs. */
    default String type() {
        JsonTypeName name = getClass().getAnnotation(JsonTypeName.class);
        return name == null ? getClass().getSimpleName() : name.value();
    }
}
