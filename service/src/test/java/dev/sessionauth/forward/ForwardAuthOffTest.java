package dev.sessionauth.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Forward authentication is off unless configured: without a {@code forwardAuth} block there is no endpoint. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ForwardAuthOffTest {

    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(new MutableClock());

    @Test
    void withoutAForwardAuthBlockThereIsNoEndpoint() {
        Http http = new Http(APP.getLocalPort());
        Login grace = http.login("grace", "hopper-1906");

        assertThat(http.get("/auth/verify", "Cookie", grace.cookieHeader()).status()).isEqualTo(404);
        assertThat(http.get("/auth/verify/x", "Cookie", grace.cookieHeader()).status()).isEqualTo(404);
        assertThat(http.get("/auth/verify", "Cookie", grace.cookieHeader()).headers().firstValue("Remote-User"))
            .isEmpty();
    }
}
