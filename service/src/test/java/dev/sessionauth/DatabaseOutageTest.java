package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A user database that cannot be reached answers 503, like a failed store: never 500, never a pass. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DatabaseOutageTest {

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = new DropwizardAppExtension<>(
        TestApp.support(new MutableClock(), "no-demo-users.yml",
            "jdbc:postgresql://127.0.0.1:1/unreachable?connectTimeout=1",
            ConfigOverride.config("database.driverClass", "org.postgresql.Driver")));

    @Test
    void loginAnswers503() {
        Reply reply = new Http(APP.getLocalPort()).loginReply("ada", "correct-horse");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).isEqualTo("{\"code\":503,\"message\":\"User database unavailable\"}");
    }

    @Test
    void theDatabaseHealthCheckIsUnhealthy() {
        assertThat(APP.getEnvironment().healthChecks().runHealthCheck("database").isHealthy()).isFalse();
    }
}
