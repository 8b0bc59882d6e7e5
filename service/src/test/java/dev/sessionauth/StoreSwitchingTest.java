package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.DropwizardTestSupport;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator's promise: changing {@code sessions.store.type} and nothing else gives the same
 * service. The seed scenario and a logout run unchanged on each store, and each store's operations
 * are timed under its own name on the admin port.
 */
class StoreSwitchingTest {

    @AutoClose
    private static final EmbeddedRedis redis = EmbeddedRedis.start();

    @ParameterizedTest(name = "type: {0}")
    @ValueSource(strings = {"memory", "caffeine", "redis"})
    void theSeedScenarioRunsUnchangedOnEveryStore(String type) throws Exception {
        DropwizardTestSupport<SessionAuthConfiguration> app = TestApp.support(new MutableClock(Instant.now()),
            "test-app.yml", TestApp.store(type, redis));
        app.before();
        try {
            Http http = new Http(app.getLocalPort());

            Reply login = http.loginReply("ada", TestApp.ADA_PASSWORD);
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body()).isEqualTo("{\"id\":1,\"username\":\"ada\"}");
            Login ada = http.login("ada", TestApp.ADA_PASSWORD);
            assertThat(http.profile(ada).body()).isEqualTo("{\"id\":1,\"username\":\"ada\"}");
            assertThat(http.logout(ada).status()).isEqualTo(200);
            assertThat(http.profile(ada).status()).isEqualTo(401);

            Reply metrics = new Http(app.getAdminPort()).get("/metrics");
            assertThat(metrics.body())
                .contains("\"sessionauth.store." + type + ".find\"")
                .contains("\"sessionauth.store." + type + ".save\"")
                .contains("\"sessionauth.store." + type + ".delete\"")
                .contains("\"sessionauth.refused.unknown-session\"");
            assertThat(new Http(app.getAdminPort()).get("/healthcheck").body())
                .contains("\"session-store\":{\"healthy\":true");
        } finally {
            app.after();
        }
    }
}
