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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Second factors over HTTP through the real service, once on each store (on Redis: codes, pending
 * sign-ins and counts claimed in Redis): enrolment, sign-in with a password and a code,
 * single-use codes, recovery codes, step-up, the code throttle, and the pending state accepted
 * nowhere. Each test has a user of its own, so that throttle counts and factors never carry over.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"memory", "caffeine", "redis"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFactorTest {

    static final String PENDING = "sessionauth-pending";
    static final String DEVICE = "sessionauth-device";
    private static final String PASSWORD = "a-long-test-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameter
    String store;

    private final MutableClock clock = new MutableClock();
    private EmbeddedRedis redis;
    private DropwizardAppExtension<SessionAuthConfiguration> app;

    /** The app on this run's store, with three code (and password) failures before delays. */
    @BeforeParameterizedClassInvocation
    void startApp() throws Throwable {
        redis = store.equals("redis") ? EmbeddedRedis.start() : null;
        app = TestApp.extension(clock, TestApp.store(store, redis,
            ConfigOverride.config("logins.failuresBeforeDelay", "3"),
            ConfigOverride.config("users.secondFactorRoles", "auditor")));
        app.before();
    }

    @AfterParameterizedClassInvocation
    void stopApp() {
        try {
            app.after();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    private DropwizardAppExtension<SessionAuthConfiguration> app() {
        return app;
    }

    private MutableClock clock() {
        return clock;
    }

    private Http http;
    private String name;
    private long id;

    @BeforeEach
    void aUserOfItsOwn() {
        http = new Http(app().getLocalPort());
        name = "u" + UUID.randomUUID().toString().substring(0, 8);
        id = users().insert(name, new PasswordHasher().hash(PASSWORD), "user", false, clock().instant());
    }

    // --- enrolment and sign-in ------------------------------------------------------------------

    @Test
    void enrolThenSignInWithThePasswordAndACode() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));

        assertThat(enrolled.recoveryCodes()).hasSize(10);
        JsonNode status = json(http.get("/auth/second-factor", "Cookie", enrolled.login().cookieHeader()));
        assertThat(status.get("totp").asBoolean()).isTrue();
        assertThat(status.get("recoveryCodesLeft").asInt()).isEqualTo(10);
        assertThat(status.get("assuranceLevel").asText()).as("enrolment's first code counts").isEqualTo("aal2");

        clock().advance(Duration.ofSeconds(30));
        Reply password = http.loginReply(name, PASSWORD);

        assertThat(password.status()).isEqualTo(401);
        assertThat(password.body()).isEqualTo("{\"code\":401,\"message\":\"Second factor required\"}");
        assertThat(password.cookie("sid")).as("no session yet").isEmpty();
        assertThat(password.setCookie(PENDING)).get().asString().contains("HttpOnly").contains("SameSite=Strict");

        Reply complete = complete(password.cookie(PENDING).orElseThrow(), code(enrolled));

        assertThat(complete.status()).isEqualTo(200);
        assertThat(complete.body()).isEqualTo("{\"id\":" + id + ",\"username\":\"" + name + "\"}");
        assertThat(complete.setCookie(PENDING)).get().asString().contains("Max-Age=0");
        Login login = Login.from(complete);
        assertThat(http.profile(login).status()).isEqualTo(200);
        JsonNode sessions = json(http.get("/auth/sessions", "Cookie", login.cookieHeader())).get("sessions");
        assertThat(sessions.findValuesAsText("assuranceLevel")).contains("aal2");
    }

    @Test
    void enrolmentNeedsARecentAuthenticationAndARightFirstCode() throws Exception {
        Login login = http.login(name, PASSWORD);
        JsonNode offer = json(http.as(login, "POST", "/auth/second-factor/totp", null));
        assertThat(offer.get("keyUri").asText())
            .startsWith("otpauth://totp/sessionauth:" + name + "?secret=" + offer.get("secret").asText());

        Reply wrong = http.as(login, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.wrong(offer.get("secret").asText(),
            clock().instant()) + "\"}");
        Reply forged = http.as(login, "POST", "/auth/second-factor/totp/confirm",
            "{\"token\":\"zzzz.v1.AAAA\",\"code\":\"123456\"}");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"code\":401,\"message\":\"Invalid code\"}");
        assertThat(forged.status()).isEqualTo(400);
        assertThat(json(http.get("/auth/second-factor", "Cookie", login.cookieHeader())).get("totp").asBoolean())
            .isFalse();
        assertThat(http.loginReply(name, PASSWORD).status()).as("still a password alone").isEqualTo(200);

        clock().advance(Duration.ofMinutes(6));
        Login stale = http.login(name, PASSWORD);
        clock().advance(Duration.ofMinutes(6));
        Reply late = http.as(stale, "POST", "/auth/second-factor/totp", null);
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.body()).contains("Re-authentication required");
    }

    @Test
    void aCodeIsAcceptedOnce() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        clock().advance(Duration.ofSeconds(30));
        String code = code(enrolled);

        Reply first = complete(pending(), code);
        Reply again = complete(pending(), code);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body()).contains("Invalid code");
    }

    @Test
    void twoRequestsRacingWithOneCodeGetOneSuccess() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        clock().advance(Duration.ofSeconds(30));
        String code = code(enrolled);
        List<String> pendings = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pendings.add(pending());
        }

        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(pendings.size());
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (String pending : pendings) {
                replies.add(pool.submit((Callable<Reply>) () -> complete(pending, code)));
            }
            for (Future<Reply> reply : replies) {
                statuses.add(reply.get().status());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 401);
    }

    @Test
    void aRecoveryCodeSignsInOnceAndTheCountGoesDown() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        String recovery = enrolled.recoveryCodes().get(3);

        Reply used = complete(pending(), recovery.toUpperCase().replace("-", " "));
        Reply reused = complete(pending(), recovery);

        assertThat(used.status()).isEqualTo(200);
        assertThat(reused.status()).isEqualTo(401);
        JsonNode status = json(http.get("/auth/second-factor", "Cookie", Login.from(used).cookieHeader()));
        assertThat(status.get("recoveryCodesLeft").asInt()).isEqualTo(9);
        assertThat(status.get("assuranceLevel").asText()).isEqualTo("aal2");
    }

    // --- the pending state ----------------------------------------------------------------------

    @Test
    void thePendingStateIsNoSessionAnywhere() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        http.logout(enrolled.login());
        String pending = pending();

        for (String cookie : List.of(PENDING + "=" + pending, "sid=" + pending, "sid=s:" + pending)) {
            assertThat(http.get("/auth/profile", "Cookie", cookie).status()).as(cookie).isEqualTo(401);
            assertThat(http.get("/auth/sessions", "Cookie", cookie).status()).as(cookie).isEqualTo(401);
            assertThat(http.get("/auth/second-factor", "Cookie", cookie).status()).as(cookie).isEqualTo(401);
            assertThat(http.get("/auth/csrf", "Cookie", cookie).status()).as(cookie).isEqualTo(401);
        }
        assertThat(app().<dev.sessionauth.SessionAuthApplication>getApplication().sessionStore()
            .findByUser(Long.toString(id))).as("nothing in the store").isEmpty();
    }

    @Test
    void aPendingSignInExpiresAndIsUsedOnce() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        clock().advance(Duration.ofSeconds(30));
        String expiring = pending();
        String used = pending();

        assertThat(complete(used, code(enrolled)).status()).isEqualTo(200);
        clock().advance(Duration.ofSeconds(30));
        Reply reused = complete(used, code(enrolled));
        clock().advance(Duration.ofMinutes(5));
        Reply expired = complete(expiring, code(enrolled));

        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.body()).contains("Sign-in expired");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body()).contains("Sign-in expired");
        assertThat(complete("forged.value.eA.mac", code(enrolled)).body()).contains("Sign-in expired");
    }

    @Test
    void aPasswordChangeVoidsAPendingSignIn() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        clock().advance(Duration.ofSeconds(30));
        String pending = pending();
        clock().advance(Duration.ofSeconds(1));
        users().updatePasswordHash(id, new PasswordHasher().hash("another-long-password"), clock().instant());

        Reply after = complete(pending, code(enrolled));

        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).contains("Sign-in expired");
    }

    // --- step-up, removal -----------------------------------------------------------------------

    @Test
    void changingTheFactorsNeedsARecentSecondFactorAndAStepUpGivesIt() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        clock().advance(Duration.ofSeconds(30));
        Login login = Login.from(complete(pending(), code(enrolled)));
        clock().advance(Duration.ofMinutes(6));
        Reply reauthenticated = http.as(login, "POST", "/auth/reauthenticate", "{\"password\":\"" + PASSWORD + "\"}");
        Login fresh = Login.from(reauthenticated);

        Reply stale = http.as(fresh, "POST", "/auth/second-factor/recovery-codes", null);
        Reply wrongStep = http.as(fresh, "POST", "/auth/step-up",
            "{\"code\":\"" + TotpCodes.wrong(enrolled.secret(), clock().instant()) + "\"}");
        Reply stepUp = http.as(fresh, "POST", "/auth/step-up", "{\"code\":\"" + code(enrolled) + "\"}");
        Login steppedUp = Login.from(stepUp);
        Reply replaced = http.as(steppedUp, "POST", "/auth/second-factor/recovery-codes", null);

        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.body()).isEqualTo("{\"code\":403,\"message\":\"Second factor required\"}");
        assertThat(wrongStep.status()).isEqualTo(401);
        assertThat(stepUp.status()).isEqualTo(200);
        assertThat(json(stepUp).get("assuranceLevel").asText()).isEqualTo("aal2");
        assertThat(http.profile(fresh).status()).as("step-up rotates the session").isEqualTo(401);
        assertThat(replaced.status()).isEqualTo(200);
        List<String> codes = JSON.convertValue(json(replaced).get("recoveryCodes"), JSON.getTypeFactory()
            .constructCollectionType(List.class, String.class));
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(enrolled.recoveryCodes());
        assertThat(complete(pending(), enrolled.recoveryCodes().get(0)).status()).as("old codes are gone")
            .isEqualTo(401);
    }

    @Test
    void aUserRemovesTheirFactorAndAPasswordAloneSignsInAgain() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));

        Reply removed = http.as(enrolled.login(), "DELETE", "/auth/second-factor", null);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(http.loginReply(name, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void anAdministratorRemovesAUsersFactorsAndEndsTheirSessions() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        Login admin = http.login("ada", TestApp.ADA_PASSWORD);

        Reply removed = http.as(admin, "DELETE", "/admin/users/" + id + "/second-factors", null);
        Reply again = http.as(admin, "DELETE", "/admin/users/" + id + "/second-factors", null);

        assertThat(removed.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(404);
        assertThat(http.profile(enrolled.login()).status()).as("the user's sessions ended").isEqualTo(401);
        assertThat(http.loginReply(name, PASSWORD).status()).isEqualTo(200);
    }

    // --- the role policy ---------------------------------------------------------------------

    @Test
    void aUserWhoseRoleRequiresASecondFactorIsSignedInOnlyToEnrolOne() throws Exception {
        users().updateRoles(id, "auditor,user");

        Login login = http.login(name, PASSWORD);
        Reply profile = http.profile(login);
        Reply sessions = http.get("/auth/sessions", "Cookie", login.cookieHeader());
        Reply csrf = http.get("/auth/csrf", "Cookie", login.cookieHeader());
        JsonNode status = json(http.get("/auth/second-factor", "Cookie", login.cookieHeader()));

        assertThat(profile.status()).isEqualTo(403);
        assertThat(profile.body()).isEqualTo("{\"code\":403,\"message\":\"Second factor enrolment required\"}");
        assertThat(sessions.status()).isEqualTo(403);
        assertThat(csrf.status()).as("enrolment needs the CSRF token").isEqualTo(200);
        assertThat(status.get("totp").asBoolean()).isFalse();
        assertThat(status.get("assuranceLevel").asText()).isEqualTo("aal1");
        assertThat(http.as(login, "POST", "/auth/logout-all", null).status()).isEqualTo(403);

        Enrolled enrolled = enrol(login);

        assertThat(http.profile(login).status()).as("enrolment rotated the session").isEqualTo(401);
        assertThat(http.profile(enrolled.login()).status()).isEqualTo(200);
        assertThat(http.get("/auth/sessions", "Cookie", enrolled.login().cookieHeader()).status()).isEqualTo(200);
        clock().advance(Duration.ofSeconds(30));
        Reply password = http.loginReply(name, PASSWORD);
        assertThat(password.status()).isEqualTo(401);
        assertThat(password.body()).contains("Second factor required");
        assertThat(complete(password.cookie(PENDING).orElseThrow(), code(enrolled)).status()).isEqualTo(200);
    }

    @Test
    void aUserWithoutTheRoleIsNotAskedToEnrol() {
        Login login = http.login(name, PASSWORD);

        assertThat(http.profile(login).status()).isEqualTo(200);
    }

    // --- the code throttle ----------------------------------------------------------------------

    @Test
    void wrongCodesHaveTheirOwnCountsAndNeverStopTheOwnersBrowser() throws Exception {
        Enrolled enrolled = enrol(http.login(name, PASSWORD));
        clock().advance(Duration.ofSeconds(30));
        Reply ownersSignIn = complete(pending(), code(enrolled));
        String device = DEVICE + "=" + ownersSignIn.cookie(DEVICE).orElseThrow();

        String guesser = pending();
        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            guesses.add(complete(guesser, TotpCodes.wrong(enrolled.secret(), clock().instant())).status());
        }
        Reply passwordAfter = http.loginReply(name, PASSWORD);
        Reply ownersPassword = http.loginReply(name, PASSWORD, "Cookie", device);
        clock().advance(Duration.ofSeconds(30));
        Reply owner = http.postJson("/auth/login/second-factor", "{\"code\":\"" + code(enrolled) + "\"}",
            "Cookie", PENDING + "=" + ownersPassword.cookie(PENDING).orElseThrow() + "; " + device);

        assertThat(guesses).containsExactly(401, 401, 401, 429);
        assertThat(passwordAfter.status()).as("wrong codes never count against the password").isEqualTo(401);
        assertThat(passwordAfter.body()).contains("Second factor required");
        assertThat(owner.status()).as("the owner's browser is never held back").isEqualTo(200);
    }

    // --- helpers ------------------------------------------------------------------------------

    /** An enrolled user: the secret the page showed, the recovery codes, and the session after enrolment. */
    record Enrolled(String secret, List<String> recoveryCodes, Login login) {
    }

    /** Enrols a TOTP factor in a fresh session, as the account page does. */
    Enrolled enrol(Login login) throws Exception {
        JsonNode offer = json(http.as(login, "POST", "/auth/second-factor/totp", null));
        String secret = offer.get("secret").asText();
        Reply confirmed = http.as(login, "POST", "/auth/second-factor/totp/confirm", "{\"token\":\""
            + offer.get("token").asText() + "\",\"code\":\"" + TotpCodes.at(secret, clock().instant()) + "\"}");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = JSON.convertValue(json(confirmed).get("recoveryCodes"), JSON.getTypeFactory()
            .constructCollectionType(List.class, String.class));
        return new Enrolled(secret, codes, Login.from(confirmed));
    }

    /** Signs in with the password and returns the pending sign-in's cookie value. */
    String pending() {
        Reply reply = http.loginReply(name, PASSWORD);
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        return reply.cookie(PENDING).orElseThrow();
    }

    Reply complete(String pending, String code) {
        return http.postJson("/auth/login/second-factor", "{\"code\":\"" + code + "\"}",
            "Cookie", PENDING + "=" + pending);
    }

    String code(Enrolled enrolled) {
        return TotpCodes.at(enrolled.secret(), clock().instant());
    }

    private static JsonNode json(Reply reply) throws Exception {
        return JSON.readTree(reply.body());
    }

    private UserDao users() {
        return Jdbi.create(app().getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }
}
