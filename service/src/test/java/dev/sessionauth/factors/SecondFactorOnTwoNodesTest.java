package dev.sessionauth.factors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.TotpCodes;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two nodes sharing Redis and the user database, as a deployment behind a load balancer: a code
 * used on one node is refused on the other, and a pending sign-in begun on one completes on the
 * other, once.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SecondFactorOnTwoNodesTest {

    @AutoClose
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start();
    private static final MutableClock CLOCK = new MutableClock();
    private static final String DATABASE = TestApp.freshH2();
    private static final DropwizardAppExtension<SessionAuthConfiguration> A = node();
    private static final DropwizardAppExtension<SessionAuthConfiguration> B = node();
    private static final String PASSWORD = "a-long-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DropwizardAppExtension<SessionAuthConfiguration> node() {
        return new DropwizardAppExtension<>(TestApp.support(CLOCK, "test-app.yml", DATABASE,
            TestApp.store("redis", REDIS, ConfigOverride.config("sessions.store.prefix", "factors-two-nodes:"))));
    }

    private Http a;
    private Http b;
    private String name;
    private String secret;

    @BeforeEach
    void anEnrolledUser() throws Exception {
        a = new Http(A.getLocalPort());
        b = new Http(B.getLocalPort());
        name = "n" + UUID.randomUUID().toString().substring(0, 8);
        Jdbi.create(DATABASE, "sa", "").installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class)
            .insert(name, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
        Login login = a.login(name, PASSWORD);
        JsonNode offer = JSON.readTree(a.as(login, "POST", "/auth/second-factor/totp", null).body());
        secret = offer.get("secret").asText();
        Reply confirmed = a.as(login, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.at(secret, CLOCK.instant()) + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(30));
    }

    @Test
    void aCodeUsedOnOneNodeIsRefusedOnTheOther() {
        String code = TotpCodes.at(secret, CLOCK.instant());
        String onA = pending(a);
        String onB = pending(b);

        Reply first = complete(a, onA, code);
        Reply replayed = complete(b, onB, code);

        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.body()).contains("Invalid code");
        assertThat(b.profile(Login.from(first)).status()).as("the session is shared").isEqualTo(200);
    }

    @Test
    void aSignInBegunOnOneNodeCompletesOnTheOtherOnce() {
        String pending = pending(a);

        Reply onB = complete(b, pending, TotpCodes.at(secret, CLOCK.instant()));
        CLOCK.advance(Duration.ofSeconds(30));
        Reply againOnA = complete(a, pending, TotpCodes.at(secret, CLOCK.instant()));

        assertThat(onB.status()).isEqualTo(200);
        assertThat(againOnA.status()).isEqualTo(401);
        assertThat(againOnA.body()).contains("Sign-in expired");
    }

    private String pending(Http node) {
        Reply reply = node.loginReply(name, PASSWORD);
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        return reply.cookie(SecondFactorTest.PENDING).orElseThrow();
    }

    private static Reply complete(Http node, String pending, String code) {
        return node.postJson("/auth/login/second-factor", "{\"code\":\"" + code + "\"}",
            "Cookie", SecondFactorTest.PENDING + "=" + pending);
    }
}
