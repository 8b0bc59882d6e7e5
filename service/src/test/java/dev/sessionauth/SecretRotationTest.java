package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionauth.bundle.SignedCookies;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionId;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rotating the signing secret: two nodes share one store; the rotating node lists the new secret
 * first and the old one second, the rotated node lists only the new one.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SecretRotationTest {

    private static final String NEW = "rotation-new-secret-0123456789abcdef";
    private static final String OLD = "rotation-old-secret-0123456789abcdef";
    private static final MutableClock CLOCK = new MutableClock();
    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();

    private static final DropwizardAppExtension<SessionAuthConfiguration> ROTATING = node(NEW, OLD);
    private static final DropwizardAppExtension<SessionAuthConfiguration> ROTATED = node(NEW);

    @Test
    void aCookieSignedWithTheOldSecretWorksWhileItIsListedSecondAndFailsOnceRemoved() {
        Login login = new Http(ROTATING.getLocalPort()).login("ada", TestApp.ADA_PASSWORD);
        SessionId id = SessionId.of(login.cookie().substring(2, login.cookie().indexOf('.')));
        String signedWithOld = "sid=" + SignedCookies.sign(OLD, id);
        String signedWithNew = "sid=" + SignedCookies.sign(NEW, id);

        assertThat(login.cookie()).as("the first secret signs").isEqualTo(signedWithNew.substring(4));
        assertThat(new Http(ROTATING.getLocalPort()).get("/auth/profile", "Cookie", signedWithOld).status())
            .isEqualTo(200);
        assertThat(new Http(ROTATED.getLocalPort()).get("/auth/profile", "Cookie", signedWithOld).status())
            .isEqualTo(401);
        assertThat(new Http(ROTATED.getLocalPort()).get("/auth/profile", "Cookie", signedWithNew).status())
            .as("the same session under the new signature").isEqualTo(200);
    }

    @Test
    void aCookieSignedWithAnUnlistedSecretIsRefused() {
        Login login = new Http(ROTATING.getLocalPort()).login("ada", TestApp.ADA_PASSWORD);
        SessionId id = SessionId.of(login.cookie().substring(2, login.cookie().indexOf('.')));
        String forged = "sid=" + SignedCookies.sign("never-configured-secret-0123456789ab", id);

        assertThat(new Http(ROTATING.getLocalPort()).get("/auth/profile", "Cookie", forged).status()).isEqualTo(401);
    }

    private static DropwizardAppExtension<SessionAuthConfiguration> node(String... secrets) {
        return TestApp.extension(CLOCK,
            ConfigOverride.config("sessions.secrets", String.join(",", secrets)),
            ConfigOverride.config("sessions.store.type", "redis"),
            ConfigOverride.config("sessions.store.uri", REDIS.uri()));
    }
}
