package dev.sessionauth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthApplication;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.SecurityEvent.Scope;
import dev.sessionauth.bundle.SecurityEvent.Type;
import dev.sessionauth.bundle.SecurityEvent;
import dev.sessionauth.bundle.SecurityListener;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.TotpCodes;
import io.dropwizard.core.Application;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every refused and held-back password check, and every throttle engaged and released, reaches the
 * security listener: a known user by ID, an unknown one by a keyed hash, never the typed name or
 * the password.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SecurityEventsTest {

    private static final List<SecurityEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = new DropwizardAppExtension<>(
        new DropwizardTestSupport<>(SessionAuthApplication.class, ResourceHelpers.resourceFilePath("test-app.yml"),
            ConfigOverride.config("database.url", TestApp.freshH2()),
            ConfigOverride.config("sessions.trustedProxies", "127.0.0.1,::1"),
            ConfigOverride.config("logins.failuresBeforeDelay", "2"),
            ConfigOverride.config("logins.clientFailuresBeforeDelay", "50")) {
            @Override
            public Application<SessionAuthConfiguration> newApplication() {
                return new SessionAuthApplication(CLOCK) {
                    @Override
                    protected SecurityListener securityListener() {
                        return EVENTS::add;
                    }
                };
            }

            @Override
            public void after() {
                try {
                    super.after();
                } finally {
                    System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("dw."))
                        .forEach(System::clearProperty);
                }
            }
        });

    private Http http;

    @BeforeEach
    void clear() {
        EVENTS.clear();
        http = new Http(APP.getLocalPort());
    }

    @Test
    void refusalsThrottlesAndTheReleaseAreEventsWithoutTheTypedName() {
        http.loginReply("mallory-typed-this", "secret-guess-1", "X-Forwarded-For", "203.0.113.50");
        http.loginReply("ada", "secret-guess-2", "X-Forwarded-For", "203.0.113.51");
        http.loginReply("ada", "secret-guess-3", "X-Forwarded-For", "203.0.113.51");
        http.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "203.0.113.51");

        assertThat(EVENTS).extracting(SecurityEvent::type).containsExactly(Type.LOGIN_REFUSED, Type.LOGIN_REFUSED,
            Type.LOGIN_REFUSED, Type.THROTTLE_ENGAGED, Type.ATTEMPT_THROTTLED);
        SecurityEvent unknown = EVENTS.get(0);
        assertThat(unknown.user()).startsWith("unknown:").doesNotContain("mallory");
        assertThat(unknown.client()).isEqualTo("203.0.113.50");
        assertThat(EVENTS.get(1).user()).isEqualTo("id:1");
        assertThat(EVENTS.get(3).scope()).isEqualTo(Scope.ACCOUNT_FROM_CLIENT);
        assertThat(EVENTS.toString()).doesNotContain("secret-guess").doesNotContain(TestApp.ADA_PASSWORD);

        CLOCK.advance(java.time.Duration.ofMinutes(1));
        EVENTS.clear();
        Login ada = Login.from(http.loginReply("ada", TestApp.ADA_PASSWORD, "X-Forwarded-For", "203.0.113.51"));
        assertThat(EVENTS).extracting(SecurityEvent::type).containsExactly(Type.THROTTLE_RELEASED);

        EVENTS.clear();
        http.send("POST", "/auth/reauthenticate", "application/json", "{\"password\":\"secret-guess-4\"}",
            "Cookie", ada.cookieHeader(), "X-CSRF-Token", ada.csrf(), "X-Forwarded-For", "203.0.113.51");
        assertThat(EVENTS).extracting(SecurityEvent::type).containsExactly(Type.PASSWORD_CHECK_REFUSED);
        assertThat(EVENTS.get(0).user()).isEqualTo("id:1");
    }

    @Test
    void theSameUnknownNameHashesTheSameAndADifferentOneDifferently() {
        http.loginReply("eve", "x", "X-Forwarded-For", "203.0.113.60");
        http.loginReply("eve", "y", "X-Forwarded-For", "203.0.113.61");
        http.loginReply("Eve", "z", "X-Forwarded-For", "203.0.113.62");

        assertThat(EVENTS.get(0).user()).isEqualTo(EVENTS.get(1).user()).isNotEqualTo(EVENTS.get(2).user());
    }

    @Test
    void secondFactorsAreEventsWithoutACodeOrASecret() throws Exception {
        Login grace = http.login("grace", "hopper-1906");
        ObjectMapper json = new ObjectMapper();
        var offer = json.readTree(http.as(grace, "POST", "/auth/second-factor/totp", null).body());
        String secret = offer.get("secret").asText();
        var confirmed = http.as(grace, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.at(secret, CLOCK.instant()) + "\"}");
        String recovery = json.readTree(confirmed.body()).get("recoveryCodes").get(0).asText();
        String wrong = TotpCodes.wrong(secret, CLOCK.instant());
        String pending = http.loginReply("grace", "hopper-1906").cookie("sessionauth-pending").orElseThrow();
        http.postJson("/auth/login/second-factor", "{\"code\":\"" + wrong + "\"}",
            "Cookie", "sessionauth-pending=" + pending);
        Login signedIn = Login.from(http.postJson("/auth/login/second-factor", "{\"code\":\"" + recovery + "\"}",
            "Cookie", "sessionauth-pending=" + pending));
        http.as(signedIn, "DELETE", "/auth/second-factor", null);

        assertThat(EVENTS).extracting(SecurityEvent::type).containsExactly(Type.SECOND_FACTOR_ENROLLED,
            Type.SECOND_FACTOR_REFUSED, Type.RECOVERY_CODE_USED, Type.SECOND_FACTOR_REMOVED);
        assertThat(EVENTS).extracting(SecurityEvent::user).containsOnly("id:2");
        assertThat(EVENTS.toString()).doesNotContain(secret).doesNotContain(recovery)
            .doesNotContain(pending);
    }
}
