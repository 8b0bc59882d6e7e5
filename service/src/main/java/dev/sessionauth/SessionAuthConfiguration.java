package dev.sessionauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sessionauth.bundle.LoginsFactory;
import dev.sessionauth.bundle.SessionsFactory;
import dev.sessionauth.forward.ForwardAuthFactory;
import dev.sessionauth.users.DemoUserFactory;
import dev.sessionauth.users.UsersFactory;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's YAML configuration: Dropwizard's own blocks plus those below.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>Name</th><th>Default</th><th>Description</th></tr>
 *   <tr><td>{@code sessions}</td><td>(required)</td><td>See {@link SessionsFactory}.</td></tr>
 *   <tr><td>{@code database}</td><td>(required)</td><td>The user database, a Dropwizard
 *       {@link DataSourceFactory}.</td></tr>
 *   <tr><td>{@code migrateOnStart}</td><td>false</td><td>Apply schema migrations at startup (the
 *       embedded default); otherwise run {@code db migrate} before starting.</td></tr>
 *   <tr><td>{@code demoUsers}</td><td>none</td><td>Users to create at startup if missing;
 *       development only.</td></tr>
 *   <tr><td>{@code logins}</td><td>see there</td><td>Bounds on password hashing; see
 *       {@link LoginsFactory}.</td></tr>
 *   <tr><td>{@code maxRequestBody}</td><td>16 KiB</td><td>The largest request body the service
 *       reads (sign-in and account forms, JSON); a larger one answers 413 JSON before more is read,
 *       whether its length is declared or chunked. Every body it takes is a few hundred
 *       bytes.</td></tr>
 *   <tr><td>{@code forwardAuth}</td><td>none (off)</td><td>{@code /auth/verify} for reverse
 *       proxies in front of other applications; see {@link ForwardAuthFactory}.</td></tr>
 * </table>
 */
public class SessionAuthConfiguration extends Configuration {

    @Valid
    @NotNull
    private SessionsFactory sessions;

    @Valid
    @NotNull
    private DataSourceFactory database = new DataSourceFactory();

    private boolean migrateOnStart;

    @Valid
    @NotNull
    private List<DemoUserFactory> demoUsers = new ArrayList<>();

    @Valid
    @NotNull
    private LoginsFactory logins = new LoginsFactory();

    @Valid
    private ForwardAuthFactory forwardAuth;

    @Valid
    @NotNull
    private UsersFactory users = new UsersFactory();

    @NotNull
    @MinDataSize(value = 1, unit = DataSizeUnit.KIBIBYTES)
    @MaxDataSize(value = 1, unit = DataSizeUnit.MEBIBYTES)
    private DataSize maxRequestBody = DataSize.kibibytes(16);

    @JsonProperty
    public DataSize getMaxRequestBody() {
        return maxRequestBody;
    }

    @JsonProperty
    public void setMaxRequestBody(DataSize maxRequestBody) {
        this.maxRequestBody = maxRequestBody;
    }

    @JsonProperty
    public UsersFactory getUsers() {
        return users;
    }

    @JsonProperty
    public void setUsers(UsersFactory users) {
        this.users = users;
    }

    @JsonProperty
    public SessionsFactory getSessions() {
        return sessions;
    }

    @JsonProperty
    public void setSessions(SessionsFactory sessions) {
        this.sessions = sessions;
    }

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    @JsonProperty
    public boolean isMigrateOnStart() {
        return migrateOnStart;
    }

    @JsonProperty
    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    @JsonProperty
    public List<DemoUserFactory> getDemoUsers() {
        return demoUsers;
    }

    @JsonProperty
    public void setDemoUsers(List<DemoUserFactory> demoUsers) {
        this.demoUsers = demoUsers;
    }

    /** The forward-authentication block; null when forward authentication is off. */
    @JsonProperty
    public ForwardAuthFactory getForwardAuth() {
        return forwardAuth;
    }

    @JsonProperty
    public void setForwardAuth(ForwardAuthFactory forwardAuth) {
        this.forwardAuth = forwardAuth;
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
