package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.TestStoreFactory;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A failing session store closes the door: 503, never a pass, never a 401 or a 500. */
@ExtendWith(DropwizardExtensionsSupport.class)
class StoreOutageTest {

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock(),
        ConfigOverride.config("sessions.store.type", "test"),
        ConfigOverride.config("sessions.store.delegate.type", "memory"));

    private Http http;
    private Login ada;

    @BeforeEach
    void logIn() {
        TestStoreFactory.of(APP).down(false);
        http = new Http(APP.getLocalPort());
        ada = http.login("ada", TestApp.ADA_PASSWORD);
    }

    @AfterEach
    void restore() {
        TestStoreFactory.of(APP).down(false);
    }

    @Test
    void authenticatedRequestsAnswer503WhileTheStoreIsDown() {
        TestStoreFactory.of(APP).down(true);

        Reply reply = http.profile(ada);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).isEqualTo("{\"code\":503,\"message\":\"Session store unavailable\"}");
        assertThat(reply.cookie("sid")).as("the cookie is kept for when the store returns").isEmpty();
    }

    @Test
    void loginAndLogoutAnswer503WhileTheStoreIsDown() {
        TestStoreFactory.of(APP).down(true);

        assertThat(http.loginReply("ada", TestApp.ADA_PASSWORD).status()).isEqualTo(503);
        assertThat(http.logout(ada).status()).isEqualTo(503);
    }

    @Test
    void aForgedCookieIsStill401BecauseTheStoreIsNeverAsked() {
        TestStoreFactory.of(APP).down(true);

        assertThat(http.get("/auth/profile", "Cookie", "sid=s:" + "A".repeat(43) + ".forged").status()).isEqualTo(401);
    }

    @Test
    void theHealthCheckFollowsTheStore() {
        assertThat(APP.getEnvironment().healthChecks().runHealthCheck("session-store").isHealthy()).isTrue();

        TestStoreFactory.of(APP).down(true);

        assertThat(APP.getEnvironment().healthChecks().runHealthCheck("session-store").isHealthy()).isFalse();
    }

    @Test
    void sessionsWorkAgainOnceTheStoreIsBack() {
        TestStoreFactory.of(APP).down(true);
        assertThat(http.profile(ada).status()).isEqualTo(503);

        TestStoreFactory.of(APP).down(false);

        assertThat(http.profile(ada).status()).isEqualTo(200);
    }
}
