package dev.sessionauth.factors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.SessionAuthConfiguration;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.bundle.SoftAuthenticator;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Passkeys over the service's JSON API, stored in its database: registered from a fresh session,
 * listed, used alone and as the second factor after a password, for a step-up, and removed; a
 * replayed challenge, another origin, another account's passkey and a removed one refused. The
 * authenticator is in software, on the origin {@code test-app.yml} names.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PasskeyApiTest {

    private static final String ORIGIN = "http://localhost:5173";
    private static final String PASSWORD = "a-long-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock CLOCK = new MutableClock();
    private static final DropwizardAppExtension<SessionAuthConfiguration> APP = TestApp.extension(CLOCK);

    private Http http;
    private String name;
    private long id;

    @BeforeEach
    void aUserOfItsOwn() {
        http = new Http(APP.getLocalPort());
        name = "p" + UUID.randomUUID().toString().substring(0, 8);
        id = users().insert(name, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
    }

    private Reply register(Login login, SoftAuthenticator authenticator, String origin) {
        Reply options = http.as(login, "POST", "/auth/passkeys/options", null);
        assertThat(options.status()).as(options.body()).isEqualTo(200);
        return http.as(login, "POST", "/auth/passkeys",
            "{\"name\":\"Laptop\",\"credential\":" + authenticator.register(options.body(), origin) + "}");
    }

    private SoftAuthenticator registered(boolean verifiesUser) {
        SoftAuthenticator authenticator = new SoftAuthenticator("localhost", verifiesUser, 0);
        Reply reply = register(http.login(name, PASSWORD), authenticator, ORIGIN);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return authenticator;
    }

    private Reply signInWith(SoftAuthenticator authenticator, String origin) {
        String options = http.postJson("/auth/login/passkey/options", "").body();
        return http.postJson("/auth/login/passkey", "{\"credential\":" + authenticator.sign(options, origin) + "}");
    }

    @Test
    void aPasskeyIsRegisteredListedUsedAloneAndRemoved() throws Exception {
        Login login = http.login(name, PASSWORD);
        SoftAuthenticator authenticator = new SoftAuthenticator("localhost", true, 0);

        Reply registered = register(login, authenticator, ORIGIN);

        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        assertThat(JSON.readTree(registered.body()).get("name").asText()).isEqualTo("Laptop");
        Login rotated = Login.from(registered);
        assertThat(rotated.cookie()).as("the session moved to a new ID").isNotEqualTo(login.cookie());
        assertThat(http.profile(login).status()).isEqualTo(401);
        JsonNode list = JSON.readTree(http.get("/auth/passkeys", "Cookie", rotated.cookieHeader()).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(authenticator.credentialId());
        assertThat(list.get(0).get("lastUsedAt").isNull()).isTrue();

        CLOCK.advance(Duration.ofMinutes(1));
        Reply alone = signInWith(authenticator, ORIGIN);

        assertThat(alone.status()).as(alone.body()).isEqualTo(200);
        assertThat(JSON.readTree(alone.body()).get("assuranceLevel").asText()).isEqualTo("aal2");
        assertThat(JSON.readTree(alone.body()).get("username").asText()).isEqualTo(name);
        Login signedIn = Login.from(alone);
        assertThat(JSON.readTree(http.get("/auth/passkeys", "Cookie", signedIn.cookieHeader()).body()).get(0)
            .get("lastUsedAt").asText()).isEqualTo(CLOCK.instant().toString());

        Reply removed = http.as(signedIn, "DELETE", "/auth/passkeys/" + authenticator.credentialId(), null);
        assertThat(removed.status()).isEqualTo(204);
        assertThat(http.as(signedIn, "DELETE", "/auth/passkeys/" + authenticator.credentialId(), null).status())
            .isEqualTo(404);
        assertThat(signInWith(authenticator, ORIGIN).status()).as("a removed passkey").isEqualTo(401);
        assertThat(http.loginReply(name, PASSWORD).status()).as("a password alone signs in again").isEqualTo(200);
    }

    @Test
    void aPasskeyIsTheSecondFactorAfterThePasswordButAnotherAccountsIsNot() throws Exception {
        SoftAuthenticator own = registered(false);
        String otherName = name + "-other";
        users().insert(otherName, new PasswordHasher().hash(PASSWORD), "user", false, CLOCK.instant());
        SoftAuthenticator others = new SoftAuthenticator("localhost", true, 0);
        assertThat(register(http.login(otherName, PASSWORD), others, ORIGIN).status()).isEqualTo(201);

        Reply password = http.loginReply(name, PASSWORD);
        assertThat(password.status()).isEqualTo(401);
        assertThat(password.body()).contains("Second factor required");
        String pending = "sessionauth-pending=" + password.cookie("sessionauth-pending").orElseThrow();
        Reply options = http.postJson("/auth/login/second-factor/passkey/options", "", "Cookie", pending);
        assertThat(options.body()).contains(own.credentialId()).doesNotContain(others.credentialId());

        Reply wrongAccount = http.postJson("/auth/login/second-factor/passkey",
            "{\"credential\":" + others.sign(options.body(), ORIGIN) + "}", "Cookie", pending);
        Reply right = http.postJson("/auth/login/second-factor/passkey",
            "{\"credential\":" + own.sign(options.body(), ORIGIN) + "}", "Cookie", pending);

        assertThat(wrongAccount.status()).isEqualTo(401);
        assertThat(wrongAccount.body()).isEqualTo("{\"code\":401,\"message\":\"Passkey refused\"}");
        assertThat(right.status()).as(right.body()).isEqualTo(200);
        assertThat(JSON.readTree(right.body()).get("assuranceLevel").asText())
            .as("a password and a passkey, even one that did not verify its user").isEqualTo("aal2");
        assertThat(http.profile(Login.from(right)).status()).isEqualTo(200);
    }

    @Test
    void aPasskeyThatDidNotVerifyItsUserSignsInAtAal1AndStepsUpWithIt() throws Exception {
        SoftAuthenticator authenticator = registered(false);
        Reply alone = signInWith(authenticator, ORIGIN);
        assertThat(JSON.readTree(alone.body()).get("assuranceLevel").asText()).isEqualTo("aal1");
        Login login = Login.from(alone);

        Reply options = http.as(login, "POST", "/auth/step-up/passkey/options", null);
        Reply stepped = http.as(login, "POST", "/auth/step-up/passkey",
            "{\"credential\":" + authenticator.sign(options.body(), ORIGIN) + "}");

        assertThat(stepped.status()).as(stepped.body()).isEqualTo(200);
        assertThat(JSON.readTree(stepped.body()).get("assuranceLevel").asText()).isEqualTo("aal2");
    }

    @Test
    void anAdministratorsRemovalOfTheSecondFactorsRemovesThePasskeysAndEndsTheSessions() {
        SoftAuthenticator authenticator = registered(true);
        Login owners = Login.from(signInWith(authenticator, ORIGIN));
        String adminName = name + "-admin";
        users().insert(adminName, new PasswordHasher().hash(PASSWORD), "admin", false, CLOCK.instant());

        Reply removed = http.as(http.login(adminName, PASSWORD), "DELETE", "/admin/users/" + id + "/second-factors",
            null);

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(http.profile(owners).status()).as("the user's sessions ended").isEqualTo(401);
        assertThat(signInWith(authenticator, ORIGIN).status()).as("the passkey is gone").isEqualTo(401);
        assertThat(http.loginReply(name, PASSWORD).status()).as("a password alone signs in again").isEqualTo(200);
    }

    @Test
    void aReplayedChallengeAndAnotherOriginAreRefused() {
        SoftAuthenticator authenticator = registered(true);
        String options = http.postJson("/auth/login/passkey/options", "").body();
        String assertion = "{\"credential\":" + authenticator.sign(options, ORIGIN) + "}";

        Reply first = http.postJson("/auth/login/passkey", assertion);
        Reply replayed = http.postJson("/auth/login/passkey", assertion);
        Reply phished = signInWith(authenticator, "https://sessionauth.example.net");

        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(phished.status()).isEqualTo(401);
    }

    @Test
    void registeringNeedsARecentAuthenticationAndMalformedAnswersAre4xx() {
        Login login = http.login(name, PASSWORD);

        Reply noCredential = http.as(login, "POST", "/auth/passkeys", "{\"name\":\"Laptop\"}");
        Reply garbage = http.as(login, "POST", "/auth/passkeys", "{\"name\":\"Laptop\",\"credential\":{\"id\":1}}");
        Reply garbageSignIn = http.postJson("/auth/login/passkey", "{\"credential\":\"not an object\"}");
        Reply notJson = http.postJson("/auth/login/passkey", "{");
        CLOCK.advance(Duration.ofMinutes(11));
        Reply late = http.as(login, "POST", "/auth/passkeys/options", null);

        assertThat(noCredential.status()).isEqualTo(422);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbageSignIn.status()).isEqualTo(401);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.body()).contains("Re-authentication required");
    }

    private UserDao users() {
        return Jdbi.create(APP.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }
}
