package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.testing.TestStoreFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session deleted between a request's lookup and its touch (a logout on another node landing in
 * between) is refused by that request too: {@code /auth/verify}, whose {@code @Auth} is optional,
 * answers 401, not once more 200. The test store deletes each session as it is touched; the clock
 * moves past {@code touchInterval} so that the request touches.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class VanishedSessionTest {

    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK,
        ConfigOverride.config("sessions.store.type", "test"),
        ConfigOverride.config("sessions.store.delegate.type", "memory"),
        ConfigOverride.config("forwardAuth.trustedProxies", "127.0.0.1,::1"));

    @AfterEach
    void restore() {
        TestStoreFactory.of(APP).deletedBeforeTouch(false);
    }

    @Test
    void aSessionDeletedBeforeItsTouchIsRefusedByTheCheck() {
        Http http = new Http(APP.getLocalPort());
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        assertThat(http.get("/auth/verify", "Cookie", ada.cookieHeader()).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(6));
        TestStoreFactory.of(APP).deletedBeforeTouch(true);

        Reply reply = http.get("/auth/verify", "Cookie", ada.cookieHeader());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Remote-User")).isEmpty();
        assertThat(reply.setCookie("sid")).as("the cookie is cleared").get().asString().contains("Max-Age=0");
    }

    @Test
    void aSessionDeletedBeforeItsTouchIsRefusedByAProtectedResource() {
        Http http = new Http(APP.getLocalPort());
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        CLOCK.advance(Duration.ofMinutes(6));
        TestStoreFactory.of(APP).deletedBeforeTouch(true);

        assertThat(http.profile(ada).status()).isEqualTo(401);
    }
}
