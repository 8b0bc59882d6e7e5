package dev.sessionauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionauth.store.MutableClock;
import dev.sessionauth.store.SessionStore;
import dev.sessionauth.store.redis.EmbeddedRedis;
import dev.sessionauth.testing.Http;
import dev.sessionauth.testing.Http.Login;
import dev.sessionauth.testing.Http.Reply;
import dev.sessionauth.testing.TestApp;
import dev.sessionauth.bundle.PasswordHasher;
import dev.sessionauth.users.UserDao;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Session management (OWASP ASVS 5.0 V7) through real HTTP: listing and ending sessions, logging
 * out everywhere, re-authentication, password change, account changes, the admin task, the
 * session limit and roles. The whole class runs once per store.
 */
@ParameterizedClass(name = "store: {0}")
@ValueSource(strings = {"memory", "caffeine", "redis"})
class SessionManagementTest {

    private static final int MAX_SESSIONS = 3;
    private static final String PASSWORD = "first-password-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger USERS = new AtomicInteger();

    private static MutableClock clock;
    private static EmbeddedRedis redis;
    private static DropwizardTestSupport<SessionAuthConfiguration> app;

    @Parameter
    String storeType;

    private Http http;
    private String username;
    private long userId;

    @BeforeParameterizedClassInvocation
    static void startApp(String type) throws Exception {
        clock = new MutableClock(Instant.now());
        if (type.equals("redis")) {
            redis = EmbeddedRedis.start();
        }
        app = TestApp.support(clock, "test-app.yml", TestApp.store(type, redis,
            ConfigOverride.config("sessions.maxSessionsPerUser", String.valueOf(MAX_SESSIONS)),
            ConfigOverride.config("sessions.reauthenticationWindow", "5m")));
        app.before();
    }

    @AfterParameterizedClassInvocation
    static void stopApp() {
        try {
            app.after();
        } finally {
            if (redis != null) {
                redis.close();
                redis = null;
            }
        }
    }

    /** Each test gets a user of its own, so no test sees another's sessions or password. */
    @BeforeEach
    void newUser() {
        http = new Http(app.getLocalPort());
        username = "user-" + USERS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        userId = users().insert(username, new PasswordHasher().hash(PASSWORD), "user", false, clock.instant());
    }

    @Test
    void threeLoginsAreListedWithExactlyOneCurrentAndNoSessionIds() throws Exception {
        Login first = login("client-one");
        Login second = login("client-two");
        Login third = login("client-three");

        Reply reply = http.as(second, "GET", "/auth/sessions", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode sessions = JSON.readTree(reply.body()).get("sessions");
        assertThat(sessions).hasSize(3);
        assertThat(sessions.findValues("current")).extracting(JsonNode::asBoolean).containsOnlyOnce(true);
        JsonNode current = find(sessions, "current", "true");
        assertThat(current.get("userAgent").asText()).isEqualTo("client-two");
        assertThat(current.get("ipAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(current.get("createdAt").asText()).isEqualTo(current.get("lastSeenAt").asText());
        assertThat(sessions.findValues("handle")).extracting(JsonNode::asText).doesNotHaveDuplicates()
            .allMatch(handle -> handle.matches("[A-Za-z0-9_-]{22}"));
        for (Login login : List.of(first, second, third)) {
            assertThat(reply.body()).doesNotContain(sessionId(login)).doesNotContain(login.cookie())
                .doesNotContain(login.csrf());
        }
    }

    @Test
    void revokingAnotherSessionEndsItAtOnce() throws Exception {
        Login mine = login("mine");
        Login other = login("other");

        Reply revoke = http.as(mine, "DELETE", "/auth/sessions/" + handleOf(mine, "other"), null);

        assertThat(revoke.status()).isEqualTo(204);
        assertThat(http.profile(other).status()).isEqualTo(401);
        assertThat(http.profile(mine).status()).isEqualTo(200);
        assertThat(JSON.readTree(http.as(mine, "GET", "/auth/sessions", null).body()).get("sessions")).hasSize(1);
    }

    @Test
    void endingOtherSessionsNeedsARecentAuthenticationSoAStolenCookieCannot() throws Exception {
        Login mine = login("mine");
        Login other = login("other");
        String otherHandle = handleOf(mine, "other");
        clock.advance(Duration.ofMinutes(6));

        Reply revoke = http.as(mine, "DELETE", "/auth/sessions/" + otherHandle, null);
        Reply everywhere = http.as(mine, "POST", "/auth/logout-all", null);

        assertThat(revoke.status()).isEqualTo(403);
        assertThat(revoke.body()).isEqualTo("{\"code\":403,\"message\":\"Re-authentication required\"}");
        assertThat(everywhere.status()).isEqualTo(403);
        assertThat(http.profile(other).status()).isEqualTo(200);

        Reply reauth = http.as(mine, "POST", "/auth/reauthenticate", "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(reauth.status()).isEqualTo(200);
        Login renewed = Login.from(reauth);
        assertThat(http.as(renewed, "DELETE", "/auth/sessions/" + otherHandle, null).status()).isEqualTo(204);
        assertThat(http.profile(other).status()).isEqualTo(401);
    }

    @Test
    void endingTheCurrentSessionByItsHandleNeedsNoRecentAuthentication() throws Exception {
        Login mine = login("mine");
        String handle = handleOf(mine, "mine");
        clock.advance(Duration.ofMinutes(6));

        assertThat(http.as(mine, "DELETE", "/auth/sessions/" + handle, null).status()).isEqualTo(204);
        assertThat(http.profile(mine).status()).isEqualTo(401);
    }

    @Test
    void revokingNeedsTheCsrfToken() throws Exception {
        Login mine = login("mine");
        Login other = login("other");

        Reply revoke = http.send("DELETE", "/auth/sessions/" + handleOf(mine, "other"), null, null,
            "Cookie", mine.cookieHeader());

        assertThat(revoke.status()).isEqualTo(403);
        assertThat(http.profile(other).status()).isEqualTo(200);
    }

    @Test
    void aHandleThatIsNotOneOfTheCallersSessionsIs404WhetherOrNotItExists() throws Exception {
        Login mine = login("mine");
        Login grace = http.login("grace", "hopper-1906");
        String graceHandle = JSON.readTree(http.as(grace, "GET", "/auth/sessions", null).body())
            .get("sessions").get(0).get("handle").asText();

        Reply someoneElses = http.as(mine, "DELETE", "/auth/sessions/" + graceHandle, null);
        Reply nobodys = http.as(mine, "DELETE", "/auth/sessions/" + "A".repeat(22), null);

        assertThat(someoneElses.status()).isEqualTo(404);
        assertThat(someoneElses.body()).isEqualTo(nobodys.body()).isEqualTo("{\"code\":404,\"message\":\"No such session\"}");
        assertThat(http.profile(grace).status()).as("grace is untouched").isEqualTo(200);
        http.logout(grace);
    }

    @Test
    void logoutAllEndsEverySessionOfTheUserIncludingTheCurrentOne() throws Exception {
        List<Login> logins = List.of(login("a"), login("b"), login("c"));
        Login grace = http.login("grace", "hopper-1906");
        assertThat(http.send("POST", "/auth/logout-all", null, null, "Cookie", logins.get(0).cookieHeader()).status())
            .as("without the CSRF token").isEqualTo(403);

        Reply reply = http.as(logins.get(0), "POST", "/auth/logout-all", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"loggedOut\":true,\"sessionsEnded\":3}");
        assertThat(reply.setCookie("sid")).hasValueSatisfying(cookie -> assertThat(cookie).contains("Max-Age=0"));
        for (Login login : logins) {
            assertThat(http.profile(login).status()).isEqualTo(401);
        }
        assertThat(http.profile(grace).status()).as("grace is untouched").isEqualTo(200);
        http.logout(grace);
    }

    @Test
    void reauthenticationRotatesTheIdAndTheOldCookieDies() {
        Login before = login("browser");

        Reply reply = http.as(before, "POST", "/auth/reauthenticate", "{\"password\":\"" + PASSWORD + "\"}");

        assertThat(reply.status()).isEqualTo(200);
        Login after = Login.from(reply);
        assertThat(sessionId(after)).isNotEqualTo(sessionId(before));
        assertThat(after.csrf()).isNotEqualTo(before.csrf());
        assertThat(reply.body()).contains("\"recentlyAuthenticatedUntil\":\"" + clock.instant().plus(Duration.ofMinutes(5))
            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(http.profile(before).status()).isEqualTo(401);
        assertThat(http.profile(after).status()).isEqualTo(200);
    }

    @Test
    void aWrongPasswordAtReauthenticationIs401AndChangesNothing() throws Exception {
        Login session = login("browser");
        String listed = http.as(session, "GET", "/auth/sessions", null).body();

        Reply reply = http.as(session, "POST", "/auth/reauthenticate", "{\"password\":\"wrong-password\"}");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"code\":401,\"message\":\"Invalid password\"}");
        assertThat(reply.setCookie("sid")).isEmpty();
        assertThat(http.profile(session).status()).isEqualTo(200);
        assertThat(http.as(session, "GET", "/auth/sessions", null).body()).isEqualTo(listed);
    }

    @Test
    void changingThePasswordNeedsARecentAuthentication() {
        Login session = login("browser");
        clock.advance(Duration.ofMinutes(6));

        Reply stale = http.as(session, "POST", "/auth/password", changeBody(PASSWORD, "second-password-2"));
        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.body()).isEqualTo("{\"code\":403,\"message\":\"Re-authentication required\"}");

        Login fresh = Login.from(http.as(session, "POST", "/auth/reauthenticate", "{\"password\":\"" + PASSWORD + "\"}"));
        assertThat(http.as(fresh, "POST", "/auth/password", changeBody(PASSWORD, "second-password-2")).status())
            .isEqualTo(200);
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsAndKeepsTheCallerOnANewId() {
        Login caller = login("caller");
        Login other = login("other");
        Login third = login("third");

        Reply reply = http.as(caller, "POST", "/auth/password", changeBody(PASSWORD, "second-password-2"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"passwordChanged\":true,\"otherSessionsEnded\":2}");
        Login rotated = Login.from(reply);
        assertThat(sessionId(rotated)).isNotEqualTo(sessionId(caller));
        assertThat(http.profile(rotated).status()).isEqualTo(200);
        assertThat(http.profile(caller).status()).isEqualTo(401);
        assertThat(http.profile(other).status()).isEqualTo(401);
        assertThat(http.profile(third).status()).isEqualTo(401);
        assertThat(http.loginReply(username, PASSWORD).status()).isEqualTo(401);
        assertThat(http.loginReply(username, "second-password-2").status()).isEqualTo(200);
    }

    @Test
    void aPasswordChangeWithAWrongCurrentPasswordOrAWeakNewOneChangesNothing() {
        Login caller = login("caller");

        Reply wrong = http.as(caller, "POST", "/auth/password", changeBody("not-my-password", "second-password-2"));
        Reply weak = http.as(caller, "POST", "/auth/password", changeBody(PASSWORD, "short"));
        Reply common = http.as(caller, "POST", "/auth/password", changeBody(PASSWORD, "iloveyou1"));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).isEqualTo("{\"code\":422,\"message\":\"newPassword must be at least 8 characters\"}");
        assertThat(common.status()).isEqualTo(422);
        assertThat(common.body())
            .isEqualTo("{\"code\":422,\"message\":\"newPassword is one of the most common passwords; choose another\"}");
        assertThat(http.profile(caller).status()).isEqualTo(200);
        assertThat(http.loginReply(username, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void theAdminTaskEndsEverySessionOfAUserWithoutARequestFromThem() throws Exception {
        Login first = login("a");
        Login second = login("b");
        Http admin = new Http(app.getAdminPort());

        Reply reply = admin.send("POST", "/tasks/revoke-sessions?user=" + username, null, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(store().findByUser(Long.toString(userId))).as("ended in the store, before any request").isEmpty();
        assertThat(http.profile(first).status()).isEqualTo(401);
        assertThat(http.profile(second).status()).isEqualTo(401);
        assertThat(admin.send("POST", "/tasks/revoke-sessions?user=" + userId, null, null).body())
            .contains("\"sessionsEnded\":0");
    }

    @Test
    void theAdminPortRefusesWhatOnlyAWebPageWouldSend() {
        Login session = login("a");
        Http admin = new Http(app.getAdminPort());

        Reply crossSite = admin.send("POST", "/tasks/revoke-sessions?user=" + username, null, null,
            "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        Reply sameOrigin = admin.send("POST", "/tasks/revoke-sessions?user=" + username, null, null,
            "Sec-Fetch-Site", "same-origin");
        Reply originOnly = admin.send("POST", "/tasks/log-level?logger=dev.sessionauth&level=TRACE", null, null,
            "Origin", "http://localhost:" + app.getAdminPort());

        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body()).isEqualTo("{\"code\":403,\"message\":\"Cross-site request to the admin port refused\"}");
        assertThat(sameOrigin.status()).isEqualTo(403);
        assertThat(originOnly.status()).isEqualTo(403);
        assertThat(http.profile(session).status()).as("no task ran").isEqualTo(200);
        assertThat(admin.get("/healthcheck", "Sec-Fetch-Site", "cross-site").status()).isEqualTo(403);
        assertThat(admin.get("/healthcheck", "Sec-Fetch-Site", "none").status()).isEqualTo(200);
        assertThat(admin.send("POST", "/tasks/revoke-sessions?user=" + username, null, null, "Sec-Fetch-Site", "none")
            .status()).as("typed by the operator").isEqualTo(200);
    }

    @Test
    void theAdminTaskAnswersBadInputWithJson() {
        Http admin = new Http(app.getAdminPort());

        assertThat(admin.send("POST", "/tasks/revoke-sessions", null, null).status()).isEqualTo(400);
        assertThat(admin.send("POST", "/tasks/revoke-sessions?user=a&user=b", null, null).status()).isEqualTo(400);
        Reply unknown = admin.send("POST", "/tasks/revoke-sessions?user=nobody-" + UUID.randomUUID(), null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"code\":404,\"message\":\"No such user\"}");
        assertThat(admin.send("POST", "/tasks/revoke-sessions?user=ada%00", null, null).status()).isEqualTo(404);
        assertThat(admin.get("/tasks/revoke-sessions?user=ada").status()).isEqualTo(405);
    }

    @Test
    void disablingAUserEndsTheirSessionsAtOnce() throws Exception {
        login("a");
        login("b");
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);

        Reply reply = http.as(ada, "POST", "/admin/users/" + userId + "/disable", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(store().findByUser(Long.toString(userId))).as("ended in the store, before any request").isEmpty();
        assertThat(http.loginReply(username, PASSWORD).status()).isEqualTo(401);
        http.logout(ada);
    }

    @Test
    void deletingAUserEndsTheirSessionsAtOnce() throws Exception {
        login("a");
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);

        Reply reply = http.as(ada, "DELETE", "/admin/users/" + userId, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("sessionsEnded").asInt()).isEqualTo(1);
        assertThat(store().findByUser(Long.toString(userId))).isEmpty();
        assertThat(http.as(ada, "DELETE", "/admin/users/" + userId, null).status()).isEqualTo(404);
        http.logout(ada);
    }

    @Test
    void theLastAdministratorCanBeNeitherDisabledNorDeletedEvenByThemself() throws Exception {
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        long adaId = users().findByUsername("ada").orElseThrow().id();

        Reply delete = http.as(ada, "DELETE", "/admin/users/" + adaId, null);
        Reply disable = http.as(ada, "POST", "/admin/users/" + adaId + "/disable", null);

        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.body()).isEqualTo("{\"code\":409,\"message\":\"The last administrator cannot be disabled or deleted\"}");
        assertThat(disable.status()).isEqualTo(409);
        assertThat(http.profile(ada).status()).as("nothing changed").isEqualTo(200);

        grantRoles(userId, "admin,user");
        try {
            assertThat(http.as(ada, "POST", "/admin/users/" + adaId + "/disable", null).status())
                .as("with a second administrator").isEqualTo(200);
            Login second = login("second admin");
            assertThat(http.as(second, "POST", "/admin/users/" + userId + "/disable", null).status())
                .as("the one enabled administrator left").isEqualTo(409);
        } finally {
            users().setDisabled(adaId, false);
            userCache().changed(adaId);
            grantRoles(userId, "user");
        }
    }

    @Test
    void disablingDeletingAndRevokingNeedARecentAuthentication() throws Exception {
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        clock.advance(Duration.ofMinutes(6));

        for (String[] call : new String[][] {{"POST", "/disable"}, {"DELETE", ""}, {"POST", "/revoke-sessions"}}) {
            Reply reply = http.as(ada, call[0], "/admin/users/" + userId + call[1], null);
            assertThat(reply.status()).as(call[0] + call[1]).isEqualTo(403);
            assertThat(reply.body()).contains("Re-authentication required");
        }
        assertThat(http.loginReply(username, PASSWORD).status()).as("the user is untouched").isEqualTo(200);

        Login fresh = Login.from(http.as(ada, "POST", "/auth/reauthenticate",
            "{\"password\":\"" + TestApp.ADA_PASSWORD + "\"}"));
        assertThat(http.as(fresh, "POST", "/admin/users/" + userId + "/revoke-sessions", null).status())
            .isEqualTo(200);
        http.logout(fresh);
    }

    @Test
    void beyondTheLimitTheLeastRecentlyUsedSessionIsEnded() {
        Login first = login("1");
        Login second = login("2");
        Login third = login("3");
        clock.advance(Duration.ofMinutes(6));
        assertThat(http.profile(first).status()).as("records activity: touchInterval is 5m").isEqualTo(200);
        assertThat(http.profile(third).status()).isEqualTo(200);

        Login fourth = login("4");

        assertThat(http.profile(second).status()).as("least recently used").isEqualTo(401);
        assertThat(http.profile(first).status()).isEqualTo(200);
        assertThat(http.profile(third).status()).isEqualTo(200);
        assertThat(http.profile(fourth).status()).isEqualTo(200);
        assertThat(store().findByUser(Long.toString(userId))).hasSize(MAX_SESSIONS);
    }

    @Test
    void onlyAdminsReachTheAdminEndpoint() throws Exception {
        login("a");
        Login ada = http.login("ada", TestApp.ADA_PASSWORD);
        Login user = login("b");

        Reply asAdmin = http.as(ada, "GET", "/admin/users/" + userId + "/sessions", null);
        Reply asUser = http.as(user, "GET", "/admin/users/" + userId + "/sessions", null);

        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(JSON.readTree(asAdmin.body()).get("sessions")).hasSize(2);
        assertThat(asAdmin.body()).doesNotContain(sessionId(user)).doesNotContain("current");
        assertThat(asUser.status()).isEqualTo(403);
        assertThat(http.as(ada, "GET", "/admin/users/999999/sessions", null).status()).isEqualTo(404);
        http.logout(ada);
    }

    @Test
    void aRoleGrantedInTheUsersTableCountsWithinTheUserCachesMaximumAgeWithoutLoggingInAgain() {
        Login user = login("a");
        String path = "/admin/users/" + userId + "/sessions";
        assertThat(http.as(user, "GET", path, null).status()).isEqualTo(403);

        users().updateRoles(userId, "admin,user");
        clock.advance(TestApp.USER_CACHE_MAX_AGE);
        assertThat(http.as(user, "GET", path, null).status()).isEqualTo(200);

        users().updateRoles(userId, "user");
        clock.advance(TestApp.USER_CACHE_MAX_AGE);
        assertThat(http.as(user, "GET", path, null).status()).isEqualTo(403);
    }

    @Test
    void sessionEventsAreLoggedByHandleNeverById() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.sessionauth.bundle.LoggingSessionListener");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            Login session = login("browser");
            Login rotated = Login.from(http.as(session, "POST", "/auth/reauthenticate",
                "{\"password\":\"" + PASSWORD + "\"}"));
            http.logout(rotated);

            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(line -> line.contains("created for user " + userId + " (LOGIN)"))
                .anyMatch(line -> line.contains("rotated to") && line.endsWith("(REAUTHENTICATION)"))
                .anyMatch(line -> line.contains("of user " + userId + " ended (LOGOUT)"))
                .noneMatch(line -> line.contains(sessionId(session)) || line.contains(sessionId(rotated)));
        } finally {
            logger.setLevel(level);
            logger.detachAppender(appender);
        }
    }

    private Login login(String userAgent) {
        return http.login(username, PASSWORD, "User-Agent", userAgent);
    }

    private String handleOf(Login caller, String userAgent) throws Exception {
        return find(JSON.readTree(http.as(caller, "GET", "/auth/sessions", null).body()).get("sessions"),
            "userAgent", userAgent).get("handle").asText();
    }

    private static JsonNode find(JsonNode sessions, String field, String value) {
        for (JsonNode session : sessions) {
            if (session.get(field).asText().equals(value)) {
                return session;
            }
        }
        throw new AssertionError("no session with " + field + "=" + value + " in " + sessions);
    }

    private static String changeBody(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }

    private static String sessionId(Login login) {
        return login.cookie().substring(2, login.cookie().indexOf('.'));
    }

    private static SessionStore store() {
        return app.<SessionAuthApplication>getApplication().sessionStore();
    }

    private static UserDao users() {
        return Jdbi.create(app.getConfiguration().getDatabase().getUrl(), "sa", "")
            .installPlugin(new SqlObjectPlugin()).onDemand(UserDao.class);
    }

    /** Grants roles as an administrator would through the service: the table, then every node's cache. */
    private void grantRoles(long id, String roles) {
        users().updateRoles(id, roles);
        userCache().changed(id);
    }

    private static dev.sessionauth.users.UserCache userCache() {
        return app.<dev.sessionauth.SessionAuthApplication>getApplication().userCache();
    }
}
