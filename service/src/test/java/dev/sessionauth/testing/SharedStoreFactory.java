package dev.sessionauth.testing;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import io.dropwizard.core.setup.Environment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code type: shared}: every application in this JVM configured with the same {@code name} gets the
 * same store instance, built once from {@code delegate}: two nodes sharing one store.
 */
@JsonTypeName("shared")
public class SharedStoreFactory implements SessionStoreFactory {

    private static final Map<String, SessionStore> STORES = new ConcurrentHashMap<>();

    @NotEmpty
    private String name;

    @Valid
    @NotNull
    private SessionStoreFactory delegate;

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public SessionStoreFactory getDelegate() {
        return delegate;
    }

    @JsonProperty
    public void setDelegate(SessionStoreFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public SessionStore build(Environment environment, Clock clock) {
        return STORES.computeIfAbsent(name, n -> delegate.build(new Environment("shared-" + n), clock));
    }
}
