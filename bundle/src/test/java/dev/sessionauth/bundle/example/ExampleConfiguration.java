package dev.sessionauth.bundle.example;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionauth.bundle.SessionsFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class ExampleConfiguration extends Configuration {

    @Valid
    @NotNull
    private SessionsFactory sessions;

    @JsonProperty
    public SessionsFactory getSessions() {
        return sessions;
    }

    @JsonProperty
    public void setSessions(SessionsFactory sessions) {
        this.sessions = sessions;
    }
}
