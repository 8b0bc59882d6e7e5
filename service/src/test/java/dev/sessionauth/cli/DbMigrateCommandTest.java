package dev.sessionauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.testing.CliRun;
import dev.sessionauth.users.UserDao;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db migrate}, the production way to create the schema (production.yml does not migrate on start). */
class DbMigrateCommandTest {

    @TempDir
    Path dir;

    @Test
    void createsTheUsersTableAndIsRepeatable() throws Exception {
        String url = "jdbc:h2:" + dir.resolve("users").toAbsolutePath();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
            sessions:
              secrets: [ "a-valid-secret-of-at-least-32-characters" ]
              store: { type: memory }
            database: { driverClass: org.h2.Driver, url: "%s", user: sa, password: "" }
            migrateOnStart: false
            """.formatted(url));

        CliRun first = migrate(config);
        CliRun second = migrate(config);

        assertThat(first.failure()).isEmpty();
        assertThat(second.failure()).isEmpty();
        UserDao users = Jdbi.create(url, "sa", "").installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
        long id = users.insert("ada", "hash", "", false, Instant.now());
        assertThat(users.findById(id)).isPresent();
    }

    private static CliRun migrate(Path config) {
        SessionAuthApplication app = new SessionAuthApplication();
        Bootstrap<SessionAuthConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        return CliRun.run(bootstrap, "db", "migrate", config.toString());
    }
}
