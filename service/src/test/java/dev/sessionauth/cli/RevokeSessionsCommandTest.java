package dev.sessionauth.cli;

import com.codahale.metrics.MetricRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.Session;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.SessionStoreFactory;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.CliRun;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.bundle.SessionEvent;
import dev.sessionauth.bundle.SessionListener;
import dev.sessionauth.users.UserDao;
import dev.sessionauth.users.UserDatabase;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revoke-sessions}: an operator ends a user's sessions in the shared store from a shell. */
class RevokeSessionsCommandTest {

    @AutoClose
    private static final EmbeddedRedis redis = EmbeddedRedis.start();

    @TempDir
    Path dir;

    private String url;
    private long userId;

    @BeforeEach
    void createUser() {
        url = "jdbc:h2:" + dir.resolve("users").toAbsolutePath();
        DataSourceFactory database = new DataSourceFactory();
        database.setDriverClass("org.h2.Driver");
        database.setUrl(url);
        database.setUser("sa");
        database.setPassword("");
        UserDatabase.migrate(database, new com.codahale.metrics.MetricRegistry());
        userId = Jdbi.create(url, "sa", "").installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class)
            .insert("margaret", new PasswordHasher().hash("apollo-1969"), "user", false, Instant.now());
    }

    @Test
    void endsEverySessionOfTheUserInTheSharedStore() throws Exception {
        try (SessionStore store = redisStore()) {
            save(store, userId);
            save(store, userId);
            Session other = save(store, userId + 1);

            CliRun run = revoke(config("{ type: redis, uri: \"" + redis.uri() + "\" }"), "margaret");

            assertThat(run.failure()).isEmpty();
            assertThat(store.findByUser(Long.toString(userId))).isEmpty();
            assertThat(store.find(other.id())).as("another user's session").isPresent();
        }
    }

    /** An application that audits sessions elsewhere hears the command's revocations too. */
    @Test
    void theApplicationsSessionListenerHearsEverySessionEnded() throws Exception {
        try (SessionStore store = redisStore()) {
            save(store, userId);
            save(store, userId);
            List<SessionEvent> heard = new CopyOnWriteArrayList<>();
            SessionAuthApplication auditing = new SessionAuthApplication() {
                @Override
                protected SessionListener sessionListener() {
                    return heard::add;
                }
            };

            CliRun run = revoke(auditing, config("{ type: redis, uri: \"" + redis.uri() + "\" }"), "margaret");

            assertThat(run.failure()).isEmpty();
            assertThat(heard).hasSize(2).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo(SessionEvent.Type.ENDED);
                assertThat(event.userKey()).isEqualTo(Long.toString(userId));
            });
        }
    }

    @Test
    void takesTheUserIdToo() throws Exception {
        try (SessionStore store = redisStore()) {
            save(store, userId);

            CliRun run = revoke(config("{ type: redis, uri: \"" + redis.uri() + "\" }"), Long.toString(userId));

            assertThat(run.failure()).isEmpty();
            assertThat(store.findByUser(Long.toString(userId))).isEmpty();
        }
    }

    @Test
    void refusesAnInProcessStoreInOneLinePointingToTheAdminTask() throws Exception {
        CliRun run = revoke(config("{ type: memory }"), "margaret");

        assertThat(run.failure()).isPresent();
        assertThat(run.stderr().strip()).doesNotContain("\n")
            .isEqualTo("revoke-sessions: sessions.store.type memory keeps sessions inside the server process; "
                + "use POST /tasks/revoke-sessions?user=... on its admin port");
    }

    @Test
    void anUnknownUserIsOneLine() throws Exception {
        CliRun run = revoke(config("{ type: redis, uri: \"" + redis.uri() + "\" }"), "nobody");

        assertThat(run.failure()).isPresent();
        assertThat(run.stderr().strip()).isEqualTo("revoke-sessions: no user 'nobody'");
    }

    private Path config(String store) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
            sessions:
              secrets: [ "a-valid-secret-of-at-least-32-characters" ]
              store: %s
            database:
              driverClass: org.h2.Driver
              url: %s
              user: sa
              password: ""
            """.formatted(store, url));
        return config;
    }

    private static SessionStore redisStore() throws Exception {
        SessionStoreFactory factory = Jackson.newObjectMapper()
            .readValue("{\"type\":\"redis\",\"uri\":\"" + redis.uri() + "\"}", SessionStoreFactory.class);
        return factory.build(new MetricRegistry(), new MutableClock(Instant.now()));
    }

    private static Session save(SessionStore store, long user) {
        Instant now = Instant.now();
        return store.save(Session.create(SessionId.generate(), Long.toString(user), now, now.plusSeconds(3600)), Duration.ofMinutes(30));
    }

    private static CliRun revoke(Path config, String user) {
        return revoke(new SessionAuthApplication(), config, user);
    }

    private static CliRun revoke(SessionAuthApplication app, Path config, String user) {
        Bootstrap<SessionAuthConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return CliRun.run(bootstrap, "revoke-sessions", config.toString(), "--user", user);
    }
}
