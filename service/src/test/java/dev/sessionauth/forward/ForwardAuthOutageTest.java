package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.testing.TestStoreFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A check never passes what it cannot check: with the session store or the user database out of
 * reach, {@code /auth/verify} answers 503 and no identity. Two nodes share one Redis: {@code APP}
 * signs in, {@code NO_DATABASE} cannot reach its user database.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardAuthOutageTest {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final ConfigOverride[] SHARED_STORE = {
        ConfigOverride.config("sessions.store.type", "test"),
        ConfigOverride.config("sessions.store.delegate.type", "redis"),
        ConfigOverride.config("sessions.store.delegate.uri", REDIS.uri()),
        ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1")};

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP =
        TestApp.extension(new MutableClock(), SHARED_STORE);
    private static final DropwizardAppExtension<SessionAuthConfiguration> NO_DATABASE = new DropwizardAppExtension<>(
        TestApp.support(new MutableClock(), "no-demo-users.yml",
            "jdbc:postgresql://127.0.0.1:1/unreachable?connectTimeout=1",
            append(SHARED_STORE, ConfigOverride.config("database.driverClass", "org.postgresql.Driver"))));

    private static ConfigOverride[] append(ConfigOverride[] first, ConfigOverride more) {
        ConfigOverride[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = more;
        return all;
    }

    @AfterEach
    void restore() {
        TestStoreFactory.of(APP).down(false);
    }

    @Test
    void aUserDatabaseThatCannotBeReachedAnswers503() {
        Login ada = new Http(APP.getLocalPort()).login("ada", TestApp.ADA_PASSWORD);

        Reply reply = new Http(NO_DATABASE.getLocalPort()).get("/auth/verify", "Cookie", ada.cookieHeader());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Remote-User")).isEmpty();
    }

    @Test
    void aSessionStoreThatCannotBeReachedAnswers503() {
        Http http = new Http(APP.getLocalPort());
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        TestStoreFactory.of(APP).down(true);

        Reply reply = http.get("/auth/verify", "Cookie", ada.cookieHeader(), "Accept", "text/html");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Remote-User")).isEmpty();
        assertThat(reply.header("Location")).isEmpty();
    }
}
