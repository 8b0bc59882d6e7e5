package dev.sessionauth.bundle.example;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionauth.bundle.LoginsFactory;
import dev.sessionauth.bundle.SessionsFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

public class ExampleConfiguration extends Configuration {

    @Valid
    @NotNull
    private SessionsFactory sessions;

    @Valid
    @NotNull
    private LoginsFactory logins = new LoginsFactory();

    @JsonProperty
    public SessionsFactory getSessions() {
        return sessions;
    }

    @JsonProperty
    public void setSessions(SessionsFactory sessions) {
        this.sessions = sessions;
    }

    @JsonProperty
    public LoginsFactory getLogins() {
        return logins;
    }

    @JsonProperty
    public void setLogins(LoginsFactory logins) {
        this.logins = logins;
    }
}
