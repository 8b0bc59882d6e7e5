package dev.sessionauth.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.HostClient.Browser;
import dev.sessionauth.bundle.HostClient.Reply;
import dev.sessionauth.bundle.example.ExampleConfiguration;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.store.redis.RedisReconnection;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The host on a Redis server of the test's own, which the outage test stops and starts again. */
class RedisHostTest extends HostContract {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.startDurable();

    private static final DropwizardAppExtension<ExampleConfiguration> APP = host(
        ConfigOverride.config("sessions.store.type", "redis"),
        ConfigOverride.config("sessions.store.uri", REDIS.uri()),
        ConfigOverride.config("sessions.store.commandTimeout", "300ms"),
        ConfigOverride.config("sessions.store.maxReconnectDelay", "200ms"));

    @Override
    DropwizardAppExtension<ExampleConfiguration> app() {
        return APP;
    }

    @Test
    void aStoreOutageAnswers503NeverLettingARequestThroughAndSessionsWorkAgainAfter() throws Exception {
        Browser browser = signIn(member);
        REDIS.stop();
        // Asked before Redis returns, so that the store's connection answering again cannot pass unseen.
        CompletableFuture<Void> back = RedisReconnection.next(store());
        try {
            Reply during = http.get("/me", browser);
            Reply login = http.login(member.name(), PASSWORD, null);

            for (Reply reply : new Reply[] {during, login}) {
                assertThat(reply.status()).isEqualTo(503);
                assertThat(reply.body()).isEqualTo("{\"code\":503,\"message\":\"Session store unavailable\"}");
                assertThat(reply.header("Retry-After")).contains("1");
                assertThat(reply.sessionCookie()).isEmpty();
            }
            assertThat(app().getEnvironment().healthChecks().runHealthCheck("session-store").isHealthy()).isFalse();
        } finally {
            REDIS.restart();
        }
        back.get(10, TimeUnit.SECONDS);
        assertThat(http.get("/me", browser).status()).as("the same session, once Redis is back").isEqualTo(200);
    }
}
