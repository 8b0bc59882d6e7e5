package dev.sessionauth.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Discoverable;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;

/**
 * Configures and builds a {@link SessionStore}: the {@code sessions.store} block of the service's
 * YAML, chosen by its {@code type} property.
 *
 * <p>An implementation is a Jackson bean marked {@code @JsonTypeName("name")} and listed in
 * {@code META-INF/services/dev.sessionauth.store.SessionStoreFactory}; putting its module on the
 * classpath is all it takes to make the type available. Instances are configuration: mutable until
 * {@link #build} and not thread-safe.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface SessionStoreFactory extends Discoverable {

    /**
     * Builds the store, hands it to the environment's lifecycle (so it is closed at shutdown) and
     * registers a health check for it.
     *
     * @param clock the time source for expiry; stores that keep time on a server may ignore it
     * @throws SessionStoreException when the backend cannot be reached, so startup fails
     */
    SessionStore build(Environment environment, Clock clock);

    /**
     * Hands a built store to the environment, as every factory's {@link #build} must: closed when
     * the service stops, and checked by the {@code session-store} health check.
     *
     * @return {@code store}
     */
    static <S extends SessionStore> S manage(Environment environment, S store) {
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                store.close();
            }
        });
        environment.healthChecks().register("session-store", new SessionStoreHealthCheck(store));
        return store;
    }

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
